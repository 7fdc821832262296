import { findLeaderboardCells, type LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateLeaderboard, type Aggregate } from '@transferboard/suite/aggregate';
import { bootstrapRankIntervals, type RankInterval } from '@transferboard/suite/rank-intervals';
import { registry } from '@transferboard/suite/registry';
import type { ResultSource } from '@transferboard/suite/types';
import type { ApiContext } from '../context';
import { toDbCategory, toDbSource } from '../enums';
import type { QueryLeaderboardArgs } from '../generated/resolvers-types';
import type { LeaderboardParent, LeaderboardRowParent } from '../mappers';
import { nextTurn } from '../limits/turns';
import { requireSuite } from './lookups';

const rowKey = (c: Pick<LeaderboardCell, 'modelId' | 'source'>) => `${c.modelId}|${c.source}`;

/**
 * The leaderboard in a bounded number of statements: the suite and its tasks (2), every
 * primary-metric result of those tasks (1), then the rows' models in one batch (1): four in all,
 * however many models and tasks there are.
 */
export async function resolveLeaderboard(ctx: ApiContext, args: QueryLeaderboardArgs): Promise<LeaderboardParent> {
  const suite = await requireSuite(ctx, args.suite);
  const category = args.category ? toDbCategory(args.category) : null;
  const tasks = category ? suite.tasks.filter((t) => t.category === category) : suite.tasks;
  const source = args.source ? toDbSource(args.source) : null;
  const aggregate: Aggregate = args.aggregate ?? 'MEAN';
  await nextTurn(); // the statement and the aggregation each on a turn of its own (limits/turns.ts)
  const cells = await findLeaderboardCells(ctx.db, suite.slug, source ?? undefined);
  await nextTurn();
  const rows = buildRows(tasks, cells, aggregate);
  return { suite, category, aggregate, source, tasks, rows };
}

function buildRows(tasks: TaskRow[], cells: LeaderboardCell[], aggregate: Aggregate): LeaderboardRowParent[] {
  const taskDefs = tasks.map((t) => registry.task(t.slug));
  const byRow = new Map<string, Map<string, LeaderboardCell>>();
  for (const c of cells) {
    const key = rowKey(c);
    if (!byRow.has(key)) byRow.set(key, new Map());
    byRow.get(key)!.set(c.taskSlug, c);
  }
  const aggCells = cells.map((c) => ({ row: rowKey(c), task: c.taskSlug, value: c.value }));
  const aggregated = aggregateLeaderboard(taskDefs, aggCells, aggregate);
  // Bootstrapping costs a few milliseconds: only when a client asks for an interval, once per leaderboard.
  let intervals: Map<string, RankInterval> | undefined;
  const rankIntervals = () => (intervals ??= bootstrapRankIntervals(taskDefs, aggCells, aggregate));
  return aggregated.map((r) => {
    const [modelId, source] = r.row.split('|') as [string, ResultSource];
    const rowCells = byRow.get(r.row)!;
    return {
      rank: r.rank,
      score: r.score,
      rowKey: r.row,
      rankIntervals,
      modelId,
      source,
      categoryScores: r.categories,
      completeness: { tasksWithResults: r.tasksWithResults, tasks: r.tasks },
      cells: tasks.map((t) => {
        const c = rowCells.get(t.slug);
        return { taskSlug: t.slug, value: c?.value ?? null, ciLow: c?.ciLow ?? null, ciHigh: c?.ciHigh ?? null, protocolId: c?.protocolId ?? null };
      }),
    };
  });
}
