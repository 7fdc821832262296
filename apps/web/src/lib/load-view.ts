import { GraphQLRequestError } from './graphql';
import { fetchLeaderboard, type LeaderboardData, type LeaderboardRow } from './leaderboard';
import { applyView, parseView, type LeaderboardView, type RawParams } from './view';

export type LoadedView =
  | { ok: true; view: LeaderboardView; data: LeaderboardData; rows: LeaderboardRow[] }
  | { ok: false; view: LeaderboardView; message: string };

/** The page and the exports load a view the same way, so a download is exactly what was on screen. */
export async function loadView(params: RawParams): Promise<LoadedView> {
  const view = parseView(params);
  try {
    const data = await fetchLeaderboard({
      suite: view.suite, aggregate: view.aggregate, source: view.source, category: view.category,
      asOf: view.asOf, includeStale: view.includeStale,
    });
    return { ok: true, view, data, rows: applyView(data.leaderboard.rows, view) };
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
