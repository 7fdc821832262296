import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTinyVit } from '@transferboard/onnx-intake/tiny-families';
import { DETECTION_FROZEN_RUNNER, NORMALS_RUNNER } from '@transferboard/suite/protocols';
import { writeAllFixtures } from '../datasets/fixtures/write-all';
import { evaluateDetection, evaluateNormals } from './evaluate-dense';

/** Detection and normals on a ViT, under the same protocol ids and versions as on a CNN's maps. */

let root: string;
let data: string;
let model: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tb-vit-dense-'));
  data = join(root, 'data');
  model = join(root, 'vit.onnx');
  await writeAllFixtures(data, { only: ['voc2007', 'voc2012', 'nyuv2'] });
  writeFileSync(model, buildTinyVit({ registers: 4 }));
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('dense probes on a tiny ViT (class token, 4 registers, patch 32)', () => {
  const tokenMap = {
    tensor: '/encoder/ln/LayerNormalization_output_0',
    channels: 32,
    height: 7,
    width: 7,
    tokens: { count: 54, prefixTokens: 5, patchSize: 32, source: 'patch-embedding' },
  };

  it('detection reads the last block’s patch tokens as a 7×7 map and reports AP under its protocol', async () => {
    const r = await evaluateDetection({ modelPath: model, dataRoot: data, cacheDir: join(root, 'cache') });
    expect(r.protocol).toEqual({ id: DETECTION_FROZEN_RUNNER.id, version: DETECTION_FROZEN_RUNNER.version });
    expect(r.model.maps).toEqual([tokenMap]);
    for (const v of Object.values(r.metrics)) expect(v >= 0 && v <= 100).toBe(true);
  }, 120_000);

  it('normals too, every valid test pixel scored', async () => {
    const r = await evaluateNormals({ modelPath: model, dataRoot: data, cacheDir: join(root, 'cache') });
    expect(r.protocol).toEqual({ id: NORMALS_RUNNER.id, version: NORMALS_RUNNER.version });
    expect(r.model.maps).toEqual([tokenMap]);
    expect(r.sizes.testPixels).toBe(4 * 31 * 23);
    expect(r.metrics.mean_angle_error! >= 0 && r.metrics.mean_angle_error! <= 180).toBe(true);
  }, 120_000);
});
