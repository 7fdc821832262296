import { metricDef } from './metrics';
import { averageRanks } from './statistics';
import { TASK_CATEGORIES, type TaskCategory, type TaskDef } from './types';

/**
 * Leaderboard aggregation, pure and shared by the API (and anything else that ranks).
 *
 * Every task's primary value is first mapped onto one scale, 0–100 and higher is better
 * (`taskScore`): percentages stay as printed, fractions (mIoU) are multiplied by 100, and an
 * angular error e in degrees becomes 100·(1 − e/180), the share of the worst possible error
 * avoided. That lets categories that mix metrics (CVPR dense: angular error and mIoU) and the
 * overall score be plain means.
 *
 * - MEAN: a category's score is the mean task score of its tasks; the overall score is the mean
 *   of the category scores (so each category weighs the same, whatever its task count).
 * - MEAN_RANK: models are ranked on every task (1 = best, ties share the mean rank); a
 *   category's score is the mean rank over its tasks; overall is the mean of category scores.
 *   Lower is better.
 * Positions (`rank`) use competition ranking: tied scores share the best position ("1224").
 * A score needs every task it covers: a model missing a task gets no score for that category or
 * overall, is ranked after every scored model, and shows its completeness instead.
 */

export type Aggregate = 'MEAN' | 'MEAN_RANK';

export interface Cell {
  /** Row key: a model's results from one source (reported or measured) form one row. */
  row: string;
  task: string;
  value: number;
}

export interface CategoryScore {
  category: TaskCategory;
  score: number | null;
  rank: number | null;
  tasksWithResults: number;
  tasks: number;
}

export interface AggregatedRow {
  row: string;
  score: number | null;
  rank: number | null;
  categories: CategoryScore[];
  tasksWithResults: number;
  tasks: number;
}

export function taskScore(task: TaskDef, value: number): number {
  const metric = metricDef(task.primaryMetric);
  if (metric.unit === 'degrees') return 100 * (1 - value / 180);
  const scaled = metric.unit === 'fraction' ? value * 100 : value;
  return metric.higherIsBetter ? scaled : 100 - scaled;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Ranks values (1 = best); ties share the mean of the ranks they span. */
export function rankValues(values: number[], higherIsBetter: boolean): number[] {
  return averageRanks(higherIsBetter ? values.map((v) => -v) : values);
}

/** Per-task scores on the common scale, or per-task ranks, for every row that has the task. */
function perTaskScores(tasks: TaskDef[], cells: Cell[], aggregate: Aggregate): Map<string, Map<string, number>> {
  const byTask = new Map<string, Cell[]>();
  for (const c of cells) byTask.set(c.task, [...(byTask.get(c.task) ?? []), c]);
  const scores = new Map<string, Map<string, number>>(); // task -> row -> score
  for (const task of tasks) {
    const taskCells = byTask.get(task.slug) ?? [];
    const s = taskCells.map((c) => taskScore(task, c.value));
    const values = aggregate === 'MEAN' ? s : rankValues(s, true);
    scores.set(task.slug, new Map(taskCells.map((c, i) => [c.row, values[i]!])));
  }
  return scores;
}

/**
 * Leaderboard positions: competition ranking ("1224"), so tied rows share the best position.
 * Rows without a score get no position.
 */
export function positions(scores: (number | null)[], higherIsBetter: boolean): (number | null)[] {
  return scores.map((s) => {
    if (s === null) return null;
    const better = scores.filter((o) => o !== null && (higherIsBetter ? o > s : o < s)).length;
    return better + 1;
  });
}

export function aggregateLeaderboard(tasks: TaskDef[], cells: Cell[], aggregate: Aggregate): AggregatedRow[] {
  const known = new Set(tasks.map((t) => t.slug));
  const relevant = cells.filter((c) => known.has(c.task));
  const scores = perTaskScores(tasks, relevant, aggregate);
  const rows = [...new Set(relevant.map((c) => c.row))];
  const categories = TASK_CATEGORIES.filter((cat) => tasks.some((t) => t.category === cat));
  const higherIsBetter = aggregate === 'MEAN';

  const draft = rows.map((row) => {
    const cats = categories.map((category) => {
      const catTasks = tasks.filter((t) => t.category === category);
      const values = catTasks.map((t) => scores.get(t.slug)?.get(row)).filter((v): v is number => v !== undefined);
      const complete = values.length === catTasks.length;
      return { category, score: complete ? mean(values) : null, rank: null as number | null, tasksWithResults: values.length, tasks: catTasks.length };
    });
    const complete = cats.every((c) => c.score !== null);
    return {
      row,
      score: complete ? mean(cats.map((c) => c.score!)) : null,
      rank: null as number | null,
      categories: cats,
      tasksWithResults: cats.reduce((a, c) => a + c.tasksWithResults, 0),
      tasks: tasks.length,
    };
  });

  const overallRanks = positions(draft.map((r) => r.score), higherIsBetter);
  draft.forEach((r, i) => (r.rank = overallRanks[i]!));
  categories.forEach((_, k) => {
    const ranks = positions(draft.map((r) => r.categories[k]!.score), higherIsBetter);
    draft.forEach((r, i) => (r.categories[k]!.rank = ranks[i]!));
  });
  return draft.sort(compareRows);
}

/** Scored rows by rank, then unscored rows by completeness; ties by row key for a stable order. */
function compareRows(a: AggregatedRow, b: AggregatedRow): number {
  if (a.rank !== null && b.rank !== null && a.rank !== b.rank) return a.rank - b.rank;
  if ((a.rank === null) !== (b.rank === null)) return a.rank === null ? 1 : -1;
  if (a.tasksWithResults !== b.tasksWithResults) return b.tasksWithResults - a.tasksWithResults;
  return a.row.localeCompare(b.row);
}
