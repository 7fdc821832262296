import { findLeaderboardCells, type LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateBoard, type Aggregate, type Cell } from '@transferboard/suite/aggregate';
import { prepareBoard, protocolKeyString } from '@transferboard/suite/comparability';
import { bootstrapBoardRankIntervals, type RankInterval } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import type { ResultSource } from '@transferboard/suite/types';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import type { QueryLeaderboardArgs } from '../generated/resolvers-types';
import type { LeaderboardColumnParent, LeaderboardParent, LeaderboardRowParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { asOfArg } from './as-of';
import { requireSuite } from './lookups';

const rowKey = (c: Pick<LeaderboardCell, 'modelId' | 'source'>) => `${c.modelId}|${c.source}`;
const cellId = (row: string, task: string, protocolId: string, protocolVersion: number) =>
  `${row}|${task}|${protocolKeyString({ id: protocolId, version: protocolVersion })}`;

/**
 * The leaderboard in a bounded number of statements: the suite and its tasks (2), every
 * primary-metric result of those tasks (1), then the rows' models in one batch (1): four in all,
 * however many models and tasks there are. Ranking follows the comparability rule
 * (packages/suite comparability.ts and aggregate.ts): nothing here compares numbers itself.
 */
export async function resolveLeaderboard(ctx: ApiContext, args: QueryLeaderboardArgs): Promise<LeaderboardParent> {
  const suite = await requireSuite(ctx, args.suite);
  const category = args.category ? toDbCategory(args.category) : null;
  const tasks = category ? suite.tasks.filter((t) => t.category === category) : suite.tasks;
  const source = args.source ? toDbSource(args.source) : null;
  const aggregate: Aggregate = args.aggregate ?? 'MEAN';
  const asOf = asOfArg(args.asOf);
  const includeStale = args.includeStale ?? false;
  await nextTurn(); // the statement and the aggregation each on a turn of its own (limits/turns.ts)
  const cells = await findLeaderboardCells(ctx.db, suite.slug, { source: source ?? undefined, asOf, includeStale });
  await nextTurn();
  return { suite, category, aggregate, source, tasks, asOf, includeStale, ...buildLeaderboard(tasks, cells, aggregate) };
}

function buildLeaderboard(tasks: TaskRow[], cells: LeaderboardCell[], aggregate: Aggregate): { columns: LeaderboardColumnParent[]; rows: LeaderboardRowParent[] } {
  const byId = new Map(cells.map((c) => [cellId(rowKey(c), c.taskSlug, c.protocolId, c.protocolVersion), c]));
  const aggCells: Cell[] = cells.map((c) => ({ row: rowKey(c), task: c.taskSlug, value: c.value, protocolId: c.protocolId, protocolVersion: c.protocolVersion }));
  const board = prepareBoard(tasks.map((t) => registry.task(t.slug)), aggCells);
  // Bootstrapping costs a few milliseconds: only when a client asks for an interval, once per leaderboard.
  let intervals: Map<string, RankInterval> | undefined;
  const rankIntervals = () => (intervals ??= bootstrapBoardRankIntervals(board, aggregate));
  const columns = tasks.map((task, j) => {
    const ref = board.references[j] ?? null;
    return { task, referenceProtocol: ref && { id: ref.id, version: ref.version }, referenceReason: ref?.reason ?? null };
  });
  const rows = aggregateBoard(board, aggregate).map((r): LeaderboardRowParent => {
    const [modelId, source] = r.row.split('|') as [string, ResultSource];
    return {
      rank: r.rank,
      rankedAmong: r.rankedAmong,
      basis: r.basis,
      score: r.score,
      rowKey: r.row,
      rankIntervals,
      modelId,
      source,
      categoryScores: r.categories,
      completeness: { tasksWithResults: r.tasksWithResults, tasks: r.tasks },
      cells: r.cells.map((c) => {
        const stored = c.value === null ? undefined : byId.get(cellId(r.row, c.task, c.protocolId!, c.protocolVersion!));
        return {
          taskSlug: c.task, value: c.value, ciLow: stored?.ciLow ?? null, ciHigh: stored?.ciHigh ?? null,
          protocolId: c.protocolId, protocolVersion: c.protocolVersion, comparable: c.comparable, rank: c.rank, rankedAmong: c.rankedAmong,
          stale: (stored?.staleReason ?? null) !== null, staleReason: stored?.staleReason ?? null,
        };
      }),
    };
  });
  return { columns, rows };
}
