import {
  basisCategories,
  distinctBases,
  eligibleRows,
  prepareBoard,
  type Board,
  type ProtocolCell,
  type ProtocolKey,
} from './comparability';
import { metricDef } from './metrics';
import { competitionRanks, rankValues } from './ranking';
import type { TaskCategory, TaskDef } from './types';

/**
 * Leaderboard aggregation, pure and shared by the API (and anything else that ranks).
 *
 * Every task's primary value is first mapped onto one scale, 0–100 and higher is better
 * (`taskScore`): percentages stay as printed, fractions (mIoU) are multiplied by 100, and an
 * angular error e in degrees becomes 100·(1 − e/180), the share of the worst possible error
 * avoided. That lets categories that mix metrics (CVPR dense: angular error and mIoU) and the
 * overall score be plain means.
 *
 * Comparability (comparability.ts): each task column has a reference protocol; a row's basis is
 * the set of categories where it has every task on the reference protocol.
 * - Task ranks: among the cells of the task on the same protocol only.
 * - MEAN: a category's score is the mean task score of its tasks; the overall score is the mean
 *   of the category scores over the row's basis (each category weighs the same).
 * - MEAN_RANK: a category's score is the mean over its tasks of the row's rank among the rows it
 *   is compared with (ties share the mean rank); overall is the mean of those over the basis.
 *   Lower is better.
 * - Positions per basis: for each distinct basis B, the eligible rows are every row comparable
 *   on all of B; their scores over B's categories alone (MEAN_RANK: per-task ranks within that
 *   set) are ranked, and the rows whose basis is exactly B get those positions. So a row whose
 *   detection comes from another protocol is ranked over its other categories against every row
 *   on them, and rows comparable everywhere keep their ranks among themselves.
 * - Category ranks: a comparable category among the rows comparable on it; a category on other
 *   protocols among the rows with the same protocol on every task of it ("signature").
 * Positions (`rank`) use competition ranking: tied scores share the best position ("1224").
 * A category score needs every task of the category; a row with an empty basis has no overall
 * score and is listed after the ranked rows with its completeness.
 */

export type Aggregate = 'MEAN' | 'MEAN_RANK';

/** Row key: a model's results from one source (reported or measured) form one row. */
export type Cell = ProtocolCell;

export interface AggregatedCell {
  task: string;
  value: number | null;
  protocolId: string | null;
  protocolVersion: number | null;
  /** False when the value is on another protocol than the column's reference; true otherwise (also when empty). */
  comparable: boolean;
  /** Position among the view's values of this task on the same protocol (competition ranking). */
  rank: number | null;
  /** How many values that rank is among. */
  rankedAmong: number | null;
}

export interface CategoryScore {
  category: TaskCategory;
  score: number | null;
  rank: number | null;
  /** How many rows `rank` is among. */
  rankedAmong: number | null;
  /** No result of the row in this category is on another protocol than its column's reference. */
  comparable: boolean;
  /** The distinct protocols of the row's results in this category, in task order. */
  protocols: ProtocolKey[];
  tasksWithResults: number;
  tasks: number;
}

export interface AggregatedRow {
  row: string;
  score: number | null;
  rank: number | null;
  /** How many rows `rank` is among: every row comparable on the whole basis. */
  rankedAmong: number | null;
  /** The categories `score` and `rank` cover, in canonical order. */
  basis: TaskCategory[];
  categories: CategoryScore[];
  /** One per task, in task order. */
  cells: AggregatedCell[];
  tasksWithResults: number;
  tasks: number;
}

