import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../npy/npy';
import {
  argmaxRows,
  expectedCalibrationError,
  fitTemperature,
  meanAp11,
  meanPerClassAccuracy,
  softmaxRows,
  top1,
  voc11PointAp,
} from './metrics';
import { loadRefs, VECTORS } from './test-vectors';

const refs = loadRefs().metrics;
const vec = (name: string) => readNpy(join(VECTORS, name)).data as ArrayLike<number>;

describe('metrics against the python reference', () => {
  it('11-point AP equals the VOC devkit definition (with tied scores)', () => {
    expect(voc11PointAp(vec('metric-scores.npy'), vec('metric-positives.npy'))).toBeCloseTo(refs.ap11, 10);
  });

  it('ECE with 15 bins, before and after temperature scaling', () => {
    const z = vec('metric-logits.npy');
    const y = vec('metric-labels.npy');
    const n = y.length;
    expect(expectedCalibrationError(softmaxRows(z, n, 6), y, n, 6)).toBeCloseTo(refs.eceBefore, 8);
    const t = fitTemperature(z, y, n, 6);
    expect(t).toBeCloseTo(refs.temperature, 4);
    expect(expectedCalibrationError(softmaxRows(z, n, 6, t), y, n, 6)).toBeCloseTo(refs.eceAfter, 3);
  });
});

describe('metrics by hand', () => {
  it('top-1 and mean per-class accuracy differ on imbalanced classes', () => {
    const pred = argmaxRows([1, 0, 1, 0, 1, 0, 0, 1], 4, 2); // predicts 0, 0, 0, 1
    const labels = [0, 0, 0, 0];
    expect(top1(pred, labels)).toBe(75);
    expect(meanPerClassAccuracy(pred, [0, 0, 0, 1], 2)).toBe(100);
    expect(meanPerClassAccuracy(Int32Array.from([0, 0, 0, 0]), [0, 0, 0, 1], 2)).toBe(50);
  });

  it('AP is 1 for a perfect ranking and counts precision at every recall level', () => {
    expect(voc11PointAp([3, 2, 1], [1, 1, 0])).toBeCloseTo(1, 12);
    // Ranking: neg, pos → precision 0.5 at recall 1 for every t.
    expect(voc11PointAp([2, 1], [0, 1])).toBeCloseTo(0.5, 12);
  });

  it('gives a perfect ranking exactly 1 (100 %), never a rounding past the bound', () => {
    // Eleven running additions of 1/11 give 1.0000000000000002: an mAP of 100.00000000000003, which the API refused.
    expect(voc11PointAp([3, 2, 1], [1, 1, 0])).toBe(1);
    expect(meanAp11([0.9, 0.1, 0.8, 0.2, 0.1, 0.7], [1, 0, 1, 0, 0, 1], 3, 2)).toBe(100);
  });
});
