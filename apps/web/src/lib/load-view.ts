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
    const data = await fetchLeaderboard({ suite: view.suite, aggregate: view.aggregate, source: view.source, category: view.category });
    return { ok: true, view, data, rows: applyView(data.leaderboard.rows, view) };
  } catch (error) {
    if (error instanceof GraphQLRequestError) return { ok: false, view, message: error.message };
    throw error;
  }
}

export function tiedRanks(rows: LeaderboardRow[]): Set<number> {
  const seen = new Set<number>();
  const tied = new Set<number>();
  for (const r of rows) {
    if (r.rank === null) continue;
    if (seen.has(r.rank)) tied.add(r.rank);
    seen.add(r.rank);
  }
  return tied;
}
