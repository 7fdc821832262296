import type { MetricDef, MetricUnit } from './types';

export const METRICS = {
  top1: { id: 'top1', title: 'Top-1 accuracy', unit: 'percent', higherIsBetter: true, bounded: true },
  mean_per_class: {
    id: 'mean_per_class',
    title: 'Mean per-class accuracy',
    unit: 'percent',
    higherIsBetter: true,
    bounded: true,
  },
  map11: { id: 'map11', title: '11-point mAP', unit: 'percent', higherIsBetter: true, bounded: true },
  accuracy: { id: 'accuracy', title: 'Episode accuracy', unit: 'percent', higherIsBetter: true, bounded: true },
  ap: { id: 'ap', title: 'AP (0.5:0.95)', unit: 'percent', higherIsBetter: true, bounded: true },
  ap50: { id: 'ap50', title: 'AP50', unit: 'percent', higherIsBetter: true, bounded: true },
  ap75: { id: 'ap75', title: 'AP75', unit: 'percent', higherIsBetter: true, bounded: true },
  mean_angle_error: {
    id: 'mean_angle_error',
    title: 'Mean angular error',
    unit: 'degrees',
    higherIsBetter: false,
    bounded: false,
  },
  median_angle_error: {
    id: 'median_angle_error',
    title: 'Median angular error',
    unit: 'degrees',
    higherIsBetter: false,
    bounded: false,
  },
  within_11_25: { id: 'within_11_25', title: '% within 11.25°', unit: 'percent', higherIsBetter: true, bounded: true },
  within_22_5: { id: 'within_22_5', title: '% within 22.5°', unit: 'percent', higherIsBetter: true, bounded: true },
  within_30: { id: 'within_30', title: '% within 30°', unit: 'percent', higherIsBetter: true, bounded: true },
  miou: { id: 'miou', title: 'Mean IoU', unit: 'fraction', higherIsBetter: true, bounded: true },
  pixel_acc: { id: 'pixel_acc', title: 'Pixel accuracy', unit: 'percent', higherIsBetter: true, bounded: true },
  ece: { id: 'ece', title: 'Expected calibration error', unit: 'percent', higherIsBetter: false, bounded: true },
  /** The paper's procedure: temperature scaling cross-validated over 5 folds of the test set (netcal 1.1). */
  ece_temp_scaled: {
    id: 'ece_temp_scaled',
    title: 'ECE after temperature scaling (5-fold CV on test)',
    unit: 'percent',
    higherIsBetter: false,
    bounded: true,
  },
  /** Stored by runners before the paper's procedure: T fitted on the validation split; not the paper's figure. */
  ece_temp_scaled_val: {
    id: 'ece_temp_scaled_val',
    title: "ECE after temperature scaling fitted on validation (not the paper's procedure)",
    unit: 'percent',
    higherIsBetter: false,
    bounded: true,
  },
} as const satisfies Record<string, MetricDef>;

export type MetricId = keyof typeof METRICS;

export function isMetricId(id: string): id is MetricId {
  return Object.hasOwn(METRICS, id);
}

export function metricDef(id: string): MetricDef {
  if (!isMetricId(id)) throw new Error(`Unknown metric "${id}". Known metrics: ${Object.keys(METRICS).join(', ')}`);
  return METRICS[id];
}

/** A value in the metric's unit as a fraction in [0, 1] (for the logit transform), or null if unbounded. */
export function toUnitInterval(metric: MetricDef, value: number): number | null {
  if (!metric.bounded) return null;
  return metric.unit === 'percent' ? value / 100 : value;
}

/** Every value a unit allows: what the API accepts and where a confidence interval is clipped. */
export const UNIT_RANGES = {
  percent: [0, 100],
  degrees: [0, 180],
  fraction: [0, 1],
} as const satisfies Record<MetricUnit, readonly [number, number]>;

/** The range of a metric's values, by its unit. */
export function metricRange(id: string): readonly [number, number] {
  return UNIT_RANGES[metricDef(id).unit];
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
