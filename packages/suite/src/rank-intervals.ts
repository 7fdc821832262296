import { boardScores, type Aggregate, type Cell } from './aggregate';
import { distinctBases, eligibleRows, prepareBoard, type Board } from './comparability';
import { mulberry32 } from './random';
import { countBetter, rankValues } from './ranking';
import { DEFAULT_BOOTSTRAP, quantile, type BootstrapOptions } from './statistics';
import type { TaskDef } from './types';

export interface RankInterval {
  low: number;
  high: number;
  /** The resamples the interval was computed from (fewer than asked past BOUNDED_FROM_ROWS rows). */
  draws: number;
}

/**
 * Past this many rows comparable on a basis, the bootstrap draws fewer resamples, so that its
 * cost stays that of 1,000 draws over 1,000 rows: draws = max(MIN_BOUNDED_DRAWS, draws · BOUNDED_FROM_ROWS / n).
 * At 10,000 rows that is 200 draws, and the interval's ends are each an order statistic of 200
 * ranks: the 2.5th percentile is the 5th-6th lowest of them, whose position varies by about
 * ±2.2 draws (√(B·p·(1−p))) between seeds, against ±4.9 of 1,000 for a 1,000-draw interval.
 * Every interval says how many draws it took (`draws`).
 */
export const BOUNDED_FROM_ROWS = 1000;
export const MIN_BOUNDED_DRAWS = 200;

/** The draws a basis with `rows` comparable rows takes when `draws` are asked for. */
export function boundedDraws(draws: number, rows: number, fromRows = BOUNDED_FROM_ROWS): number {
  if (rows <= fromRows) return draws;
  return Math.min(draws, Math.max(MIN_BOUNDED_DRAWS, Math.round((draws * fromRows) / rows)));
}

export interface RankIntervalOptions extends BootstrapOptions {
  /** Rows past which draws are bounded (boundedDraws); Infinity for the full bootstrap at any size. */
  boundFromRows?: number;
}

/**
 * How stable a leaderboard position is under a different choice of tasks: a seeded bootstrap
 * over TASKS (not over test images or models). Each draw resamples, within every category of
 * a row's basis, as many tasks as the category has, with replacement, recomputes the aggregate
 * over that basis exactly as `aggregateBoard` does, and ranks the rows (competition ranking).
 * As on the leaderboard, a row is ranked among every row comparable on its whole basis (for
 * MEAN_RANK the per-task ranks are taken within that set), so two protocols never meet. A row's
 * interval is the 2.5th percentile of its ranks rounded down to the 97.5th rounded up (for level
 * 0.95): two rows whose intervals overlap are not clearly apart on this suite. Rows without a
 * rank get no interval. Each basis draws from its own generator seeded with `seed`.
 */
export function bootstrapRankIntervals(
  tasks: readonly TaskDef[],
  cells: readonly Cell[],
  aggregate: Aggregate,
  opts: RankIntervalOptions = {},
): Map<string, RankInterval> {
  return bootstrapBoardRankIntervals(prepareBoard(tasks, cells), aggregate, opts);
}

export function bootstrapBoardRankIntervals(
  board: Board,
  aggregate: Aggregate,
  opts: RankIntervalOptions = {},
): Map<string, RankInterval> {
  const scores = boardScores(board);
  const out = new Map<string, RankInterval>();
  for (const mask of distinctBases(board)) {
    for (const [row, interval] of basisIntervals(board, mask, scores, aggregate, opts)) out.set(row, interval);
  }
  return out;
}

function basisIntervals(
  board: Board,
  mask: number,
  scores: Float64Array[],
  aggregate: Aggregate,
  opts: RankIntervalOptions,
): [string, RankInterval][] {
  const { seed, level } = { ...DEFAULT_BOOTSTRAP, ...opts };
  const eligible = eligibleRows(board, mask);
  const draws = boundedDraws(opts.draws ?? DEFAULT_BOOTSTRAP.draws, eligible.length, opts.boundFromRows);
  const targets = eligible.flatMap((r, i) => (board.basis[r] === mask ? [i] : []));
  const groups = board.categoryTasks.filter((_, k) => (mask & (1 << k)) !== 0);
  // column[j][i]: eligible row i's score (MEAN) or rank within the eligible rows (MEAN_RANK) on task j.
  const column = new Map<number, Float64Array>();
  for (const j of groups.flat()) {
    const values = eligible.map((r) => scores[r]![j]!);
    column.set(j, Float64Array.from(aggregate === 'MEAN' ? values : rankValues(values, true)));
  }
  const rand = mulberry32(seed);
  const n = eligible.length;
  const ranks = targets.map(() => new Float64Array(draws));
  const overall = new Float64Array(n);
  const groupSum = new Float64Array(n);
  const sorted = new Float64Array(n);
  const sample = groups.map((g) => new Array<Float64Array>(g.length));
  for (let d = 0; d < draws; d++) {
    groups.forEach((g, k) => {
      for (let s = 0; s < g.length; s++) sample[k]![s] = column.get(g[Math.floor(rand() * g.length)]!)!;
    });
    overall.fill(0);
    for (const picked of sample) {
      groupSum.fill(0);
      for (const col of picked) for (let i = 0; i < n; i++) groupSum[i]! += col[i]!;
      for (let i = 0; i < n; i++) overall[i]! += groupSum[i]! / picked.length;
    }
    for (let i = 0; i < n; i++) overall[i]! /= sample.length;
    // Only the target rows need positions: sort once, binary-search each (competition ranking).
    sorted.set(overall);
    sorted.sort();
    targets.forEach((i, t) => {
      ranks[t]![d] = countBetter(sorted, overall[i]!, aggregate === 'MEAN') + 1;
    });
  }
  const alpha = (1 - level) / 2;
  return targets.map((i, t) => {
    const sorted = ranks[t]!.sort();
    return [
      board.rows[eligible[i]!]!,
      { low: Math.floor(quantile(sorted, alpha)), high: Math.ceil(quantile(sorted, 1 - alpha)), draws },
    ];
  });
}
