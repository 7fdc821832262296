import type { ModelRow } from '@transferboard/db/queries/find-model';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import type { Aggregate } from '@transferboard/suite/aggregate';
import { TASK_CATEGORIES, type ResultSource, type TaskCategory } from '@transferboard/suite/types';
import { badInput } from '../errors';
import type { LeaderboardRowParent } from '../mappers';
import type { CostFigures } from '../resolvers/model-cost';

/** What sorting and filtering need of a built board. */
export interface SortableBoard {
  aggregate: Aggregate;
  tasks: TaskRow[];
  rows: LeaderboardRowParent[];
  models: Map<string, ModelRow>;
  /** Sorted orders already computed, by `column|direction`: each sort runs once per board. */
  orders: Map<string, LeaderboardRowParent[]>;
  /** The models' cost figures, by model id, once a cost column was asked for (board/board-costs.ts). */
  costs?: Map<string, CostFigures>;
}

export type Direction = 'ASC' | 'DESC';
type Value = number | string | null;

interface SortColumn {
  value: (row: LeaderboardRowParent, model: ModelRow | undefined) => Value;
  /** Lower tiers first whatever the direction: what is not comparable never sorts among what is. */
  tier: (board: SortableBoard) => (row: LeaderboardRowParent) => number;
  best: Direction;
}

const noTiers = () => () => 0;

/**
 * Columns read from the row's model, and its cost figures (`Model.cost`: parameters and GFLOPs
 * from its graph, images per second from its newest measurement; fewer and more are better).
 */
const MODEL_COLUMNS: Record<string, { value: (m: ModelRow, cost: CostFigures | undefined) => Value; best: Direction }> =
  {
    model: { value: (m) => m.name.toLowerCase(), best: 'ASC' },
    imagenet: { value: (m) => m.imagenetTop1, best: 'DESC' },
    'cost:params': { value: (_m, c) => c?.parameters ?? null, best: 'ASC' },
    'cost:gflops': { value: (_m, c) => c?.gflopsPerImage ?? null, best: 'ASC' },
    'cost:ips': { value: (_m, c) => c?.imagesPerSecond ?? null, best: 'DESC' },
  };

/** Whether sorting by `column` needs the board's cost figures loaded first (board/board-costs.ts). */
export const needsCosts = (column: string) => column.startsWith('cost:');

/** Ranks and scores are ordered within each basis (the widest first), unranked rows after them. */
function basisTier(board: SortableBoard): (row: LeaderboardRowParent) => number {
  const order = (basis: TaskCategory[]) => basis.reduce((acc, c) => acc * 8 + TASK_CATEGORIES.indexOf(c) + 1, 0);
  const bases = new Map<string, TaskCategory[]>();
  for (const r of board.rows) if (r.rank !== null) bases.set(r.basis.join(), r.basis);
  const sorted = [...bases.values()].sort((a, b) => b.length - a.length || order(a) - order(b)).map((b) => b.join());
  const tiers = new Map(sorted.map((b, i) => [b, i]));
  return (row) => (row.rank === null ? sorted.length : tiers.get(row.basis.join())!);
}

function sortColumn(column: string, board: SortableBoard): SortColumn | null {
  if (column === 'rank') return { value: (r) => r.rank, tier: basisTier, best: 'ASC' };
  const lowerIsBetter: Direction = board.aggregate === 'MEAN_RANK' ? 'ASC' : 'DESC';
  if (column === 'score') return { value: (r) => r.score, tier: basisTier, best: lowerIsBetter };
  const fromModel = Object.hasOwn(MODEL_COLUMNS, column) ? MODEL_COLUMNS[column] : undefined;
  if (fromModel) {
    if (needsCosts(column) && !board.costs) throw new Error(`load the board's costs before sorting by ${column}`);
    const value = (r: LeaderboardRowParent, m: ModelRow | undefined) =>
      m ? fromModel.value(m, board.costs?.get(r.modelId)) : null;
    return { value, tier: noTiers, best: fromModel.best };
  }
  if (column.startsWith('category:')) {
    const category = column.slice(9).toLowerCase() as TaskCategory;
    if (!TASK_CATEGORIES.includes(category) || !board.tasks.some((t) => t.category === category)) return null;
    const of = (r: LeaderboardRowParent) => r.categoryScores.find((c) => c.category === category);
    return {
      value: (r) => of(r)?.score ?? null,
      tier: () => (r) => (of(r)?.comparable === false ? 1 : 0),
      best: lowerIsBetter,
    };
  }
  if (column.startsWith('task:')) {
    const j = board.tasks.findIndex((t) => t.slug === column.slice(5));
    if (j < 0) return null;
    const best: Direction = board.tasks[j]!.higherIsBetter ? 'DESC' : 'ASC';
    return { value: (r) => r.cells[j]!.value, tier: () => (r) => (r.cells[j]!.comparable ? 0 : 1), best };
  }
  return null;
}

