import { toUnitInterval } from './metrics';
import { mulberry32 } from './random';
import { rankValues } from './ranking';
import type { MetricDef } from './types';

/**
 * The statistics behind the paper's analysis of ImageNet accuracy against transfer (Ericsson,
 * Gouk & Hospedales, CVPR 2021, section 4 and figure 1): logit-transformed accuracies, Pearson
 * and Spearman correlation, and a seeded percentile bootstrap for confidence intervals. Pure
 * functions over plain arrays; they never throw on degenerate data but return null.
 */

/** Probabilities this close to 0 or 1 are clamped before the logit, so 0% and 100% stay finite. */
export const LOGIT_EPSILON = 1e-6;

export function logit(p: number): number {
  const q = Math.min(1 - LOGIT_EPSILON, Math.max(LOGIT_EPSILON, p));
  return Math.log(q / (1 - q));
}

/**
 * A metric value on the scale the paper correlates: the logit of metrics bounded in [0, 1]
 * (accuracies, AP, mIoU, and calibration error), and the negated value of unbounded errors
 * (angular error in degrees), so that higher means better transfer. Calibration error (ECE) is
 * NOT flipped: the paper's table 9 correlates ImageNet accuracy with ECE itself ("Correlation to
 * ImageNet" −0.77 for linear ECE: better ImageNet models are better calibrated), and its numbers
 * are reproduced by logit(top-1) against logit(ECE) (statistics.test.ts); we keep that sign.
 */
export function transferValue(metric: MetricDef, value: number): number {
  const unit = toUnitInterval(metric, value);
  if (unit === null) return metric.higherIsBetter ? value : -value;
  return logit(unit);
}

function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]!;
  return s / values.length;
}

function isConstant(values: ArrayLike<number>): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/** Pearson's r; null for fewer than two points or when either variable is constant. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  const n = x.length;
  if (n !== y.length) throw new Error(`pearson: x has ${n} values and y has ${y.length}`);
  if (n < 2 || isConstant(x) || isConstant(y)) return null;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i]! - mx,
      dy = y[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/**
 * Ranks 1..n in ascending order; tied values share the mean of the ranks they span (scipy's
 * rankdata). The one implementation is the ranking module's `rankValues`, which the leaderboard
 * uses too.
 */
export function averageRanks(values: ArrayLike<number>): number[] {
  return rankValues(values, false);
}

/** Spearman's rho: Pearson's r of the average ranks (the tie handling scipy.stats.spearmanr uses). */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return pearson(averageRanks(x), averageRanks(y));
}

export type CorrelationMethod = 'PEARSON' | 'SPEARMAN';

export function correlate(method: CorrelationMethod, x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return method === 'PEARSON' ? pearson(x, y) : spearman(x, y);
}

/** The q-quantile (0..1) of sorted values with linear interpolation (numpy's default). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export interface BootstrapOptions {
  draws?: number;
  seed?: number;
  /** Two-sided confidence level (0.95 gives the 2.5th and 97.5th percentiles). */
  level?: number;
}

export const DEFAULT_BOOTSTRAP = { draws: 1000, seed: 2021, level: 0.95 } as const;

/**
 * Percentile bootstrap CI of a correlation over points (models): each draw resamples n points
 * with replacement (index = floor(u·n) for each uniform u of mulberry32(seed)) and recomputes
 * the coefficient; draws where it is undefined (a constant resample) are left out. Null when
 * fewer than three points or no draw is defined.
 */
export function bootstrapCorrelationCi(
  method: CorrelationMethod,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: BootstrapOptions = {},
): { low: number; high: number } | null {
  const { draws, seed, level } = { ...DEFAULT_BOOTSTRAP, ...opts };
  const n = x.length;
  if (n < 3) return null;
  const rand = mulberry32(seed);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  const stats: number[] = [];
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) {
      const k = Math.floor(rand() * n);
      bx[i] = x[k]!;
      by[i] = y[k]!;
    }
    const r = correlate(method, bx, by);
    if (r !== null) stats.push(r);
  }
  if (stats.length === 0) return null;
  stats.sort((a, b) => a - b);
  const alpha = (1 - level) / 2;
  return { low: quantile(stats, alpha), high: quantile(stats, 1 - alpha) };
}

/**
 * The least-squares line of y on x (the analysis scatter's fit, over every point); null for
 * fewer than two points or a single x value.
 */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): { slope: number; intercept: number } | null {
  const n = xs.length;
  if (n < 2) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
