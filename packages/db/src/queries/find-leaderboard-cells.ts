import { and, asc, eq } from 'drizzle-orm';
import type { ResultSource } from '@transferboard/suite/types';
import type { Db } from '../client';
import { models, results, suiteTasks, tasks } from '../schema';

export interface LeaderboardCell {
  modelId: string;
  taskSlug: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  source: ResultSource;
  protocolId: string;
  protocolVersion: number;
}

/**
 * Every primary-metric result of a suite's tasks, optionally of one source, in ONE statement:
 * the whole leaderboard is built from this and the suite's task list (no per-row queries).
 */
export async function findLeaderboardCells(db: Db, suite: string, source?: ResultSource): Promise<LeaderboardCell[]> {
  return db
    .select({
      modelId: results.modelId,
      taskSlug: results.taskSlug,
      value: results.value,
      ciLow: results.ciLow,
      ciHigh: results.ciHigh,
      source: results.source,
      protocolId: results.protocolId,
      protocolVersion: results.protocolVersion,
    })
    .from(results)
    .innerJoin(suiteTasks, and(eq(suiteTasks.taskSlug, results.taskSlug), eq(suiteTasks.suiteSlug, suite)))
    .innerJoin(tasks, and(eq(tasks.slug, results.taskSlug), eq(tasks.primaryMetric, results.metric)))
    .innerJoin(models, eq(models.id, results.modelId))
    .where(source ? eq(results.source, source) : undefined)
    .orderBy(asc(models.slug), asc(suiteTasks.position));
}
