import { describe, expect, it } from 'vitest';
import { METRIC_BOUND_TOLERANCE, metricDef, metricRange, snapToMetricRange, toUnitInterval } from './metrics';

describe('metrics', () => {
  it('gives each metric the range of its unit', () => {
    expect(metricRange('top1')).toEqual([0, 100]);
    expect(metricRange('mean_angle_error')).toEqual([0, 180]);
    expect(metricRange('miou')).toEqual([0, 1]);
    expect(() => metricRange('top5')).toThrow(/Unknown metric "top5"/);
  });

  it('maps bounded values onto [0, 1] and leaves unbounded ones out', () => {
    expect(toUnitInterval(metricDef('top1'), 75)).toBe(0.75);
    expect(toUnitInterval(metricDef('miou'), 0.4)).toBe(0.4);
    expect(toUnitInterval(metricDef('mean_angle_error'), 20)).toBeNull();
  });
});

describe('a metric value at its bound', () => {
  it('takes a float within rounding of a bound as the bound', () => {
    // The value a runner computed for VOC2007 (an 11-point mAP summing eleven precisions of 1).
    expect(snapToMetricRange('map11', 100.00000000000003)).toEqual({ ok: true, value: 100 });
    expect(snapToMetricRange('top1', -1e-13)).toEqual({ ok: true, value: 0 });
    expect(snapToMetricRange('miou', 1 + 5e-10)).toEqual({ ok: true, value: 1 });
    expect(snapToMetricRange('mean_angle_error', 180 + 1e-7)).toEqual({ ok: true, value: 180 });
    // The tolerance is a fraction of the range's width: 1e-7 for a percentage.
    expect(snapToMetricRange('top1', 100 + 100 * METRIC_BOUND_TOLERANCE)).toEqual({ ok: true, value: 100 });
  });

  it('leaves values inside the range alone', () => {
    expect(snapToMetricRange('top1', 99.99999999)).toEqual({ ok: true, value: 99.99999999 });
    expect(snapToMetricRange('top1', 0)).toEqual({ ok: true, value: 0 });
  });

  it('refuses values genuinely out of range, and non-numbers', () => {
    expect(snapToMetricRange('top1', 100 + 100 * METRIC_BOUND_TOLERANCE * 2)).toEqual({ ok: false, range: [0, 100] });
    expect(snapToMetricRange('map11', 100.001)).toEqual({ ok: false, range: [0, 100] });
    expect(snapToMetricRange('miou', 1.000001)).toEqual({ ok: false, range: [0, 1] });
    expect(snapToMetricRange('top1', -0.5)).toEqual({ ok: false, range: [0, 100] });
    expect(snapToMetricRange('top1', Number.NaN).ok).toBe(false);
    expect(snapToMetricRange('top1', Number.POSITIVE_INFINITY).ok).toBe(false);
  });
});
