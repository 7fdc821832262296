import { GraphQLRequestError } from './graphql';
import { fetchLeaderboardPage, type LeaderboardPageData, type LeaderboardRow } from './leaderboard';
import {
  orderAndFilter,
  pageArgs,
  parsePosition,
  parseView,
  type LeaderboardView,
  type PagePosition,
  type RawParams,
} from './view';

export type LoadedView =
  | { ok: true; view: LeaderboardView; data: LeaderboardPageData; rows: LeaderboardRow[] }
  | { ok: false; view: LeaderboardView; message: string };

/**
 * The variables of the view's query at a position, in one fixed shape: the same view always sends
 * the same request, so the API's response cache answers the second time (response-cache.ts).
 */
export function viewVariables(view: LeaderboardView, position: PagePosition = {}) {
  return {
    suite: view.suite,
    aggregate: view.aggregate,
    ...(view.source ? { source: view.source } : {}),
    ...(view.category ? { category: view.category } : {}),
    ...(view.asOf ? { asOf: view.asOf } : {}),
    ...(view.includeStale ? { includeStale: true } : {}),
    ...pageArgs(position, view.per),
    ...orderAndFilter(view),
  };
}

/** One page of a view, sorted and filtered by the API; the exports page through the same query. */
export async function loadView(params: RawParams, position: PagePosition = parsePosition(params)): Promise<LoadedView> {
  let view = parseView(params);
  try {
    let data: LeaderboardPageData;
    try {
      data = await fetchLeaderboardPage(viewVariables(view, position));
    } catch (error) {
      // A sort by a column this view lacks (a task of another category, after switching category):
      // the view's default order, from its first page, rather than an error page.
      if (!(error instanceof GraphQLRequestError) || error.argument !== 'orderBy' || view.sort.key === 'rank')
        throw error;
      view = { ...view, sort: { key: 'rank', dir: 'asc' } };
      data = await fetchLeaderboardPage(viewVariables(view, {}));
    }
    return { ok: true, view, data, rows: data.leaderboard.rowsPage.edges.map((e) => e.node) };
  } catch (error) {
    if (error instanceof GraphQLRequestError) return { ok: false, view, message: error.message };
    throw error;
  }
}

/** Ranks are per basis: two rows tie only when both their basis and their rank are equal. */
export const rankKey = (r: Pick<LeaderboardRow, 'basis' | 'rank'>): string => `${r.basis.join()}:${r.rank}`;

/** The rank keys (`rankKey`) held by more than one row. */
export function tiedRanks(rows: LeaderboardRow[]): Set<string> {
  const seen = new Set<string>();
  const tied = new Set<string>();
  for (const r of rows) {
    if (r.rank === null) continue;
    const key = rankKey(r);
    if (seen.has(key)) tied.add(key);
    seen.add(key);
  }
  return tied;
}
