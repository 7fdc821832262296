import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNpy } from '../npy/npy';
import { netcalEce, paperCalibration, softmaxFloat32 } from './calibration';
import { testVectors } from '../test-vectors';

// scripts/reference/calibration_refs.py: temperature_scaling.py's cross-validation with netcal 1.1.2's
// TemperatureScaling and ECE (restated), torch's float32 softmax, scipy's minimize.
const dir = testVectors('calibration');
interface CaseRef {
  n: number;
  k: number;
  ece: number;
  eceTempScaled: number;
  folds: { weight: number; ece: number }[];
}
const refs = JSON.parse(readFileSync(join(dir, 'refs.json'), 'utf8')) as { cases: Record<string, CaseRef> };

function load(name: string) {
  const logits = readNpy(join(dir, `${name}-logits.npy`)).data as Float32Array;
  const labels = Int32Array.from(readNpy(join(dir, `${name}-labels.npy`)).data as BigInt64Array, Number);
  return { logits, labels };
}

describe("the paper's calibration (5-fold temperature scaling on test, netcal 1.1)", () => {
  it.each(Object.keys(refs.cases))(
    "%s: ECE, every fold's fitted temperature and scaled ECE, and their mean",
    (name) => {
      const ref = refs.cases[name]!;
      const { logits, labels } = load(name);
      const got = paperCalibration(logits, labels, ref.n, ref.k)!;
      // Confidences from torch's vectorised float32 exp and sum differ in the last bit or so.
      expect(Math.abs(got.ece - ref.ece)).toBeLessThan(1e-6);
      got.folds.forEach((f, i) => {
        // scipy's BFGS stops at gtol 1e-5; this minimises the same objective to 1e-10.
        expect(Math.abs(f.weight - ref.folds[i]!.weight) / ref.folds[i]!.weight, `fold ${i} weight`).toBeLessThan(1e-4);
        expect(Math.abs(f.ece - ref.folds[i]!.ece), `fold ${i} ECE`).toBeLessThan(1e-3);
      });
      expect(Math.abs(got.eceTempScaled - ref.eceTempScaled)).toBeLessThan(1e-3);
    },
  );

  it("differs from fitting T on a validation split: the stored figure is the paper's procedure", () => {
    const { logits, labels } = load('confident');
    const got = paperCalibration(logits, labels, 600, 5)!;
    // The confident case underflows float32 softmax: netcal's clipping at eps shapes the fit.
    expect(got.folds.every((f) => f.weight < 0.2)).toBe(true);
    expect(got.eceTempScaled).toBeLessThan(got.ece);
  });

  it('bins like binned_statistic_dd: a confidence of exactly 1 falls in the last bin, an edge value in the bin above', () => {
    const k = 3;
    // Rows: confidence 1 (correct), confidence 2/3 (wrong), confidence 1/3 on a 3-way tie (correct, first max).
    const probs = Float64Array.from([1, 0, 0, 2 / 3, 1 / 6, 1 / 6, 1 / 3, 1 / 3, 1 / 3]);
    const labels = [0, 1, 0];
    const ece = netcalEce(probs, labels, [0, 1, 2], k);
    // Bins: 1 → bin 14 (|1 − 1|), 2/3 → bin 10 (|0 − 2/3|), 1/3 → bin 5 (|1 − 1/3|).
    expect(ece).toBeCloseTo((100 * (0 + 2 / 3 + 2 / 3)) / 3, 12);
  });

  it('computes confidences in float32, as torch did', () => {
    const p = softmaxFloat32([0, 100, 0], 1, 3);
    expect(p[1]).toBe(1);
    expect(p[0]).toBe(Math.fround(Math.exp(-100)));
  });

  it('is undefined (null) for fewer test rows than folds, or two classes (netcal goes binary)', () => {
    expect(paperCalibration(new Float32Array(12), [0, 1, 2, 0], 4, 3)).toBeNull();
    expect(paperCalibration(new Float32Array(20), [0, 1, 0, 1, 0, 1, 0, 1, 0, 1], 10, 2)).toBeNull();
  });
});
