import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { ResultSource } from '@transferboard/suite/types';
import type { Db } from '../client';
import { results, suiteTasks } from '../schema';
import { currentAt, staleReason } from './result-state';

/** A stored result with why it is stale at the moment it was read for (null: not stale). */
export type ResultRow = typeof results.$inferSelect & { staleReason: string | null };

export interface ResultFilter {
  modelIds?: readonly string[];
  taskSlugs?: readonly string[];
  suite?: string;
  source?: ResultSource;
  protocolId?: string;
  metric?: string;
  /** The rows current at this moment, stale judged then (default: now). */
  asOf?: Date;
  /** False: leave stale results out (default: keep them, flagged). */
  includeStale?: boolean;
}

/** Results matching every given filter as of a moment, in one statement (suite membership by a join). */
export async function listResults(db: Db, filter: ResultFilter): Promise<ResultRow[]> {
  if (filter.modelIds?.length === 0 || filter.taskSlugs?.length === 0) return [];
  const reason = staleReason(filter.asOf);
  const where: SQL[] = [currentAt(filter.asOf)];
  if (filter.includeStale === false) where.push(sql`${reason} is null`);
  if (filter.modelIds) where.push(inArray(results.modelId, [...filter.modelIds]));
  if (filter.taskSlugs) where.push(inArray(results.taskSlug, [...filter.taskSlugs]));
  if (filter.source) where.push(eq(results.source, filter.source));
  if (filter.protocolId) where.push(eq(results.protocolId, filter.protocolId));
  if (filter.metric) where.push(eq(results.metric, filter.metric));
  if (!filter.suite) {
    const rows = await db
      .select({ r: results, staleReason: reason })
      .from(results)
      .where(and(...where))
      .orderBy(asc(results.taskSlug), asc(results.metric), asc(results.id));
    return rows.map((x) => ({ ...x.r, staleReason: x.staleReason }));
  }
  const rows = await db
    .select({ r: results, staleReason: reason })
    .from(results)
    .innerJoin(suiteTasks, and(eq(suiteTasks.taskSlug, results.taskSlug), eq(suiteTasks.suiteSlug, filter.suite)))
    .where(and(...where))
    .orderBy(asc(suiteTasks.position), asc(results.metric), asc(results.id));
  return rows.map((x) => ({ ...x.r, staleReason: x.staleReason }));
}
