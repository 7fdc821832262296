import { describe, expect, it } from 'vitest';
import { aggregateLeaderboard, positions, rankValues, taskScore } from './aggregate';
import { registry } from './registry';
import type { TaskDef } from './types';

const t = (slug: string) => registry.task(slug);

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
  });
});

describe('taskScore', () => {
  it('maps every metric to 0–100, higher is better', () => {
    expect(taskScore(t('linear-cars'), 55.5)).toBe(55.5);
    expect(taskScore(t('dense-ade20k-segmentation'), 0.25)).toBe(25);
    expect(taskScore(t('dense-nyuv2-normals'), 45)).toBe(75);
  });
});

describe('aggregateLeaderboard', () => {
  // Two categories: two linear tasks and one dense task (angular error, lower is better).
  const tasks: TaskDef[] = [t('linear-cars'), t('linear-dtd'), t('dense-nyuv2-normals')];
  const cells = [
    { row: 'a', task: 'linear-cars', value: 60 }, { row: 'a', task: 'linear-dtd', value: 70 }, { row: 'a', task: 'dense-nyuv2-normals', value: 36 },
    { row: 'b', task: 'linear-cars', value: 50 }, { row: 'b', task: 'linear-dtd', value: 60 }, { row: 'b', task: 'dense-nyuv2-normals', value: 9 },
    { row: 'c', task: 'linear-cars', value: 99 },
  ];

  it('MEAN: per-category means of task scores, then the mean over categories', () => {
    const rows = aggregateLeaderboard(tasks, cells, 'MEAN');
    const a = rows.find((r) => r.row === 'a')!;
    const b = rows.find((r) => r.row === 'b')!;
    expect(a.categories.map((c) => c.score)).toEqual([65, 80]); // dense: 100·(1 − 36/180)
    expect(a.score).toBeCloseTo(72.5, 10);
    expect(b.score).toBeCloseTo((55 + 95) / 2, 10);
    expect(rows.map((r) => [r.row, r.rank])).toEqual([['b', 1], ['a', 2], ['c', null]]);
  });

  it('leaves incomplete rows unscored, with their completeness', () => {
    const c = aggregateLeaderboard(tasks, cells, 'MEAN').find((r) => r.row === 'c')!;
    expect(c).toMatchObject({ score: null, rank: null, tasksWithResults: 1, tasks: 3 });
    expect(c.categories[0]).toMatchObject({ score: null, tasksWithResults: 1, tasks: 2 });
  });

  it('MEAN_RANK: mean task rank per category, lower is better', () => {
    const rows = aggregateLeaderboard(tasks, cells, 'MEAN_RANK');
    const a = rows.find((r) => r.row === 'a')!;
    // linear-cars: c 1, a 2, b 3; linear-dtd: a 1, b 2; dense: b 1, a 2.
    expect(a.categories.map((c) => c.score)).toEqual([1.5, 2]);
    expect(a.score).toBe(1.75);
    expect(rows.find((r) => r.row === 'b')!.score).toBe(1.75);
    expect(rows.filter((r) => r.rank === 1).map((r) => r.row)).toEqual(['a', 'b']);
  });

  it('reproduces the paper\'s linear average from its own numbers', async () => {
    const { loadPaperResults } = await import('./paper-results');
    const { loadPaperModels } = await import('./models');
    const linear = registry.suiteTasks('ssl-transfer-v1').filter((x) => x.category === 'linear');
    const paperCells = loadPaperResults()
      .filter((r) => r.task.startsWith('linear-') && r.metric === registry.task(r.task).primaryMetric)
      .map((r) => ({ row: r.model, task: r.task, value: r.value }));
    const rows = aggregateLeaderboard(linear, paperCells, 'MEAN');
    for (const m of loadPaperModels()) {
      const avg = m.properties.find((p) => p.key === 'paper_linear_avg')!.value as number;
      expect(rows.find((r) => r.row === m.slug)!.score).toBeCloseTo(avg, 1);
    }
  });
});
