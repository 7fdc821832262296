import { CATEGORIES, type Aggregate, type Category, type LeaderboardRow, type Source } from './leaderboard';
import { parseSort, sortRows, type SortState } from './sort';

/**
 * Everything that defines what the leaderboard shows. It lives in the URL only, so a view is
 * shareable, survives reloads and works with plain GET forms; the page and the CSV/JSON export
 * both derive their rows from it with the same functions.
 */
export interface LeaderboardView {
  suite: string;
  aggregate: Aggregate;
  source?: Source;
  category?: Category;
  /** Case-insensitive substring of the model's name or slug. */
  q: string;
  family: string;
  sort: SortState;
  /** The board as of this moment (ISO 8601, as typed or linked; the API checks it). */
  asOf?: string;
  /** Rank stale results too (`stale=1`). */
  includeStale?: boolean;
  /** Show the cost columns (parameters, GFLOPs, img/s): `?cost=1`. */
  cost: boolean;
  /** Rows per page of `/` (one of PAGE_SIZES); exports always carry every row. */
  per: number;
}

const DEFAULT_SUITE = 'ssl-transfer-v1';

export type RawParams = Record<string, string | string[] | undefined> | URLSearchParams;

export function param(params: RawParams, name: string): string | undefined {
  if (params instanceof URLSearchParams) return params.get(name) ?? undefined;
  const v = params[name];
  return Array.isArray(v) ? v[0] : v;
}

export function parseView(params: RawParams): LeaderboardView {
  const suite = param(params, 'suite')?.trim() || DEFAULT_SUITE;
  const aggregate: Aggregate = param(params, 'aggregate')?.toUpperCase() === 'MEAN_RANK' ? 'MEAN_RANK' : 'MEAN';
  const sourceRaw = param(params, 'source')?.toUpperCase();
  const source = sourceRaw === 'REPORTED' || sourceRaw === 'MEASURED' ? sourceRaw : undefined;
  const categoryRaw = param(params, 'category')?.toUpperCase();
  const category = CATEGORIES.find((c) => c === categoryRaw);
  return {
    suite,
    aggregate,
    source,
    category,
    q: param(params, 'q')?.trim() ?? '',
    family: param(params, 'family')?.trim() ?? '',
    sort: parseSort(param(params, 'sort'), param(params, 'dir'), aggregate),
    asOf: param(params, 'asOf')?.trim() || undefined,
    includeStale: param(params, 'stale') === '1' || undefined,
    cost: param(params, 'cost') === '1',
    per: PAGE_SIZES.find((n) => String(n) === param(params, 'per')) ?? PAGE_SIZE,
  };
}

/** The view as query parameters, defaults left out so URLs stay short. */
export function viewParams(view: LeaderboardView, extra: Record<string, string> = {}): URLSearchParams {
  const q = new URLSearchParams();
  q.set('suite', view.suite);
  if (view.aggregate !== 'MEAN') q.set('aggregate', view.aggregate);
  if (view.source) q.set('source', view.source);
  if (view.category) q.set('category', view.category);
  if (view.q) q.set('q', view.q);
  if (view.family) q.set('family', view.family);
  if (view.cost) q.set('cost', '1');
  if (view.sort.key !== 'rank' || view.sort.dir !== 'asc') {
    q.set('sort', view.sort.key);
    q.set('dir', view.sort.dir);
  }
  if (view.asOf) q.set('asOf', view.asOf);
  if (view.includeStale) q.set('stale', '1');
  if (view.per !== PAGE_SIZE) q.set('per', String(view.per));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

/**
 * Rows per page of `/` by default. A row of 25 tasks is about 12 kB of HTML (table plus the
 * framework's payload; scripts/bench/growth), so 20 rows keep the page near 250 kB.
 */
export const PAGE_SIZE = 20;
/** The page sizes a URL may ask for (`per=`). */
const PAGE_SIZES = [5, 20, 50, 100] as const;

/**
 * Where in the view's rows a page starts: after or before one of the API's cursors, or the last
 * page. Kept apart from the view: changing the sort or a filter starts again at the first page.
 */
export type PagePosition = { after: string } | { before: string } | { last: true } | Record<string, never>;

export function parsePosition(params: RawParams): PagePosition {
  const cursor = (name: string) => {
    const v = param(params, name)?.trim();
    return v && /^[A-Za-z0-9_-]{1,200}$/.test(v) ? v : undefined;
  };
  const after = cursor('after');
  if (after) return { after };
  const before = cursor('before');
  if (before) return { before };
  return param(params, 'page') === 'last' ? { last: true } : {};
}

/** The API's page arguments for a position. */
export function pageArgs(
  position: PagePosition,
  per: number = PAGE_SIZE,
): { first?: number; after?: string; last?: number; before?: string } {
  if ('after' in position) return { first: per, after: position.after };
  if ('before' in position) return { last: per, before: position.before };
  if ('last' in position) return { last: per };
  return { first: per };
}

/** The API's sort and filter arguments for a view (ranks stay the view's: filters only hide rows). */
export function orderAndFilter(view: LeaderboardView): {
  orderBy: { column: string; direction: 'ASC' | 'DESC' };
  filter?: { search?: string; family?: string };
} {
  const filter = { ...(view.q ? { search: view.q } : {}), ...(view.family ? { family: view.family } : {}) };
  return {
    orderBy: { column: view.sort.key, direction: view.sort.dir === 'asc' ? 'ASC' : 'DESC' },
    ...(Object.keys(filter).length ? { filter } : {}),
  };
}

export function viewHref(path: string, view: LeaderboardView, extra?: Record<string, string>): string {
  return `${path}?${viewParams(view, extra).toString()}`;
}

function filterRows(rows: LeaderboardRow[], view: Pick<LeaderboardView, 'q' | 'family'>): LeaderboardRow[] {
  const needle = view.q.toLowerCase();
  return rows.filter(
    (r) =>
      (!needle || r.model.name.toLowerCase().includes(needle) || r.model.slug.includes(needle)) &&
      (!view.family || (r.model.family ?? '').toLowerCase() === view.family.toLowerCase()),
  );
}

/** The rows of the view, filtered then sorted: exactly what the table and the exports show. */
export function applyView(rows: LeaderboardRow[], view: LeaderboardView): LeaderboardRow[] {
  return sortRows(filterRows(rows, view), view.sort);
}

export function familiesOf(rows: LeaderboardRow[]): string[] {
  return [...new Set(rows.map((r) => r.model.family).filter((f): f is string => !!f))].sort();
}
