import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, NpyError, readNpy, readNpyHeader, writeNpy } from './npy';
import { testVectors } from '../test-vectors';

const dir = testVectors('npy');
const tmp = mkdtempSync(join(tmpdir(), 'tb-npy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('readNpy on files written by numpy', () => {
  it.each(['float32', 'float64', 'int8', 'int16', 'int32'] as const)('reads %s', (dt) => {
    const a = readNpy(join(dir, `${dt}.npy`));
    expect(a.dtype).toBe(dt);
    expect(a.shape).toEqual([2, 3]);
    expect(Array.from(a.data as ArrayLike<number>)).toEqual([-2, -1, 0, 1, 2, 3]);
  });

  it('reads int64 as BigInt64Array', () => {
    const a = readNpy(join(dir, 'int64.npy'));
    expect(Array.from(a.data as BigInt64Array)).toEqual([-2n, -1n, 0n, 1n, 2n, 3n]);
  });

  it('reads uint8, bool and 1-d shapes', () => {
    expect(Array.from(readNpy(join(dir, 'uint8.npy')).data as Uint8Array)).toEqual([0, 1, 2, 3, 4, 5]);
    const b = readNpy(join(dir, 'bool.npy'));
    expect(b.dtype).toBe('bool');
    expect(Array.from(b.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(readNpy(join(dir, 'scalar-1d.npy')).shape).toEqual([1]);
  });

  it('reads format versions 2.0 and 3.0', () => {
    expect(Array.from(readNpy(join(dir, 'v2.npy')).data as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
    const v3 = readNpy(join(dir, 'v3.npy'));
    expect(v3.dtype).toBe('float64');
    expect(v3.shape).toEqual([2, 3]);
  });

  it.each([
    ['fortran.npy', /Fortran/],
    ['big-endian.npy', /big-endian/],
    ['object.npy', /object arrays/],
  ])('refuses %s with an error naming the file', (file, reason) => {
    expect(() => readNpy(join(dir, file))).toThrow(reason);
    expect(() => readNpy(join(dir, file))).toThrow(file);
  });

  it('names the file when it is missing, not an npy, or truncated', () => {
    expect(() => readNpy(join(tmp, 'missing.npy'))).toThrow(/missing\.npy: cannot read the file \(ENOENT\)/);
    writeFileSync(join(tmp, 'junk.npy'), 'hello world, not numpy');
    expect(() => readNpy(join(tmp, 'junk.npy'))).toThrow(/junk\.npy: not a NumPy \.npy file/);
    const good = readFileSync(join(dir, 'float64.npy'));
    writeFileSync(join(tmp, 'cut.npy'), good.subarray(0, good.length - 8));
    expect(() => readNpy(join(tmp, 'cut.npy'))).toThrow(/cut\.npy: truncated data/);
  });
});

describe('writeNpy', () => {
  it('reads two files into one caller buffer, each a view of its part', () => {
    const [a, b] = [join(tmp, 'part-a.npy'), join(tmp, 'part-b.npy')];
    writeNpy(a, Float32Array.from([1, 2, 3, 4, 5, 6]), [3, 2]);
    writeNpy(b, Float32Array.from([7, 8]), [1, 2]);
    const [ha, hb] = [readNpyHeader(a), readNpyHeader(b)];
    expect(ha).toEqual({ dtype: 'float32', shape: [3, 2], byteLength: 24 });
    expect(hb.byteLength).toBe(8);
    const buffer = new ArrayBuffer(ha.byteLength + hb.byteLength);
    const ra = readNpy(a, new Uint8Array(buffer, 0, ha.byteLength));
    const rb = readNpy(b, new Uint8Array(buffer, ha.byteLength, hb.byteLength));
    expect(ra.data.buffer).toBe(buffer);
    expect(rb.data.byteOffset).toBe(24);
    expect(Array.from(new Float32Array(buffer))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(() => readNpy(a, new Uint8Array(20))).toThrow(/holds 24 bytes of data, the buffer 20/);
  });

  it('names a directory as unreadable, and checks the header alone', () => {
    expect(() => readNpy(tmp)).toThrow(NpyError);
    expect(() => readNpy(tmp)).toThrow(/cannot read the file \(EISDIR\)/);
    const cut = join(tmp, 'cut.npy');
    writeFileSync(cut, encodeNpy(Float32Array.from([1, 2, 3]), [3]).subarray(0, 130));
    expect(() => readNpyHeader(cut)).toThrow(/truncated data: expected 12 bytes/);
  });

  it('round-trips through our reader', () => {
    const p = join(tmp, 'rt.npy');
    writeNpy(p, new Float32Array([1, 2, 3, 4.5]), [2, 2]);
    const a = readNpy(p);
    expect(a).toEqual({ dtype: 'float32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4.5]) });
  });

  it('writes the same bytes numpy.save writes', () => {
    // The committed files were written by numpy.save (scripts in test-vectors); equal bytes mean numpy reads ours.
    for (const dt of ['float32', 'int32', 'uint8'] as const) {
      const ref = readNpy(join(dir, `${dt}.npy`));
      expect(Buffer.from(encodeNpy(ref.data, ref.shape))).toEqual(readFileSync(join(dir, `${dt}.npy`)));
    }
    const bool = readNpy(join(dir, 'bool.npy'));
    expect(Buffer.from(encodeNpy(bool.data, bool.shape, { bool: true }))).toEqual(readFileSync(join(dir, 'bool.npy')));
  });

  it('refuses a shape that does not match the data', () => {
    expect(() => writeNpy(join(tmp, 'x.npy'), new Float32Array(3), [2, 2])).toThrow(/holds 4 elements but data has 3/);
  });
});
