import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fileImage } from '../datasets/files';
import type { ImageRef } from '../datasets/types';
import { IMAGENET_MEAN, IMAGENET_STD } from '../images/preprocess';
import { readNpy } from '../npy/npy';
import { encodeModel } from '@transferboard/onnx-intake/graph';
import { buildChannelMeanModel } from '@transferboard/onnx-intake/tiny-backbone';
import { extractFeatures } from './extract';
import { testVectors } from '../test-vectors';

const imageVectors = testVectors('images');
const names = ['landscape.jpg', 'portrait-odd.png', 'rgba.png', 'gray.jpg', 'icc-linear.jpg'];
let root: string;
let model: string;
let images: ImageRef[];

function rawRef(): ImageRef {
  const raw = readNpy(join(imageVectors, 'raw-32x32.npy'));
  return {
    id: 'raw#0',
    path: join(imageVectors, 'raw-32x32.npy'),
    load: async () => ({ kind: 'raw', data: raw.data as Uint8Array, width: 32, height: 32, channels: 3 }),
  };
}

/** What the channel-mean model must return: the mean of each normalised channel of torchvision's crop. */
function expectedMeans(name: string): number[] {
  const ref = readNpy(join(imageVectors, `${name}.ref.npy`)).data as Uint8Array;
  return [0, 1, 2].map((c) => {
    let sum = 0;
    for (let i = c; i < ref.length; i += 3) sum += (ref[i]! / 255 - IMAGENET_MEAN[c]!) / IMAGENET_STD[c]!;
    return sum / (ref.length / 3);
  });
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tb-extract-'));
  model = join(root, 'mean.onnx');
  writeFileSync(model, buildChannelMeanModel());
  mkdirSync(join(root, 'imgs'));
  for (const n of names) copyFileSync(join(imageVectors, n), join(root, 'imgs', n));
  images = [...names.map((n) => fileImage(join(root, 'imgs'), join(root, 'imgs', n))), rawRef()];
});

