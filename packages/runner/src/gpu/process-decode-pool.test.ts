import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadedImage } from '../datasets/types';
import { ImageDecodeError, preprocessInto } from '../images/preprocess';
import { ProcessDecodePool } from './process-decode-pool';
import { testVectors } from '../test-vectors';

const dir = testVectors('images');
const PER = 3 * 224 * 224;
const files = ['landscape.jpg', 'gray.jpg', 'portrait-odd.png'];
const encoded = (name: string): LoadedImage => ({ kind: 'encoded', bytes: readFileSync(join(dir, name)) });

describe('ProcessDecodePool (two real child processes)', () => {
  let pool: ProcessDecodePool;
  beforeAll(() => {
    pool = new ProcessDecodePool(2);
  });
  afterAll(async () => pool.close());

  it("writes the same tensors as in-process decoding, at each image's offset in the batch", async () => {
    const batch = pool.allocate(files.length * PER);
    await Promise.all(
      files.map((f, i) => pool.preprocess(encoded(f), f, batch, i * PER, { normalization: 'imagenet' })),
    );
    const ref = new Float32Array(files.length * PER);
    for (const [i, f] of files.entries())
      await preprocessInto(encoded(f), f, ref, i * PER, { normalization: 'imagenet' });
    expect(Buffer.from(batch.buffer).equals(Buffer.from(ref.buffer))).toBe(true);
  });

  it('decodes raw pixel images too', async () => {
    const raw: LoadedImage = {
      kind: 'raw',
      data: new Uint8Array(32 * 32).map((_, i) => i % 251),
      width: 32,
      height: 32,
      channels: 1,
    };
    const out = new Float32Array(PER);
    const ref = new Float32Array(PER);
    await pool.preprocess(raw, 'cifar#0', out, 0, { normalization: 'none' });
    await preprocessInto(raw, 'cifar#0', ref, 0, { normalization: 'none' });
    expect(out).toEqual(ref);
  });

  it('rejects an undecodable file with an ImageDecodeError naming it, and keeps working', async () => {
    const bad: LoadedImage = { kind: 'encoded', bytes: Buffer.from('not a jpeg at all') };
    const err = await pool
      .preprocess(bad, '/data/dtd/broken.jpg', new Float32Array(PER), 0, { normalization: 'imagenet' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ImageDecodeError);
    expect((err as Error).message).toMatch(/^\/data\/dtd\/broken\.jpg: cannot decode the image/);
    await pool.preprocess(encoded('gray.jpg'), 'gray.jpg', new Float32Array(PER), 0, { normalization: 'imagenet' });
  });

  it('closes from a plain script: children exit, the process does not hang', async () => {
    const script = `const { ProcessDecodePool } = await import(${JSON.stringify(new URL('./process-decode-pool.ts', import.meta.url).href)});
      const pool = new ProcessDecodePool(1);
      await pool.preprocess({ kind: 'raw', data: new Uint8Array(12), width: 2, height: 2, channels: 3 }, 'x', new Float32Array(3 * 224 * 224), 0, { normalization: 'none' });
      await pool.close();
      console.log('closed');`;
    const dir = mkdtempSync(join(tmpdir(), 'tb-pool-close-'));
    try {
      writeFileSync(join(dir, 'close.mjs'), script);
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', join(dir, 'close.mjs')], {
        timeout: 60_000,
      });
      expect(stdout.trim()).toBe('closed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails the requests of a child that dies, and replaces it', async () => {
    const victim = new ProcessDecodePool(1);
    try {
      const inflight = victim.preprocess(encoded('landscape.jpg'), 'landscape.jpg', new Float32Array(PER), 0, {
        normalization: 'imagenet',
      });
      (victim as unknown as { children: { kill(s: string): void }[] }).children[0]!.kill('SIGKILL');
      await expect(inflight).rejects.toThrow(/decoder process exited \(SIGKILL\)/);
      const out = new Float32Array(PER);
      await victim.preprocess(encoded('landscape.jpg'), 'landscape.jpg', out, 0, { normalization: 'imagenet' });
      expect(out.some((v) => v !== 0)).toBe(true);
    } finally {
      await victim.close();
    }
  });
});
