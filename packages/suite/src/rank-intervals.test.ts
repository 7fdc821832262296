import { describe, expect, it } from 'vitest';
import { aggregateLeaderboard, type Cell } from './aggregate';
import { bootstrapRankIntervals } from './rank-intervals';
import { registry } from './registry';

const tasks = ['linear-cifar10', 'linear-cifar100', 'linear-dtd', 'fewshot-eurosat-5shot', 'fewshot-isic-5shot'].map((s) => registry.task(s));

function cells(values: Record<string, number[]>): Cell[] {
  return Object.entries(values).flatMap(([row, v]) => tasks.map((t, i) => ({
    row, task: t.slug, value: v[i]!, protocolId: t.paperProtocol.id, protocolVersion: t.paperProtocol.version,
  })));
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
    expect(intervals.get('best')).toEqual({ low: 1, high: 1 });
    expect(intervals.get('worst')).toEqual({ low: 4, high: 4 });
    expect(intervals.get('a')).toEqual({ low: 2, high: 3 });
    expect(intervals.get('b')).toEqual({ low: 2, high: 3 });
  });

  it('ranks a row with a partial basis over its basis only, among every row comparable there', () => {
    // "partial" lacks linear-dtd: its basis is few-shot alone, where it beats everyone.
    const intervals = bootstrapRankIntervals(tasks, data, 'MEAN');
    expect(intervals.get('partial')).toEqual({ low: 1, high: 1 });
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