export function taskScore(task: TaskDef, value: number): number {
  const metric = metricDef(task.primaryMetric);
  if (metric.unit === 'degrees') return 100 * (1 - value / 180);
  const scaled = metric.unit === 'fraction' ? value * 100 : value;
  return metric.higherIsBetter ? scaled : 100 - scaled;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export function aggregateLeaderboard(
  tasks: readonly TaskDef[],
  cells: readonly Cell[],
  aggregate: Aggregate,
): AggregatedRow[] {
  return aggregateBoard(prepareBoard(tasks, cells), aggregate);
}

/** Per row, per task: the common-scale score of the cell shown, NaN where there is none. */
export function boardScores(board: Board): Float64Array[] {
  return board.cells.map((perRow) =>
    Float64Array.from(perRow, (c, j) => (c === null ? NaN : taskScore(board.tasks[j]!, c.value))),
  );
}

export function aggregateBoard(board: Board, aggregate: Aggregate): AggregatedRow[] {
  const scores = boardScores(board);
  const cellRanks = rankCellsByProtocol(board, scores);
  const categories = scoreCategories(board, scores, aggregate);
  const overall = scoreBases(board, scores, categories, aggregate);
  const rows = board.rows.map((row, r): AggregatedRow => {
    const cats = categories[r]!;
    return {
      row,
      ...overall[r]!,
      basis: basisCategories(board, board.basis[r]!),
      categories: cats,
      cells: board.tasks.map((task, j) => {
        const c = board.cells[r]![j] ?? null;
        return {
          task: task.slug,
          value: c?.value ?? null,
          protocolId: c?.protocolId ?? null,
          protocolVersion: c?.protocolVersion ?? null,
          comparable: c === null || board.onReference[r]![j]!,
          rank: c ? cellRanks.rank[r]![j]! : null,
          rankedAmong: c ? cellRanks.among[r]![j]! : null,
        };
      }),
      tasksWithResults: cats.reduce((a, c) => a + c.tasksWithResults, 0),
      tasks: board.tasks.length,
    };
  });
  return rows.sort(compareRows(board));
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Per row and task, a position and how many it is among (NaN where there is no cell). */
interface CellRanks {
  rank: Float64Array[];
  among: Float64Array[];
}

/** Per task, the cells on each protocol ranked among themselves. */
function rankCellsByProtocol(board: Board, scores: Float64Array[]): CellRanks {
  const rank = board.rows.map(() => new Float64Array(board.tasks.length).fill(NaN));
  const among = board.rows.map(() => new Float64Array(board.tasks.length).fill(NaN));
  board.tasks.forEach((_, j) => {
    const groups = new Map<number, number[]>();
    board.protocolIndex.forEach((perRow, r) => {
      if (perRow[j]! >= 0) pushTo(groups, perRow[j]!, r);
    });
    for (const members of groups.values()) {
      const ranks = competitionRanks(
        members.map((r) => scores[r]![j]!),
        true,
      );
      members.forEach((r, i) => {
        rank[r]![j] = ranks[i]!;
        among[r]![j] = members.length;
      });
    }
  });
  return { rank, among };
}

/** A category's protocols per task: rows with equal signatures are comparable with each other. */
function signature(board: Board, r: number, taskIndices: readonly number[]): string | null {
  let sig = '';
  for (const j of taskIndices) {
    const p = board.protocolIndex[r]![j]!;
    if (p < 0) return null;
    sig += `${p},`;
  }
  return sig;
}

function scoreCategories(board: Board, scores: Float64Array[], aggregate: Aggregate): CategoryScore[][] {
  const out: CategoryScore[][] = board.rows.map(() => []);
  board.categories.forEach((category, k) => {
    const js = board.categoryTasks[k]!;
    const groups = new Map<string, number[]>();
    board.rows.forEach((_, r) => {
      const sig = signature(board, r, js);
      if (sig !== null) pushTo(groups, sig, r);
    });
    const score = new Map<number, number>();
    const ranked = new Map<number, { rank: number; among: number }>();
    for (const members of groups.values()) {
      const groupScores =
        aggregate === 'MEAN' ? members.map((r) => mean(js.map((j) => scores[r]![j]!))) : meanRanks(members, js, scores);
      const ranks = competitionRanks(groupScores, aggregate === 'MEAN');
      members.forEach((r, i) => {
        score.set(r, groupScores[i]!);
        ranked.set(r, { rank: ranks[i]!, among: members.length });
      });
    }
    board.rows.forEach((_, r) => {
      const present = js.filter((j) => board.protocolIndex[r]![j]! >= 0);
      const protocols = [...new Set(present.map((j) => board.protocolIndex[r]![j]!))].map((p) => board.protocols[p]!);
      out[r]!.push({
        category,
        score: score.get(r) ?? null,
        rank: ranked.get(r)?.rank ?? null,
        rankedAmong: ranked.get(r)?.among ?? null,
        comparable: present.every((j) => board.onReference[r]![j]),
        protocols,
        tasksWithResults: present.length,
        tasks: js.length,
      });
    });
  });
  return out;
}

/** Per member row: the mean over `taskIndices` of its rank among `members` (ties share the mean rank). */
export function meanRanks(
  members: readonly number[],
  taskIndices: readonly number[],
  scores: readonly Float64Array[],
): number[] {
  const sums = new Array<number>(members.length).fill(0);
  for (const j of taskIndices) {
    const ranks = rankValues(
      members.map((r) => scores[r]![j]!),
      true,
    );
    ranks.forEach((rank, i) => {
      sums[i]! += rank;
    });
  }
  return sums.map((s) => s / taskIndices.length);
}

type Overall = Pick<AggregatedRow, 'score' | 'rank' | 'rankedAmong'>;

function scoreBases(
  board: Board,
  scores: Float64Array[],
  categories: CategoryScore[][],
  aggregate: Aggregate,
): Overall[] {
  const out: Overall[] = board.rows.map(() => ({ score: null, rank: null, rankedAmong: null }));
  for (const mask of distinctBases(board)) {
    const eligible = eligibleRows(board, mask);
    const basisScores = scoreOverBasis(board, mask, eligible, scores, categories, aggregate);
    const ranks = competitionRanks(basisScores, aggregate === 'MEAN');
    eligible.forEach((r, i) => {
      if (board.basis[r] === mask) out[r] = { score: basisScores[i]!, rank: ranks[i]!, rankedAmong: eligible.length };
    });
  }
  return out;
}

/** The aggregate over a basis' categories of every eligible row. */
function scoreOverBasis(
  board: Board,
  mask: number,
  eligible: number[],
  scores: Float64Array[],
  categories: CategoryScore[][],
  aggregate: Aggregate,
): number[] {
  const ks = board.categories.flatMap((_, k) => ((mask & (1 << k)) !== 0 ? [k] : []));
  if (aggregate === 'MEAN') return eligible.map((r) => mean(ks.map((k) => categories[r]![k]!.score!)));
  const perCategory = ks.map((k) => meanRanks(eligible, board.categoryTasks[k]!, scores));
  return eligible.map((_, i) => mean(perCategory.map((c) => c[i]!)));
}

/**
 * Ranked rows grouped by basis (the widest first, as `distinctBases` orders them), by rank within
 * a basis; then unranked rows by completeness. Ties by row key, for a stable order.
 */
function compareRows(board: Board): (a: AggregatedRow, b: AggregatedRow) => number {
  const order = new Map(distinctBases(board).map((m, i) => [m, i]));
  const groupOf = new Map(board.rows.map((row, r) => [row, order.get(board.basis[r]!) ?? Infinity]));
  const group = (r: AggregatedRow) => (r.rank === null ? Infinity : groupOf.get(r.row)!);
  return (a, b) => {
    const ga = group(a);
    const gb = group(b);
    if (ga !== gb) return ga - gb;
    if (a.rank !== null && b.rank !== null && a.rank !== b.rank) return a.rank - b.rank;
    if (a.tasksWithResults !== b.tasksWithResults) return b.tasksWithResults - a.tasksWithResults;
    return a.row.localeCompare(b.row);
  };
}