describe('extractFeatures', () => {
  it('writes pooled features that equal hand-computed values, through decoder workers', async () => {
    const out = join(root, 'f.npy');
    const res = await extractFeatures({
      modelPath: model,
      images,
      dataset: 'test',
      out,
      batchSize: 4,
      decodeWorkers: 2,
      cacheDir: join(root, 'cache-a'),
      log: () => undefined,
    });
    expect(res.rows).toBe(6);
    expect(res.dim).toBe(3);
    const f = readNpy(out);
    expect(f.shape).toEqual([6, 3]);
    [...names, 'raw-32x32.npy'].forEach((n, i) => {
      const got = Array.from((f.data as Float32Array).slice(i * 3, i * 3 + 3));
      expectedMeans(n).forEach((m, c) => {
        expect(got[c]).toBeCloseTo(m, 5);
      });
    });
  });

  it("decodes in worker processes when the device plan says so, with the plan's batch size, to the same features", async () => {
    // 66 images: past the 64 below which decoding stays on the main thread.
    const many = Array.from({ length: 11 }, () => images)
      .flat()
      .map((ref, i) => ({ ...ref, id: `${ref.id}#${i}` }));
    const plan = {
      provider: 'cpu' as const,
      reason: 'test plan',
      provenance: { provider: 'cpu' as const, gpu: null, driver: null, gpuMemoryMiB: null },
      batchSize: 8,
      decode: { kind: 'processes' as const, count: 1 },
    };
    const res = await extractFeatures({
      modelPath: model,
      images: many,
      dataset: 'test-processes',
      out: join(root, 'p.npy'),
      plan,
      log: () => undefined,
    });
    expect(res).toMatchObject({ rows: 66, batchSize: 8, decode: { kind: 'processes', count: 1 }, provider: 'cpu' });
    const f = readNpy(join(root, 'p.npy')).data as Float32Array;
    [...names, 'raw-32x32.npy'].forEach((n, i) => {
      const got = Array.from(f.slice((60 + i) * 3, (60 + i) * 3 + 3));
      expectedMeans(n).forEach((m, c) => {
        expect(got[c]).toBeCloseTo(m, 5);
      });
    });
  });

  it('serves a rerun from the cache without running the model', async () => {
    const cacheDir = join(root, 'cache-b');
    const first = await extractFeatures({
      modelPath: model,
      images,
      dataset: 'test',
      cacheDir,
      decodeWorkers: 0,
      log: () => undefined,
    });
    expect(first.fromCache).toBe(false);
    expect(first.extracted).toBe(6);
    const again = await extractFeatures({
      modelPath: model,
      images,
      dataset: 'test',
      cacheDir,
      decodeWorkers: 0,
      log: () => undefined,
    });
    expect(again.fromCache).toBe(true);
    expect(readFileSync(again.path).equals(readFileSync(first.path))).toBe(true);
    // Another normalisation is another cache entry.
    const none = await extractFeatures({
      modelPath: model,
      images,
      dataset: 'test',
      cacheDir,
      normalization: 'none',
      decodeWorkers: 0,
      log: () => undefined,
    });
    expect(none.fromCache).toBe(false);
    expect(none.path).not.toBe(first.path);
  });

  it('resumes an interrupted run from its chunks, and never takes a partial cache as complete', async () => {
    const cacheDir = join(root, 'cache-c');
    const base = {
      modelPath: model,
      images,
      dataset: 'test',
      split: 'train',
      cacheDir,
      chunkSize: 2,
      batchSize: 1,
      decodeWorkers: 0,
      log: () => undefined,
    };
    await expect(extractFeatures({ ...base, stopAfterChunks: 1 })).rejects.toThrow(/stopped after chunk/);
    const dir = join(cacheDir, 'test', 'train');
    const entry = join(dir, readdirSync(dir)[0]!);
    expect(readdirSync(entry)).not.toContain('complete.json');
    const resumed = await extractFeatures(base);
    expect(resumed.extracted).toBe(4);
    const full = await extractFeatures({ ...base, cacheDir: join(root, 'cache-c2') });
    expect(readFileSync(resumed.path).equals(readFileSync(full.path))).toBe(true);
    // A damaged features file (e.g. a disk filling up) sends the next run back to the model.
    truncateSync(resumed.path, 100);
    const redone = await extractFeatures(base);
    expect(redone.fromCache).toBe(false);
    expect(redone.extracted).toBe(6);
  });

  it('stops at a corrupt image naming it, or skips and reports it with skipCorrupt', async () => {
    const bad = join(root, 'imgs', 'zz-broken.jpg');
    writeFileSync(bad, readFileSync(join(imageVectors, 'landscape.jpg')).subarray(0, 1500));
    const list = [...images.slice(0, 2), fileImage(join(root, 'imgs'), bad), images[3]!];
    const base = {
      modelPath: model,
      images: list,
      dataset: 'broken',
      cacheDir: join(root, 'cache-d'),
      decodeWorkers: 0,
    };
    await expect(extractFeatures({ ...base, log: () => undefined })).rejects.toThrow(
      /zz-broken\.jpg: cannot decode the image .*--skip-corrupt/,
    );
    const logs: string[] = [];
    const res = await extractFeatures({ ...base, skipCorrupt: true, log: (m) => logs.push(m) });
    expect(res.rows).toBe(3);
    expect(res.kept).toEqual([0, 1, 3]);
    expect(res.skipped.map((s) => s.id)).toEqual(['zz-broken.jpg']);
    expect(logs.join('\n')).toMatch(/skipped 1 image.*\n.*zz-broken\.jpg/);
    const missing = fileImage(join(root, 'imgs'), join(root, 'imgs', 'gone.jpg'));
    await expect(extractFeatures({ ...base, images: [missing], log: () => undefined })).rejects.toThrow(
      /gone\.jpg: .*ENOENT/,
    );
  });

  it('feeds a model exported with a fixed batch of 1 one image at a time, whatever the batch size', async () => {
    const fixed = join(root, 'fixed.onnx');
    writeFileSync(
      fixed,
      encodeModel({
        name: 'fixed',
        inputs: [{ name: 'pixels', type: 'float32', shape: [1, 3, 224, 224] }],
        outputs: [{ name: 'pooled', type: 'float32', shape: [1, 3, 1, 1] }],
        nodes: [{ op: 'GlobalAveragePool', inputs: ['pixels'], outputs: ['pooled'] }],
      }),
    );
    const out = join(root, 'fixed.npy');
    const res = await extractFeatures({
      modelPath: fixed,
      images: images.slice(0, 3),
      dataset: 'fixed',
      out,
      batchSize: 8,
      decodeWorkers: 0,
      log: () => undefined,
    });
    // [N,3,1,1] pooled maps are flattened to [N,3] rows.
    expect(res.dim).toBe(3);
    expect(readNpy(out).shape).toEqual([3, 3]);
    const row2 = Array.from((readNpy(out).data as Float32Array).slice(6, 9));
    expectedMeans(names[2]!).forEach((m, c) => {
      expect(row2[c]).toBeCloseTo(m, 5);
    });
  });
});
