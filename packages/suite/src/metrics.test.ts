import { describe, expect, it } from 'vitest';
import { metricDef, metricRange, toUnitInterval } from './metrics';

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
