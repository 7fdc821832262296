import { metricDef } from './metrics';
import type { MetricUnit } from './types';

/** The values a metric can take, by its unit: percentages 0–100, fractions 0–1, angles 0–180°. */
const RANGES: Record<MetricUnit, readonly [number, number]> = { percent: [0, 100], fraction: [0, 1], degrees: [0, 180] };

export function metricRange(metric: string): readonly [number, number] {
  return RANGES[metricDef(metric).unit];
}

/**
 * How far outside its range a metric's value may be and still be the bound: a fraction of the
 * range's width (1e-7 for a percentage). Float64 sums and means land a few ulps past a bound (an
 * 11-point mAP of 100.00000000000003, ulp(100) ≈ 1.4e-14); 1e-9 of the width leaves room for
 * rounding accumulated over millions of terms, and is far below any digit anyone reads (results
 * are shown to two decimals). A value further out is a real error and is refused.
 */
export const METRIC_BOUND_TOLERANCE = 1e-9;

export type SnappedValue = { ok: true; value: number } | { ok: false; range: readonly [number, number] };

/**
 * A metric's value inside its range: values within METRIC_BOUND_TOLERANCE of a bound become the
 * bound; values further out (and NaN or ±Infinity) are not accepted.
 */
export function snapToMetricRange(metric: string, value: number): SnappedValue {
  const range = metricRange(metric);
  const [min, max] = range;
  const slack = METRIC_BOUND_TOLERANCE * (max - min);
  if (!Number.isFinite(value) || value < min - slack || value > max + slack) return { ok: false, range };
  return { ok: true, value: Math.min(max, Math.max(min, value)) };
}
