import { describe, expect, it } from 'vitest';
import { fisherCi, linearFit, pearson, ranks, spearman } from './stats';

describe('statistics', () => {
  it('pearson matches a hand computation and is ±1 on exact lines', () => {
    expect(pearson([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(pearson([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    // scipy.stats.pearsonr([1,2,3,4,5],[2,1,4,3,5]) = 0.8
    expect(pearson([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 12);
  });

  it('ranks ties by their mean position and spearman uses them', () => {
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    // scipy.stats.spearmanr([1,2,3,4,5],[5,6,7,8,7]).correlation = 0.8207826816681233
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681233, 12);
  });

  it('gives a Fisher-z 95% interval around r, none for tiny n', () => {
    const [lo, hi] = fisherCi(0.92, 14)!;
    expect(lo).toBeCloseTo(0.76078, 4);
    expect(hi).toBeCloseTo(0.97477, 4);
    expect(fisherCi(0.5, 3)).toBeNull();
  });

  it('fits least squares', () => {
    const fit = linearFit([0, 1, 2], [1, 3, 5])!;
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(linearFit([1, 1], [2, 3])).toBeNull();
  });
});
