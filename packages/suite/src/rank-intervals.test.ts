import { describe, expect, it } from 'vitest';
import { aggregateLeaderboard, type Cell } from './aggregate';
import { mulberry32 } from './random';
import { boundedDraws, bootstrapRankIntervals, MIN_BOUNDED_DRAWS } from './rank-intervals';
import { registry } from './registry';

const tasks = ['linear-cifar10', 'linear-cifar100', 'linear-dtd', 'fewshot-eurosat-5shot', 'fewshot-isic-5shot'].map(
  (s) => registry.task(s),
);

function cells(values: Record<string, number[]>): Cell[] {
  return Object.entries(values).flatMap(([row, v]) =>
    tasks.map((t, i) => ({
      row,
      task: t.slug,
      value: v[i]!,
      protocolId: t.paperProtocol.id,
      protocolVersion: t.paperProtocol.version,
    })),
  );
}

describe('bootstrap rank intervals', () => {
  const data = cells({
    best: [95, 80, 75, 90, 50],
    // a and b trade places task by task: their order depends on which tasks are drawn
    a: [90, 70, 70, 80, 40],
    b: [89, 71, 69, 81, 39],
    worst: [50, 30, 30, 40, 20],
    partial: [99, 99, 99, 99, 99],
  }).filter((c) => !(c.row === 'partial' && c.task === 'linear-dtd'));

  it('pins clear winners and losers and shows near-ties as overlapping intervals', () => {
    const intervals = bootstrapRankIntervals(tasks, data, 'MEAN');
    expect(intervals.get('best')).toEqual({ low: 1, high: 1, draws: 1000 });
    expect(intervals.get('worst')).toEqual({ low: 4, high: 4, draws: 1000 });
    expect(intervals.get('a')).toEqual({ low: 2, high: 3, draws: 1000 });
    expect(intervals.get('b')).toEqual({ low: 2, high: 3, draws: 1000 });
  });

  it('ranks a row with a partial basis over its basis only, among every row comparable there', () => {
    // "partial" lacks linear-dtd: its basis is few-shot alone, where it beats everyone.
    const intervals = bootstrapRankIntervals(tasks, data, 'MEAN');
    expect(intervals.get('partial')).toEqual({ low: 1, high: 1, draws: 1000 });
    const partial = aggregateLeaderboard(tasks, data, 'MEAN').find((r) => r.row === 'partial')!;
    expect(partial).toMatchObject({ basis: ['few_shot'], rank: 1, rankedAmong: 5 });
  });

  it('contains the observed rank, for both aggregates, and is reproducible', () => {
    for (const aggregate of ['MEAN', 'MEAN_RANK'] as const) {
      const intervals = bootstrapRankIntervals(tasks, data, aggregate);
      for (const row of aggregateLeaderboard(tasks, data, aggregate).filter((r) => r.rank !== null)) {
        const iv = intervals.get(row.row)!;
        expect(iv.low).toBeLessThanOrEqual(row.rank!);
        expect(iv.high).toBeGreaterThanOrEqual(row.rank!);
      }
      expect(bootstrapRankIntervals(tasks, data, aggregate)).toEqual(intervals);
    }
  });

  it('returns nothing for an empty board', () => {
    expect(bootstrapRankIntervals(tasks, [], 'MEAN').size).toBe(0);
  });
});

describe('bounded bootstrap (past BOUNDED_FROM_ROWS rows)', () => {
  // 300 rows on the five tasks, near each other so that intervals are wide.
  const rand = mulberry32(7);
  const big: Cell[] = [];
  for (let r = 0; r < 300; r++) {
    const skill = r / 3;
    for (const t of tasks) {
      big.push({
        row: `r${r}`,
        task: t.slug,
        value: skill + rand() * 40,
        protocolId: t.paperProtocol.id,
        protocolVersion: t.paperProtocol.version,
      });
    }
  }

  it('draws fewer resamples as rows grow, never fewer than the floor, never more than asked', () => {
    expect(boundedDraws(1000, 1000)).toBe(1000);
    expect(boundedDraws(1000, 2000)).toBe(500);
    expect(boundedDraws(1000, 10_000)).toBe(MIN_BOUNDED_DRAWS);
    expect(boundedDraws(100, 10_000)).toBe(100);
    expect(boundedDraws(1000, 300, 50)).toBe(MIN_BOUNDED_DRAWS);
  });

  it('agrees with the full bootstrap within its Monte-Carlo error', () => {
    // A bounded end is the 2.5th (97.5th) percentile of 200 draws: its level has a standard error of
    // √(0.025·0.975/200) ≈ 0.011. Within three of them it lies between the full bootstrap's 0.5th
    // and 6th percentiles (94th and 99.5th for the high end): the intervals of levels 0.99 and 0.88.
    for (const aggregate of ['MEAN', 'MEAN_RANK'] as const) {
      const wide = bootstrapRankIntervals(tasks, big, aggregate, { boundFromRows: Infinity, level: 0.99 });
      const narrow = bootstrapRankIntervals(tasks, big, aggregate, { boundFromRows: Infinity, level: 0.88 });
      const bounded = bootstrapRankIntervals(tasks, big, aggregate, { boundFromRows: 50 });
      const ranks = new Map(aggregateLeaderboard(tasks, big, aggregate).map((r) => [r.row, r.rank!]));
      expect(bounded.size).toBe(300);
      for (const [row, b] of bounded) {
        const [w, n] = [wide.get(row)!, narrow.get(row)!];
        expect([w.draws, b.draws]).toEqual([1000, MIN_BOUNDED_DRAWS]);
        expect(b.low).toBeGreaterThanOrEqual(w.low);
        expect(b.low).toBeLessThanOrEqual(n.low);
        expect(b.high).toBeLessThanOrEqual(w.high);
        expect(b.high).toBeGreaterThanOrEqual(n.high);
        expect(b.low).toBeLessThanOrEqual(ranks.get(row)!);
        expect(b.high).toBeGreaterThanOrEqual(ranks.get(row)!);
      }
    }
  });
});
