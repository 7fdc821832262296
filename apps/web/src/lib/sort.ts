import { CATEGORIES, type Category, type LeaderboardRow, type LeaderboardTask } from './leaderboard';

/** A sortable column: rank, model name, overall score, a category score or a task. */
export type SortKey = 'rank' | 'score' | 'model' | 'imagenet' | CostKey | `category:${string}` | `task:${string}`;
/** The optional cost columns: parameters, GFLOPs per image, measured images per second. */
export type CostKey = 'cost:params' | 'cost:gflops' | 'cost:ips';
export type Direction = 'asc' | 'desc';

export interface SortState {
  key: SortKey;
  dir: Direction;
}

export function parseSort(
  raw: string | undefined,
  dirRaw: string | undefined,
  aggregate: 'MEAN' | 'MEAN_RANK' = 'MEAN',
): SortState {
  const key: SortKey =
    raw && /^(rank|score|model|imagenet|cost:(params|gflops|ips)|category:[A-Z_]+|task:[a-z0-9-]+)$/.test(raw)
      ? (raw as SortKey)
      : 'rank';
  const dir: Direction = dirRaw === 'asc' || dirRaw === 'desc' ? dirRaw : defaultDirection(key, undefined, aggregate);
  return { key, dir };
}

/** Clicking a column sorts it best-first: rank ascending, scores descending, errors ascending. */
export function defaultDirection(
  key: SortKey,
  task?: LeaderboardTask,
  aggregate: 'MEAN' | 'MEAN_RANK' = 'MEAN',
): Direction {
  // Fewer parameters and GFLOPs are cheaper; more images per second is faster.
  if (key === 'rank' || key === 'model' || key === 'cost:params' || key === 'cost:gflops') return 'asc';
  if (aggregate === 'MEAN_RANK' && (key === 'score' || key.startsWith('category:'))) return 'asc';
  if (task && !task.higherIsBetter) return 'asc';
  return 'desc';
}

function sortValue(row: LeaderboardRow, key: SortKey): number | string | null {
  if (key === 'rank') return row.rank;
  if (key === 'score') return row.score;
  if (key === 'model') return row.model.name.toLowerCase();
  if (key === 'imagenet') return row.model.imagenetTop1;
  // The cost columns are sorted by the API only (rowsPage's cost:* columns, over the whole board).
  if (key.startsWith('cost:')) return null;
  if (key.startsWith('category:')) return row.categoryScores.find((c) => c.category === key.slice(9))?.score ?? null;
  return row.cells.find((c) => c.taskSlug === key.slice(5))?.value ?? null;
}

/**
 * Values that are not comparable never sort among those that are (the comparability rule): ranks
 * and scores are ordered within each basis (the widest basis first), a category's or a task's
 * values on another protocol come after the comparable ones. Lower tiers first, whatever the direction.
 */
function tierOf(rows: LeaderboardRow[], key: SortKey): (row: LeaderboardRow) => number {
  if (key === 'rank' || key === 'score') {
    const bases = [...new Set(rows.filter((r) => r.rank !== null).map((r) => r.basis.join()))].sort(
      (a, b) => b.split(',').length - a.split(',').length || categoryOrder(a) - categoryOrder(b),
    );
    return (row) => (row.rank === null ? bases.length : bases.indexOf(row.basis.join()));
  }
  if (key.startsWith('category:'))
    return (row) => (row.categoryScores.find((c) => c.category === key.slice(9))?.comparable === false ? 1 : 0);
  if (key.startsWith('task:'))
    return (row) => (row.cells.find((c) => c.taskSlug === key.slice(5))?.comparable === false ? 1 : 0);
  return () => 0;
}

/** Orders bases of one size by their categories in canonical order. */
function categoryOrder(basis: string): number {
  return basis.split(',').reduce((acc, c) => acc * 8 + CATEGORIES.indexOf(c as Category) + 1, 0);
}

/** Sorts rows; missing values always go last, whatever the direction. */
export function sortRows(rows: LeaderboardRow[], sort: SortState): LeaderboardRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const tier = tierOf(rows, sort.key);
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) return va === vb ? 0 : va === null ? 1 : -1;
    const ta = tier(a);
    const tb = tier(b);
    if (ta !== tb) return ta - tb;
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return (a.rank ?? Infinity) - (b.rank ?? Infinity);
  });
}
