import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NpyFormatError, readNpy, writeNpy } from './npy';

const testdata = (name: string) => readFileSync(join(__dirname, 'testdata', name));

describe('npy', () => {
  it('reads float32 and uint8 arrays saved by numpy.save', () => {
    const f = readNpy(testdata('numpy-f4.npy'));
    expect(f.dtype).toBe('float32');
    expect(f.shape).toEqual([2, 4, 3]);
    expect(Array.from(f.data)).toEqual(Array.from({ length: 24 }, (_, i) => Math.fround(Math.fround(i) / 7)));
    const u = readNpy(testdata('numpy-u1.npy'));
    expect(u.shape).toEqual([10]);
    expect(Array.from(u.data)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('writes what numpy writes (header padded to 64 bytes) and reads it back', () => {
    const original = readNpy(testdata('numpy-f4.npy'));
    const written = writeNpy(original);
    expect(written.equals(testdata('numpy-f4.npy'))).toBe(true);
    expect(Array.from(readNpy(written).data)).toEqual(Array.from(original.data));
  });

  it('rejects truncated and foreign files', () => {
    const bytes = testdata('numpy-f4.npy');
    expect(() => readNpy(bytes.subarray(0, bytes.length - 4))).toThrow(/cut short/);
    expect(() => readNpy(Buffer.from('not numpy at all'))).toThrow(NpyFormatError);
  });
});
