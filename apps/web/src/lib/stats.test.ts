import { describe, expect, it } from 'vitest';
import { linearFit } from './stats';

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
