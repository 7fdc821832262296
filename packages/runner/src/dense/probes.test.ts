import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AngularErrorAccumulator } from './angular-metrics';
import { DenseInputError } from './dense-input';
import { runDetectionProbe, type DetectionProbeResult } from './detection-probe';
import { runNormalsProbe, type NormalsProbeResult } from './normals-probe';
import { syntheticDetection, syntheticNormals } from './synthetic';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tb-dense-probes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('detection probe on features with a planted signal', () => {
  let result: DetectionProbeResult;
  let train: ReturnType<typeof syntheticDetection>;
  let test: ReturnType<typeof syntheticDetection>;
  beforeAll(async () => {
    train = syntheticDetection(join(dir, 'det-train.npy'), { images: 160, channels: 32, h: 7, w: 7, seed: 1 });
    test = syntheticDetection(join(dir, 'det-test.npy'), { images: 40, channels: 32, h: 7, w: 7, seed: 2 });
    result = await runDetectionProbe({
      train: train.images,
      test: test.images,
      trainFeatures: train.features,
      testFeatures: test.features,
    });
  });

  it('learns classes and boxes: high AP50, AP below AP50, AP75 below AP50', () => {
    expect(result.protocol).toBe('detection-frozen-probe');
    expect(result.metrics.ap50).toBeGreaterThan(80);
    expect(result.metrics.ap).toBeLessThanOrEqual(result.metrics.ap50);
    expect(result.metrics.ap75).toBeLessThanOrEqual(result.metrics.ap50);
    expect(result.metrics.ap75).toBeGreaterThan(10);
    expect(result.byThreshold).toHaveLength(10);
    expect(result.training.positives).toBeGreaterThan(0);
    expect(result.training.classifier.iterations).toBeGreaterThan(0);
  });

  it('scores near zero when the test maps belong to other images (no signal to transfer)', async () => {
    const shuffled = await runDetectionProbe({
      train: train.images,
      test: [...test.images.slice(1), test.images[0]!],
      trainFeatures: train.features,
      testFeatures: test.features,
      maxIter: 30,
    });
    expect(shuffled.metrics.ap50).toBeLessThan(result.metrics.ap50 / 3);
  });

  it('rejects mismatched splits and a training set without objects', async () => {
    await expect(
      runDetectionProbe({
        train: train.images.slice(1),
        test: test.images,
        trainFeatures: train.features,
        testFeatures: test.features,
      }),
    ).rejects.toThrow(/holds maps of 160 images, but the train split has 159/);
    const empty = train.images.map((img) => ({ ...img, objects: [] }));
    await expect(
      runDetectionProbe({
        train: empty,
        test: test.images,
        trainFeatures: train.features,
        testFeatures: test.features,
      }),
    ).rejects.toThrow(DenseInputError);
    await expect(
      runDetectionProbe({
        train: train.images,
        test: test.images,
        trainFeatures: train.features,
        testFeatures: test.features,
        scale: 2,
      }),
    ).rejects.toThrow(/no spatial scale 2/);
  });
});

describe('surface-normal probe on features with a planted signal', () => {
  let result: NormalsProbeResult;
  let baseline: number;
  beforeAll(async () => {
    const train = syntheticNormals(join(dir, 'n-train.npy'), {
      images: 30,
      channels: 16,
      h: 6,
      w: 8,
      gh: 48,
      gw: 64,
      seed: 3,
    });
    const test = syntheticNormals(join(dir, 'n-test.npy'), {
      images: 10,
      channels: 16,
      h: 6,
      w: 8,
      gh: 48,
      gw: 64,
      seed: 4,
    });
    result = await runNormalsProbe({
      train: train.images,
      test: test.images,
      trainFeatures: train.features,
      testFeatures: test.features,
    });
    // Baseline: every pixel predicted as the camera-facing normal (0, 0, 1).
    const acc = new AngularErrorAccumulator();
    for (const img of test.images) {
      const m = await img.loadNormals();
      for (let i = 0; i < m.width * m.height; i++)
        if (m.valid[i])
          acc.add(
            AngularErrorAccumulator.angle(0, 0, 1, m.normals[i * 3]!, m.normals[i * 3 + 1]!, m.normals[i * 3 + 2]!),
          );
    }
    baseline = acc.result().mean_angle_error;
  });

  it('predicts normals far better than a constant, with consistent metrics', () => {
    const m = result.metrics;
    expect(result.protocol).toBe('normals-frozen-probe');
    expect(m.mean_angle_error).toBeLessThan(baseline / 2);
    expect(m.median_angle_error).toBeLessThan(m.mean_angle_error * 1.5);
    expect(m.within_11_25).toBeLessThanOrEqual(m.within_22_5);
    expect(m.within_22_5).toBeLessThanOrEqual(m.within_30);
    expect(m.within_30).toBeGreaterThan(80);
    expect(result.codebook).toEqual({ source: 'paper-vocab40', size: 40 });
    // Every valid pixel of the 10 test images is scored ((x + y) % 7 === 0 are invalid).
    expect(result.sizes.testPixels).toBe(
      10 *
        (48 * 64 -
          Array.from({ length: 48 * 64 }, (_, i) => ((i % 64) + Math.floor(i / 64)) % 7 === 0).filter(Boolean).length),
    );
  });
});
