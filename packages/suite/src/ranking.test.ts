import { describe, expect, it } from 'vitest';
import { mulberry32 } from './random';
import { positions, rankValues } from './ranking';

describe('rankValues', () => {
  it('ranks with shared mean ranks for ties', () => {
    expect(rankValues([10, 30, 30, 5], true)).toEqual([3, 1.5, 1.5, 4]);
    expect(rankValues([10, 30, 30, 5], false)).toEqual([2, 3.5, 3.5, 1]);
  });
});

describe('positions', () => {
  it('gives tied scores the same, best position and skips missing scores', () => {
    expect(positions([90, 95, 90, null, 80], true)).toEqual([2, 1, 2, null, 4]);
    expect(positions([1.5, 1.5, 3], false)).toEqual([1, 1, 3]);
    expect(positions([], true)).toEqual([]);
  });

  it('agrees with counting the strictly better scores, on random boards with many ties', () => {
    const rand = mulberry32(7);
    for (let trial = 0; trial < 50; trial++) {
      const scores = Array.from({ length: 1 + Math.floor(rand() * 60) }, () =>
        rand() < 0.1 ? null : Math.floor(rand() * 12),
      );
      for (const higher of [true, false]) {
        const naive = scores.map((s) =>
          s === null ? null : 1 + scores.filter((o) => o !== null && (higher ? o > s : o < s)).length,
        );
        expect(positions(scores, higher)).toEqual(naive);
      }
    }
  });
});
