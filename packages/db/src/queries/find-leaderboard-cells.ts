import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ResultSource } from '@transferboard/suite/types';
import type { Db } from '../client';
import { models, results, suiteTasks, tasks } from '../schema';
import { currentAt, staleReason } from './result-state';

export interface LeaderboardCell {
  modelId: string;
  taskSlug: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
  source: ResultSource;
  protocolId: string;
  protocolVersion: number;
  /** Why the result was stale at the moment asked for (a newer protocol or task version), or null. */
  staleReason: string | null;
}

export interface CellOptions {
  /** Only results of this source. */
  source?: ResultSource;
  /** The state at this moment: rows current then, stale judged then. Default: now. */
  asOf?: Date;
  /** Keep stale results (flagged); by default they are left out, so rankings never use them. */
  includeStale?: boolean;
  /** Only these models' results: what a board's incremental rebuild reloads (board/board-update.ts). */
  modelIds?: string[];
}

/**
 * Every primary-metric result of a suite's tasks as of a moment, in ONE statement: the whole
 * leaderboard is built from this and the suite's task list (no per-row queries). This is the one
 * place that decides which results a board at time T is made of; a precomputed ranking must be
 * keyed on what it is given here (suite, source, asOf, includeStale).
 */
export async function findLeaderboardCells(db: Db, suite: string, opts: CellOptions = {}): Promise<LeaderboardCell[]> {
  const reason = staleReason(opts.asOf);
  const where: SQL[] = [currentAt(opts.asOf)];
  if (opts.source) where.push(eq(results.source, opts.source));
  if (!opts.includeStale) where.push(sql`${reason} is null`);
  if (opts.modelIds) where.push(inArray(results.modelId, opts.modelIds));
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
      staleReason: reason,
    })
    .from(results)
    .innerJoin(suiteTasks, and(eq(suiteTasks.taskSlug, results.taskSlug), eq(suiteTasks.suiteSlug, suite)))
    .innerJoin(tasks, and(eq(tasks.slug, results.taskSlug), eq(tasks.primaryMetric, results.metric)))
    .innerJoin(models, eq(models.id, results.modelId))
    .where(and(...where))
    .orderBy(asc(models.slug), asc(suiteTasks.position));
}
