import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { findLeaderboardCells, type LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import { findModelsByIds } from '@transferboard/db/queries/find-model';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateBoard, type Aggregate, type Cell } from '@transferboard/suite/aggregate';
import { prepareBoard, protocolKeyString, type Board } from '@transferboard/suite/comparability';
import { registry } from '@transferboard/suite/registry';
import type { ResultSource } from '@transferboard/suite/types';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import { filterRows, sortedRows } from '../board/board-rows';
import { boardIntervals, type BoardIntervals } from '../board/intervals';
import { pageOf, type Page } from '../board/board-page';
import type { LeaderboardRowsPageArgs, QueryLeaderboardArgs } from '../generated/resolvers-types';
import type { BuiltBoard, LeaderboardColumnParent, LeaderboardParent, LeaderboardRowParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { PINNED_AFTER_MS } from '../response-cache';
import { PINNED_BOARD } from '../board/board-store';
import { asOfArg } from './as-of';
import { requireSuite } from './lookups';

const rowKey = (c: Pick<LeaderboardCell, 'modelId' | 'source'>) => `${c.modelId}|${c.source}`;
const cellId = (row: string, task: string, protocolId: string, protocolVersion: number) =>
  `${row}|${task}|${protocolKeyString({ id: protocolId, version: protocolVersion })}`;

/**
 * The leaderboard of a view, built once per (view, data version) and shared by every request
 * (board/board-store.ts): the suite and its tasks (2 statements), every primary-metric result of
 * those tasks (1), the rows' models (1), then aggregation; later reads of the view cost the data
 * version's lookup and a page. Ranking follows the comparability rule (packages/suite
 * comparability.ts and aggregate.ts): nothing here compares numbers itself.
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
  const board = await ctx.boards.get(key, version, async () => {
    await nextTurn(); // the statement and the aggregation each on a turn of its own (limits/turns.ts)
    const cells = await findLeaderboardCells(ctx.db, suite.slug, { source: source ?? undefined, asOf, includeStale });
    await nextTurn();
    const onError = (error: unknown) => ctx.log.error({ err: error, view: key, version }, 'rank intervals failed');
    const built = buildLeaderboard(tasks, cells, aggregate, (board, aggCells) =>
      boardIntervals(board, aggCells, aggregate, ctx.inlineIntervalRows, onError),
    );
    const models = new Map(
      (await findModelsByIds(ctx.db, [...new Set(built.rows.map((r) => r.modelId))])).map((m) => [m.id, m]),
    );
    for (const row of built.rows) row.model = models.get(row.modelId);
    const families = [...new Set([...models.values()].map((m) => m.family).filter((f): f is string => !!f))].sort();
    return { aggregate, tasks, ...built, models, families, orders: new Map() };
  });
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
export function resolveRowsPage(board: BuiltBoard, args: LeaderboardRowsPageArgs): Page<LeaderboardRowParent> {
  const ordered = sortedRows(board, args.orderBy?.column ?? 'rank', args.orderBy?.direction);
  const filter = args.filter ?? {};
  const rows = filterRows(board, ordered, { ...filter, source: filter.source ? toDbSource(filter.source) : null });
  return pageOf(rows, args);
}

function buildLeaderboard(
  tasks: TaskRow[],
  cells: LeaderboardCell[],
  aggregate: Aggregate,
  intervalsOf: (board: Board, cells: Cell[]) => BoardIntervals,
): { columns: LeaderboardColumnParent[]; rows: LeaderboardRowParent[]; intervals: BoardIntervals } {
  const byId = new Map(cells.map((c) => [cellId(rowKey(c), c.taskSlug, c.protocolId, c.protocolVersion), c]));
  const aggCells: Cell[] = cells.map((c) => ({
    row: rowKey(c),
    task: c.taskSlug,
    value: c.value,
    protocolId: c.protocolId,
    protocolVersion: c.protocolVersion,
  }));
  const board = prepareBoard(
    tasks.map((t) => registry.task(t.slug)),
    aggCells,
  );
  // Small boards bootstrap in-process when first asked; large ones in a worker thread from now on.
  const rankIntervals = intervalsOf(board, aggCells);
  const columns = tasks.map((task, j) => {
    const ref = board.references[j] ?? null;
    return {
      task,
      referenceProtocol: ref && { id: ref.id, version: ref.version },
      referenceReason: ref?.reason ?? null,
    };
  });
  const aggregated = aggregateBoard(board, aggregate);
  const rankCount = new Map<string, number>();
  const tieKey = (r: { basis: string[]; rank: number | null }) => `${r.basis.join()}:${r.rank}`;
  for (const r of aggregated) if (r.rank !== null) rankCount.set(tieKey(r), (rankCount.get(tieKey(r)) ?? 0) + 1);
  const rows = aggregated.map((r): LeaderboardRowParent => {
    const [modelId, source] = r.row.split('|') as [string, ResultSource];
    return {
      rank: r.rank,
      rankedAmong: r.rankedAmong,
      rankTied: r.rank !== null && (rankCount.get(tieKey(r)) ?? 0) > 1,
      basis: r.basis,
      score: r.score,
      rowKey: r.row,
      rankIntervals,
      modelId,
      source,
      categoryScores: r.categories,
      completeness: { tasksWithResults: r.tasksWithResults, tasks: r.tasks },
      cells: r.cells.map((c) => {
        const stored =
          c.value === null ? undefined : byId.get(cellId(r.row, c.task, c.protocolId!, c.protocolVersion!));
        return {
          taskSlug: c.task,
          value: c.value,
          ciLow: stored?.ciLow ?? null,
          ciHigh: stored?.ciHigh ?? null,
          protocolId: c.protocolId,
          protocolVersion: c.protocolVersion,
          comparable: c.comparable,
          rank: c.rank,
          rankedAmong: c.rankedAmong,
          stale: (stored?.staleReason ?? null) !== null,
          staleReason: stored?.staleReason ?? null,
        };
      }),
    };
  });
  return { columns, rows, intervals: rankIntervals };
}
