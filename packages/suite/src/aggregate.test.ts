import { describe, expect, it } from 'vitest';
import { aggregateLeaderboard, taskScore, type Cell } from './aggregate';
import { registry } from './registry';
import type { TaskDef } from './types';

const t = (slug: string) => registry.task(slug);

/** A cell on the task's paper protocol unless another protocol is given. */
function cell(row: string, task: string, value: number, protocol = t(task).paperProtocol): Cell {
  return { row, task, value, protocolId: protocol.id, protocolVersion: protocol.version };
}

describe('taskScore', () => {
  it('maps every metric to 0–100, higher is better', () => {
    expect(taskScore(t('linear-cars'), 55.5)).toBe(55.5);
    expect(taskScore(t('dense-ade20k-segmentation'), 0.25)).toBe(25);
    expect(taskScore(t('dense-nyuv2-normals'), 45)).toBe(75);
  });
});

describe('aggregateLeaderboard on one protocol per task', () => {
  // Two categories: two linear tasks and one dense task (angular error, lower is better).
  const tasks: TaskDef[] = [t('linear-cars'), t('linear-dtd'), t('dense-nyuv2-normals')];
  const cells = [
    cell('a', 'linear-cars', 60),
    cell('a', 'linear-dtd', 70),
    cell('a', 'dense-nyuv2-normals', 36),
    cell('b', 'linear-cars', 50),
    cell('b', 'linear-dtd', 60),
    cell('b', 'dense-nyuv2-normals', 9),
    cell('c', 'linear-cars', 99),
  ];

  it('MEAN: per-category means of task scores, then the mean over categories', () => {
    const rows = aggregateLeaderboard(tasks, cells, 'MEAN');
    const a = rows.find((r) => r.row === 'a')!;
    const b = rows.find((r) => r.row === 'b')!;
    expect(a.categories.map((c) => c.score)).toEqual([65, 80]); // dense: 100·(1 − 36/180)
    expect(a.score).toBeCloseTo(72.5, 10);
    expect(b.score).toBeCloseTo((55 + 95) / 2, 10);
    expect(rows.map((r) => [r.row, r.rank])).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', null],
    ]);
    expect(a.basis).toEqual(['linear', 'dense']);
  });

  it('leaves incomplete categories unscored and outside the basis, with their completeness', () => {
    const c = aggregateLeaderboard(tasks, cells, 'MEAN').find((r) => r.row === 'c')!;
    expect(c).toMatchObject({ score: null, rank: null, basis: [], tasksWithResults: 1, tasks: 3 });
    // Incomplete, but nothing on another protocol: comparable, not scored.
    expect(c.categories[0]).toMatchObject({ score: null, rank: null, comparable: true, tasksWithResults: 1, tasks: 2 });
  });

  it('MEAN_RANK: mean task rank per category, lower is better', () => {
    const rows = aggregateLeaderboard(tasks, cells, 'MEAN_RANK');
    const a = rows.find((r) => r.row === 'a')!;
    // Among the rows comparable on the category: linear {a, b}: a 1, 1 (cars, dtd); dense {a, b}: b 1, a 2.
    expect(a.categories.map((c) => c.score)).toEqual([1, 2]);
    expect(a.score).toBe(1.5);
    expect(rows.find((r) => r.row === 'b')!.score).toBe(1.5);
    expect(rows.filter((r) => r.rank === 1).map((r) => r.row)).toEqual(['a', 'b']);
  });

  it("ranks each task's cells, ties sharing the best position", () => {
    const rows = aggregateLeaderboard(tasks, [...cells, cell('d', 'linear-cars', 60)], 'MEAN');
    const rankOn = (row: string) => rows.find((r) => r.row === row)!.cells[0]!;
    expect(['c', 'a', 'd', 'b'].map((r) => [rankOn(r).rank, rankOn(r).rankedAmong])).toEqual([
      [1, 4],
      [2, 4],
      [2, 4],
      [4, 4],
    ]);
  });

  it("reproduces the paper's linear average from its own numbers", async () => {
    const { loadPaperResults } = await import('./paper-results');
    const { loadPaperModels } = await import('./models');
    const linear = registry.suiteTasks('ssl-transfer-v1').filter((x) => x.category === 'linear');
    const paperCells = loadPaperResults()
      .filter((r) => r.task.startsWith('linear-') && r.metric === registry.task(r.task).primaryMetric)
      .map((r) => cell(r.model, r.task, r.value));
    const rows = aggregateLeaderboard(linear, paperCells, 'MEAN');
    for (const m of loadPaperModels()) {
      const avg = m.properties.find((p) => p.key === 'paper_linear_avg')!.value as number;
      expect(rows.find((r) => r.row === m.slug)!.score).toBeCloseTo(avg, 1);
    }
  });
});
