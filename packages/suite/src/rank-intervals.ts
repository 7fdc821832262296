import { positions, rankValues, taskScore, type Aggregate, type Cell } from './aggregate';
import { mulberry32 } from './random';
import { DEFAULT_BOOTSTRAP, quantile, type BootstrapOptions } from './statistics';
import { TASK_CATEGORIES, type TaskDef } from './types';

export interface RankInterval {
  low: number;
  high: number;
}

/**
 * How sure a leaderboard position is: a seeded bootstrap over tasks. Each draw resamples, within
 * every category, as many tasks as it has, with replacement, recomputes the aggregate exactly as
 * `aggregateLeaderboard` does (per-category mean, then the mean over categories) and ranks the
 * rows (competition ranking). A row's interval is the 2.5th percentile of its ranks rounded down
 * to the 97.5th rounded up (for level 0.95), so two rows whose intervals overlap are not clearly
 * apart. Only rows with every task are ranked, as on the leaderboard; others get no interval.
 */
export function bootstrapRankIntervals(tasks: TaskDef[], cells: Cell[], aggregate: Aggregate, opts: BootstrapOptions = {}): Map<string, RankInterval> {
  const { draws, seed, level } = { ...DEFAULT_BOOTSTRAP, ...opts };
  const scores = taskScores(tasks, cells, aggregate);
  const rows = [...new Set(cells.map((c) => c.row))].filter((row) => tasks.every((t) => scores.get(t.slug)?.has(row)));
  if (rows.length === 0 || tasks.length === 0) return new Map();
  // matrix[r][t]: row r's score on task t, the one input every draw reads.
  const matrix = rows.map((row) => tasks.map((t) => scores.get(t.slug)!.get(row)!));
  const groups = TASK_CATEGORIES.map((cat) => tasks.flatMap((t, i) => (t.category === cat ? [i] : []))).filter((g) => g.length > 0);
  const rand = mulberry32(seed);
  const ranks = rows.map(() => new Float64Array(draws));
  const overall = new Array<number>(rows.length);
  const sample = groups.map((g) => new Int32Array(g.length));
  for (let d = 0; d < draws; d++) {
    groups.forEach((g, k) => {
      for (let j = 0; j < g.length; j++) sample[k]![j] = g[Math.floor(rand() * g.length)]!;
    });
    for (let r = 0; r < rows.length; r++) {
      let total = 0;
      for (const picked of sample) {
        let s = 0;
        for (const t of picked) s += matrix[r]![t]!;
        total += s / picked.length;
      }
      overall[r] = total / sample.length;
    }
    const positioned = positions(overall, aggregate === 'MEAN');
    for (let r = 0; r < rows.length; r++) ranks[r]![d] = positioned[r]!;
  }
  const alpha = (1 - level) / 2;
  return new Map(rows.map((row, r) => {
    const sorted = ranks[r]!.sort();
    return [row, { low: Math.floor(quantile(sorted, alpha)), high: Math.ceil(quantile(sorted, 1 - alpha)) }];
  }));
}

/** The same per-task scores the aggregate uses: common-scale scores, or per-task ranks. */
function taskScores(tasks: TaskDef[], cells: Cell[], aggregate: Aggregate): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const task of tasks) {
    const taskCells = cells.filter((c) => c.task === task.slug);
    const s = taskCells.map((c) => taskScore(task, c.value));
    const values = aggregate === 'MEAN' ? s : rankValues(s, true);
    out.set(task.slug, new Map(taskCells.map((c, i) => [c.row, values[i]!])));
  }
  return out;
}
