import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import type { Aggregate } from '@transferboard/suite/aggregate';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import { buildRowsOffLoop } from '../board/board-build';
import { packBoardCells } from '../board/packed-cells';
import { loadBoardSource, type View } from '../board/board-load';
import { withCostsFor } from '../board/board-costs';
import { filterRows, sortedRows } from '../board/board-rows';
import { boardIntervals } from '../board/intervals';
import { pageOf, type Page } from '../board/board-page';
import type { LeaderboardRowsPageArgs, QueryLeaderboardArgs } from '../generated/resolvers-types';
import type { BuiltBoard, LeaderboardParent, LeaderboardRowParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { PINNED_AFTER_MS } from '../response-cache';
import { PINNED_BOARD } from '../board/board-store';
import { asOfArg } from './as-of';
import { requireSuite } from './lookups';

/**
 * The leaderboard of a view, built once per (view, data version) and shared by every request
 * (board/board-store.ts). After a write, the view's previous board is updated: only the models
 * whose results changed are read again (board/board-load.ts), then the view is aggregated again
 * from the cells in memory, in a worker thread when it is large (board/board-build.ts). Later
 * reads of the view cost the data version's lookup and a page. Ranking follows the
 * comparability rule (packages/suite comparability.ts and aggregate.ts).
 */
export async function resolveLeaderboard(ctx: ApiContext, args: QueryLeaderboardArgs): Promise<LeaderboardParent> {
  const suite = await requireSuite(ctx, args.suite);
  const category = args.category ? toDbCategory(args.category) : null;
  const tasks = category ? suite.tasks.filter((t) => t.category === category) : suite.tasks;
  const source = args.source ? toDbSource(args.source) : null;
  const aggregate: Aggregate = args.aggregate ?? 'MEAN';
  const asOf = asOfArg(args.asOf);
  const includeStale = args.includeStale ?? false;
  // A board as of a moment at least a minute past cannot change (results are appended with their
  // time, never rewritten): it is kept across data versions. Any other follows the data version.
  const pinned = asOf !== undefined && asOf.getTime() <= Date.now() - PINNED_AFTER_MS;
  const version = pinned ? PINNED_BOARD : await findDataVersion(ctx.db);
  const key = JSON.stringify([suite.slug, category, source, aggregate, asOf?.toISOString() ?? null, includeStale]);
  const view: View = { suite: suite.slug, tasks, source, aggregate, asOf, includeStale };
  const board = await ctx.boards.get(key, version, (previous) => buildBoard(ctx, view, key, version, previous));
  return {
    suite,
    category,
    aggregate,
    source,
    tasks,
    asOf,
    includeStale,
    columns: board.columns,
    rows: board.rows,
    board,
  };
}

/** A page of the board in the order and under the filter asked for (rows carry their models). */
export async function resolveRowsPage(
  ctx: ApiContext,
  board: BuiltBoard,
  args: LeaderboardRowsPageArgs,
): Promise<Page<LeaderboardRowParent>> {
  const column = args.orderBy?.column ?? 'rank';
  await withCostsFor(ctx, board, column);
  const ordered = sortedRows(board, column, args.orderBy?.direction);
  const filter = args.filter ?? {};
  const rows = filterRows(board, ordered, { ...filter, source: filter.source ? toDbSource(filter.source) : null });
  return pageOf(rows, args);
}

/** A view's board: its cells (only what changed since `previous`), aggregated, with its models and intervals. */
async function buildBoard(
  ctx: ApiContext,
  view: View,
  key: string,
  version: number,
  previous: BuiltBoard | undefined,
): Promise<BuiltBoard> {
  await nextTurn(); // the statements and the aggregation each on a turn of its own (limits/turns.ts)
  const source = await loadBoardSource(ctx.db, view, previous?.source);
  await nextTurn();
  const base = previous && { token: previous.buildToken, rows: previous.rows };
  const built = await buildRowsOffLoop(view, source, base, ctx.inlineBuildCells);
  await nextTurn();
  const onError = (error: unknown) => ctx.log.error({ err: error, view: key, version }, 'rank intervals failed');
  const job = {
    taskSlugs: view.tasks.map((t) => t.slug),
    cells: packBoardCells(source.cellsByModel),
    aggregate: view.aggregate,
  };
  const intervals = boardIntervals(built.rows.length, job, ctx.inlineIntervalRows, onError);
  const rows: LeaderboardRowParent[] = built.rows.map((r) => ({
    ...r,
    rankIntervals: intervals,
    model: source.models.get(r.modelId),
  }));
  const families = [...new Set([...source.models.values()].map((m) => m.family).filter((f): f is string => !!f))];
  return {
    aggregate: view.aggregate,
    tasks: view.tasks,
    columns: built.columns,
    rows,
    intervals,
    models: source.models,
    families: families.sort(),
    orders: new Map(),
    source,
    buildToken: built.token,
  };
}
