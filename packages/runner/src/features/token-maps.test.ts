import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectModelBytes, withOutputs } from '@transferboard/onnx-intake/inspect';
import { buildTinyVit } from '@transferboard/onnx-intake/tiny-families';
import { mulberry32 } from '@transferboard/suite/random';
import type { ImageRef } from '../datasets/types';
import { createSession, floatTensor } from '../onnx/runtime';
import { extractSpatialFeatures, SpatialReader } from './spatial';
import { warpInto } from './spatial-preprocess';

/**
 * A ViT's spatial maps are its last block's patch tokens, laid out [C, h, w]: checked against the
 * token sequence onnxruntime returns for the same input, indexed by hand.
 */

let root: string;
const rand = mulberry32(7);
const images: ImageRef[] = Array.from({ length: 3 }, (_, i) => {
  const data = Uint8Array.from({ length: 40 * 30 * 3 }, () => Math.floor(rand() * 256));
  return { id: `noise-${i}`, load: async () => ({ kind: 'raw', data, width: 40, height: 30, channels: 3 }) };
});

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tb-token-maps-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function tokensOf(
  bytes: Uint8Array,
  tensor: string,
  image: ImageRef,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const input = new Float32Array(3 * 224 * 224);
  await warpInto(await image.load(), image.id, 224, 'imagenet', input, 0);
  const session = await createSession(withOutputs(inspectModelBytes(bytes, 'vit').proto, [tensor]));
  try {
    const out = await session.run({ input: floatTensor(input, [1, 3, 224, 224]) }, [tensor]);
    return { data: out[tensor]!.data as Float32Array, dims: out[tensor]!.dims };
  } finally {
    await session.release();
  }
}

describe.each([
  ['a class token', 0, 1],
  ['a class token and 4 registers', 4, 5],
])('spatial features of a tiny ViT with %s', (_what, registers, prefix) => {
  it('are the last block’s patch tokens as [C, 7, 7], prefix tokens dropped, grid recorded', async () => {
    const bytes = buildTinyVit({ registers, seed: 3 + registers });
    const model = join(root, `vit-${registers}.onnx`);
    writeFileSync(model, bytes);
    const f = await extractSpatialFeatures({
      modelPath: model,
      images,
      dataset: `noise-${registers}`,
      cacheDir: join(root, 'cache'),
      batchSize: 2,
    });
    expect(f.maps).toEqual([
      {
        tensor: '/encoder/ln/LayerNormalization_output_0',
        channels: 32,
        height: 7,
        width: 7,
        offset: 0,
        tokens: { count: prefix + 49, prefixTokens: prefix, patchSize: 32, source: 'patch-embedding' },
      },
    ]);
    const reader = new SpatialReader(f);
    try {
      for (const [i, image] of images.entries()) {
        const { data, dims } = await tokensOf(bytes, f.maps[0]!.tensor, image);
        expect(dims).toEqual([1, prefix + 49, 32]);
        const map = reader.map(i);
        expect(Math.max(...map.map(Math.abs))).toBeGreaterThan(0.1);
        let worst = 0;
        for (let c = 0; c < 32; c++) {
          for (let y = 0; y < 7; y++) {
            for (let x = 0; x < 7; x++)
              worst = Math.max(worst, Math.abs(map[(c * 7 + y) * 7 + x]! - data[(prefix + y * 7 + x) * 32 + c]!));
          }
        }
        // The same graph on the same input, batched 2 and 1: onnxruntime's kernels agree to float rounding.
        expect(worst).toBeLessThan(1e-5);
      }
    } finally {
      reader.close();
    }
  });
});