/** The board's rows in the order asked for; each (column, direction) is sorted once per board. */
export function sortedRows(board: SortableBoard, column: string, direction?: Direction | null): LeaderboardRowParent[] {
  const col = sortColumn(column, board);
  if (!col) {
    throw badInput(
      `Cannot sort by "${column}": use rank, score, model, imagenet, cost:params, cost:gflops, cost:ips, ` +
        `category:<CATEGORY> or task:<slug> of this view's tasks.`,
      'orderBy',
    );
  }
  const dir = direction ?? col.best;
  const key = `${column}|${dir}`;
  const known = board.orders.get(key);
  if (known) return known;
  const sign = dir === 'ASC' ? 1 : -1;
  const tier = col.tier(board);
  const keyed = board.rows.map((row) => ({ row, v: col.value(row, board.models.get(row.modelId)), t: tier(row) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) {
      if (a.v !== b.v) return a.v === null ? 1 : -1;
    } else {
      if (a.t !== b.t) return a.t - b.t;
      if (a.v < b.v) return -sign;
      if (a.v > b.v) return sign;
    }
    // A total order, so pages never overlap: by rank, then by the row's key.
    const ra = a.row.rank ?? Infinity;
    const rb = b.row.rank ?? Infinity;
    if (ra !== rb) return ra - rb;
    return a.row.rowKey < b.row.rowKey ? -1 : a.row.rowKey > b.row.rowKey ? 1 : 0;
  });
  const rows = keyed.map((k) => k.row);
  board.orders.set(key, rows);
  return rows;
}

/** The most model slugs a `filter.models` may name: a comparison's handful, never a way to read the board. */
const MAX_FILTER_MODELS = 10;

export interface RowFilter {
  search?: string | null;
  family?: string | null;
  source?: ResultSource | null;
  /** Model slugs: only their rows. */
  models?: readonly string[] | null;
}

function modelSlugs(models: readonly string[] | null | undefined): Set<string> | null {
  if (models === null || models === undefined) return null;
  if (models.length > MAX_FILTER_MODELS) {
    throw badInput(
      `"filter.models" names ${models.length} models; give at most ${MAX_FILTER_MODELS}, ` +
        'or page through the board (rowsPage without filter.models).',
      'filter',
    );
  }
  return new Set(models.map((m) => m.trim().toLowerCase()));
}

/** Rows that pass the filter, in the given order. Filters hide rows; ranks stay the view's. */
export function filterRows(
  board: SortableBoard,
  rows: LeaderboardRowParent[],
  filter: RowFilter,
): LeaderboardRowParent[] {
  const needle = filter.search?.trim().toLowerCase() ?? '';
  const family = filter.family?.trim().toLowerCase() ?? '';
  if (needle.length > 200) throw badInput('"filter.search" is longer than 200 characters.', 'filter');
  const slugs = modelSlugs(filter.models);
  if (!needle && !family && !filter.source && !slugs) return rows;
  return rows.filter((r) => {
    const m = board.models.get(r.modelId);
    if (slugs && (!m || !slugs.has(m.slug))) return false;
    if (filter.source && r.source !== filter.source) return false;
    if (family && (m?.family ?? '').toLowerCase() !== family) return false;
    return !needle || (!!m && (m.name.toLowerCase().includes(needle) || m.slug.includes(needle)));
  });
}
