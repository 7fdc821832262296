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
}

export const DEFAULT_SUITE = 'ssl-transfer-v1';

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
  if (view.sort.key !== 'rank' || view.sort.dir !== 'asc') {
    q.set('sort', view.sort.key);
    q.set('dir', view.sort.dir);
  }
  if (view.asOf) q.set('asOf', view.asOf);
  if (view.includeStale) q.set('stale', '1');
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q;
}

export function viewHref(path: string, view: LeaderboardView, extra?: Record<string, string>): string {
  return `${path}?${viewParams(view, extra).toString()}`;
}

export function filterRows(rows: LeaderboardRow[], view: Pick<LeaderboardView, 'q' | 'family'>): LeaderboardRow[] {
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
