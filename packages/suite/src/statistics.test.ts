import { describe, expect, it } from 'vitest';
import { METRICS } from './metrics';
import { loadPaperModels } from './models';
import { readPaperCsv } from './paper-csv';
import {
  averageRanks,
  bootstrapCorrelationCi,
  linearFit,
  logit,
  pearson,
  quantile,
  spearman,
  transferValue,
} from './statistics';

// Literal expectations printed by scripts/reference/statistics_refs.py (scipy 1.17, numpy).
const TOP1 = [60.6, 67.7, 71.1, 74.3, 75.3, 75.3, 77.2];
const TASK_A = [71.2, 76.5, 80.1, 79.0, 85.3, 84.9, 83.0];
const TASK_B = [55.0, 58.5, 61.2, 66.6, 64.0, 67.1, 60.3];
const X = [
  0.4305290767713805, 0.7400189496896188, 0.9002457416908086, 1.0616199598225393, 1.1146768911719165,
  1.1146768911719165, 1.2196389210703356,
];
const Y = [
  0.5528940633690909, 0.7618118233417676, 0.9241415326164596, 1.0075370461536437, 1.1668455528082522,
  1.2197453678513666, 1.0018040898901883,
];

describe("the paper's correlation analysis", () => {
  it('logit-transforms accuracies and averages a category per model', () => {
    const acc = METRICS.top1;
    expect(TOP1.map((v) => transferValue(acc, v))).toEqual(X.map((v) => expect.closeTo(v, 12)));
    const y = TASK_A.map((a, i) => (transferValue(acc, a) + transferValue(acc, TASK_B[i]!)) / 2);
    expect(y).toEqual(Y.map((v) => expect.closeTo(v, 12)));
  });

  it('negates unbounded errors and keeps 0% and 100% finite', () => {
    expect(transferValue(METRICS.mean_angle_error, 24.5)).toBe(-24.5);
    expect(transferValue(METRICS.miou, 0.5)).toBe(0);
    expect(transferValue(METRICS.ece, 10)).toBeCloseTo(logit(0.1), 12); // calibration error as is (table 9's sign)
    expect(Number.isFinite(logit(0)) && Number.isFinite(logit(1))).toBe(true);
  });

  it('reproduces the "Correlation to ImageNet" row of the paper\'s table 9 for calibration error, sign included', () => {
    const top1 = new Map(loadPaperModels().map((m) => [m.name, m.imagenetTop1!]));
    const rows = readPaperCsv('paper-table9-calibration-reconstruction-attention.csv');
    const models = rows.filter((r) => top1.has(r.model!.replace(/\*$/, '')));
    const printed = rows.find((r) => r.model === 'Correlation to ImageNet')!;
    expect(models).toHaveLength(14);
    const x = models.map((r) => transferValue(METRICS.top1, top1.get(r.model!.replace(/\*$/, ''))!));
    for (const column of [
      'ece_linear_unscaled',
      'ece_linear_tempscaled',
      'ece_finetune_unscaled',
      'ece_finetune_tempscaled',
    ]) {
      const metric = column.endsWith('unscaled') ? METRICS.ece : METRICS.ece_temp_scaled;
      const r = pearson(
        x,
        models.map((m) => transferValue(metric, Number(m[column]))),
      )!;
      // The table's inputs are rounded to two decimals; its coefficients were computed before that rounding.
      expect(Math.abs(r - Number(printed[column])), column).toBeLessThanOrEqual(0.006);
      expect(r).toBeLessThan(0);
    }
  });

  it('computes Pearson and Spearman as scipy does', () => {
    expect(pearson(X, Y)).toBeCloseTo(0.9111247001960244, 12);
    expect(spearman(X, Y)).toBeCloseTo(0.7748062179181807, 12);
    // By hand: dx = (−1, 0, 1), dy = (−4/3, −1/3, 5/3): r = 3 / √(2 · 42/9) = 0.981980506…
    expect(pearson([1, 2, 3], [1, 2, 4])).toBeCloseTo(3 / Math.sqrt((2 * 42) / 9), 14);
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 9, 8, 1])).toBe(-1);
  });

  it('returns null, not NaN, where a coefficient is undefined', () => {
    expect(pearson([1], [2])).toBeNull();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([0.1, 0.1, 0.1], [3, 2, 1])).toBeNull();
    expect(bootstrapCorrelationCi('PEARSON', [1, 2], [1, 2])).toBeNull();
  });

  it('bootstraps a seeded 95% interval over models equal to the reference', () => {
    const p = bootstrapCorrelationCi('PEARSON', X, Y)!;
    expect(p.low).toBeCloseTo(0.2773665075687478, 10);
    expect(p.high).toBeCloseTo(0.9953230188639742, 10);
    const s = bootstrapCorrelationCi('SPEARMAN', X, Y)!;
    expect(s.low).toBeCloseTo(-0.06270531956429146, 10);
    expect(s.high).toBeCloseTo(1, 10);
    expect(bootstrapCorrelationCi('PEARSON', X, Y, { seed: 7 })).not.toEqual(p);
  });

  it('interpolates quantiles like numpy', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.025)).toBeCloseTo(1.1, 12);
  });
});

describe('least-squares line', () => {
  it('passes through exact lines and fits noisy points', () => {
    const fit = linearFit([0, 1, 2], [1, 3, 5])!;
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    // numpy.polyfit([1, 2, 3, 4], [2, 1, 4, 3], 1) = [0.6, 1.0]
    const noisy = linearFit([1, 2, 3, 4], [2, 1, 4, 3])!;
    expect(noisy.slope).toBeCloseTo(0.6, 12);
    expect(noisy.intercept).toBeCloseTo(1, 12);
  });

  it('has no line through a single x value', () => {
    expect(linearFit([1, 1], [2, 3])).toBeNull();
    expect(linearFit([1], [2])).toBeNull();
  });
});
