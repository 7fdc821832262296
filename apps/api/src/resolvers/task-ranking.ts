import type { ResultRow } from '@transferboard/db/queries/list-results';
import type { TaskRow } from '@transferboard/db/queries/find-suite';
import { aggregateBoard } from '@transferboard/suite/aggregate';
import { prepareBoard, protocolKeyString } from '@transferboard/suite/comparability';
import { registry } from '@transferboard/suite/registry';
import type { ApiContext } from '../context';
import { toDbSource } from '../enums';
import type { ResultSource } from '../generated/resolvers-types';
import { nextTurn } from '../limits/turns';
import type { TaskRankingEntryParent, TaskRankingParent } from '../mappers';

/**
 * Every primary-metric result of one task, each ranked only among the results on the same
 * protocol. The results come through a per-request DataLoader (one statement per 16 tasks, so
 * `tasks { ranking }` does not cost a statement per task); the ranking runs on a turn of its own
 * (limits/turns.ts).
 */
export async function resolveTaskRanking(
  ctx: ApiContext,
  task: TaskRow,
  source: ResultSource | null | undefined,
): Promise<TaskRankingParent> {
  const results = await ctx.loaders.primaryResultsByTask.load({
    task: task.slug,
    primaryMetric: task.primaryMetric,
    source: source ? toDbSource(source) : undefined,
  });
  await nextTurn();
  return rankTask(task, results);
}

/**
 * Each result is its own entry, so a model with results on two protocols appears in both groups;
 * the reference protocol is chosen as on the leaderboard.
 */
function rankTask(task: TaskRow, results: readonly ResultRow[]): TaskRankingParent {
  const byId = new Map(results.map((r) => [String(r.id), r]));
  const board = prepareBoard(
    [registry.task(task.slug)],
    results.map((r) => ({
      row: String(r.id),
      task: r.taskSlug,
      value: r.value,
      protocolId: r.protocolId,
      protocolVersion: r.protocolVersion,
    })),
  );
  const reference = board.references[0] ?? null;
  const entries = aggregateBoard(board, 'MEAN').map((row): TaskRankingEntryParent => {
    const r = byId.get(row.row)!;
    const cell = row.cells[0]!;
    return {
      modelId: r.modelId,
      source: r.source,
      value: r.value,
      ciLow: r.ciLow,
      ciHigh: r.ciHigh,
      protocolId: r.protocolId,
      protocolVersion: r.protocolVersion,
      comparable: cell.comparable,
      rank: cell.rank!,
      rankedAmong: cell.rankedAmong!,
      result: r,
    };
  });
  const group = (e: TaskRankingEntryParent) => protocolKeyString({ id: e.protocolId, version: e.protocolVersion });
  entries.sort(
    (a, b) => Number(b.comparable) - Number(a.comparable) || group(a).localeCompare(group(b)) || a.rank - b.rank,
  );
  return {
    referenceProtocol: reference && { id: reference.id, version: reference.version },
    referenceReason: reference?.reason ?? null,
    entries,
  };
}
