import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '@transferboard/suite/metrics';
import { DETECTION_FROZEN_RUNNER, NORMALS_RUNNER } from '@transferboard/suite/protocols';
import { datasetFingerprint } from '../datasets/fingerprint';
import { writeAllFixtures } from '../datasets/fixtures/write-all';
import { readNyuv2Normals } from '../datasets/nyuv2';
import { readVocDetection } from '../datasets/voc';
import { extractSpatialFeatures, SpatialReader } from '../features/spatial';
import { readNpy, writeNpy } from '../npy/npy';
import { ModelError } from '@transferboard/onnx-intake/model-error';
import { buildChannelMeanModel, buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { evaluateDetection, evaluateNormals, type DenseTaskResult } from './evaluate-dense';

let root: string;
let data: string;
let model: string;
let cache: string;
let detection: DenseTaskResult;
let normals: DenseTaskResult;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tb-dense-e2e-'));
  data = join(root, 'data');
  cache = join(root, 'cache');
  model = join(root, 'tiny.onnx');
  await writeAllFixtures(data, { only: ['voc2007', 'voc2012', 'nyuv2'] });
  writeFileSync(model, buildTinyBackbone({ width: 16, layout: 'resnet50' }));
  detection = await evaluateDetection({ modelPath: model, dataRoot: data, cacheDir: cache });
  normals = await evaluateNormals({ modelPath: model, dataRoot: data, cacheDir: cache });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the fixture data to break, so the shared fixtures stay intact. */
function brokenCopy(name: string): string {
  const dir = join(root, name);
  cpSync(data, dir, { recursive: true });
  return dir;
}

describe('evaluateDetection and evaluateNormals on the fixtures (tiny ResNet-layout model, real VOC and NYUv2 layouts)', () => {
  it('detection: runner protocol id, the suite metric ids, percentages', () => {
    expect(detection.protocol).toEqual({ id: DETECTION_FROZEN_RUNNER.id, version: DETECTION_FROZEN_RUNNER.version });
    expect(detection.metric).toBe(METRICS.ap50.id);
    expect(Object.keys(detection.metrics).sort()).toEqual([METRICS.ap.id, METRICS.ap50.id, METRICS.ap75.id].sort());
    for (const v of Object.values(detection.metrics)) expect(v >= 0 && v <= 100).toBe(true);
    expect(detection.sizes).toMatchObject({ train: 17, test: 7 });
    expect(detection.model.spatialOutputs).toEqual(['/layer4/layer4.0/relu_1/Relu_output_0']);
  });

  it('detection: a box reaching outside the image is clipped and an image without objects is kept, both reported', () => {
    expect(detection.warnings.some((w) => /2008_000015\.xml: object \d+ \(person\) box .* clipped/.test(w))).toBe(true);
    expect(detection.warnings.some((w) => /2010_000002\.xml: no objects/.test(w))).toBe(true);
  });

  it('normals: runner protocol id, degrees and percentages, every valid test pixel scored', async () => {
    expect(normals.protocol).toEqual({ id: NORMALS_RUNNER.id, version: NORMALS_RUNNER.version });
    expect(normals.metric).toBe(METRICS.mean_angle_error.id);
    const m = normals.metrics;
    expect(Object.keys(m).sort()).toEqual([
      'mean_angle_error',
      'median_angle_error',
      'within_11_25',
      'within_22_5',
      'within_30',
    ]);
    expect(m.mean_angle_error! >= 0 && m.mean_angle_error! <= 180).toBe(true);
    expect(m.within_11_25! <= m.within_22_5! && m.within_22_5! <= m.within_30!).toBe(true);
    // Fixture masks: everything but the first row and column is valid (4 test images of 32×24).
    expect(normals.sizes.testPixels).toBe(4 * 31 * 23);
  });

  it('both probes report the fingerprint of the data they read', async () => {
    expect(detection.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(normals.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(detection.datasetFingerprint).toBe(await datasetFingerprint(await readVocDetection(data)));
    expect(normals.datasetFingerprint).toBe(await datasetFingerprint(await readNyuv2Normals(join(data, 'nyuv2'))));
  });

  it('reuses cached maps on a second run, with identical results', async () => {
    const again = await evaluateNormals({ modelPath: model, dataRoot: data, cacheDir: cache });
    expect(again.featuresFromCache).toBe(true);
    expect(normals.featuresFromCache).toBe(false);
    expect(again.metrics).toEqual(normals.metrics);
  });
});

describe('spatial features', () => {
  it('caches several scales, coarsest first, each [C, h, w] per image', async () => {
    const { readVocDetection } = await import('../datasets/voc');
    const images = (await readVocDetection(data)).splits.test.map((s) => s.image).slice(0, 3);
    const f = await extractSpatialFeatures({
      modelPath: model,
      images,
      dataset: 'voc-test',
      cacheDir: cache,
      scales: 3,
      inputSize: 64,
    });
    expect(f.maps.map((m) => [m.channels, m.height, m.width])).toEqual([
      [16, 2, 2],
      [32, 4, 4],
      [16, 8, 8],
    ]);
    const reader = new SpatialReader(f);
    const whole = readNpy(f.path);
    expect(whole.shape).toEqual([3, f.rowFloats]);
    const m1 = reader.map(2, 1);
    expect([...m1]).toEqual([
      ...(whole.data as Float32Array).subarray(
        2 * f.rowFloats + f.maps[1]!.offset,
        2 * f.rowFloats + f.maps[1]!.offset + 32 * 16,
      ),
    ]);
    reader.close();
  });

  it('a model fixed to 224×224 refuses another dense input size', async () => {
    const fixed = join(root, 'fixed.onnx');
    writeFileSync(fixed, buildTinyBackbone({ width: 8, fixedSize: 224 }));
    await expect(
      evaluateNormals({ modelPath: fixed, dataRoot: data, cacheDir: cache, inputSize: 128 }),
    ).rejects.toThrow(/fixed to 224×224, but the dense input size is 128; use inputSize 224/);
  });

  it('a model without a spatial map before pooling is refused with the fix', async () => {
    const flat = join(root, 'channel-mean.onnx');
    writeFileSync(flat, buildChannelMeanModel());
    const run = evaluateNormals({ modelPath: flat, dataRoot: data, cacheDir: cache });
    await expect(run).rejects.toThrow(ModelError);
    await expect(run).rejects.toThrow(
      /channel-mean\.onnx: has no spatial feature map before its global pooling; .*--spatial-outputs/,
    );
  });
});

describe('bad dense input', () => {
  it('an empty VOC annotation file names the file', async () => {
    const dir = brokenCopy('empty-xml');
    writeFileSync(join(dir, 'voc2007', 'VOCdevkit', 'VOC2007', 'Annotations', '000005.xml'), '');
    await expect(evaluateDetection({ modelPath: model, dataRoot: dir, cacheDir: cache })).rejects.toThrow(
      /000005\.xml/,
    );
  });

  it('a test set without any object is refused before fitting', async () => {
    const dir = brokenCopy('no-test-objects');
    const ann = join(dir, 'voc2007', 'VOCdevkit', 'VOC2007', 'Annotations');
    const testIds = readFileSync(join(dir, 'voc2007', 'VOCdevkit', 'VOC2007', 'ImageSets', 'Main', 'test.txt'), 'utf8')
      .trim()
      .split(/\s+/);
    for (const id of testIds) {
      const path = join(ann, `${id}.xml`);
      writeFileSync(path, readFileSync(path, 'utf8').replace(/<object>[\s\S]*?<\/object>/g, ''));
    }
    await expect(evaluateDetection({ modelPath: model, dataRoot: dir, cacheDir: cache })).rejects.toThrow(
      /test annotations hold no non-difficult object/,
    );
  });

  it('invalid normal pixels marked valid and images without valid pixels are left out, with warnings', async () => {
    const dir = brokenCopy('bad-normals');
    const nDir = join(dir, 'nyuv2', 'normals');
    const arr = readNpy(join(nDir, '000001.npy'));
    const values = Float32Array.from(arr.data as Float32Array);
    values[(5 * 32 + 5) * 3] = Number.NaN;
    values.fill(0, (6 * 32 + 5) * 3, (6 * 32 + 6) * 3);
    writeNpy(join(nDir, '000001.npy'), values, arr.shape);
    await sharp(Buffer.alloc(32 * 24), { raw: { width: 32, height: 24, channels: 1 } })
      .png()
      .toFile(join(nDir, '000002_valid.png'));
    const r = await evaluateNormals({ modelPath: model, dataRoot: dir, cacheDir: cache });
    expect(
      r.warnings.some((w) => /000001\.npy: 2 pixel\(s\) marked valid have a non-finite or non-unit normal/.test(w)),
    ).toBe(true);
    expect(r.warnings.some((w) => /000002\.npy: no valid pixel; the image is left out/.test(w))).toBe(true);
    expect(r.sizes.testPixels).toBe(4 * 31 * 23 - 2 - 31 * 23);
  });
});
