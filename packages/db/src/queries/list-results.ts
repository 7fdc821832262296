import { and, asc, eq, inArray, type SQL } from 'drizzle-orm';
import type { ResultSource } from '@transferboard/suite/types';
import type { Db } from '../client';
import { results, suiteTasks } from '../schema';

export type ResultRow = typeof results.$inferSelect;

export interface ResultFilter {
  modelIds?: readonly string[];
  taskSlugs?: readonly string[];
  suite?: string;
  source?: ResultSource;
  protocolId?: string;
  metric?: string;
}

/** Results matching every given filter, in one statement (suite membership by a join). */
export async function listResults(db: Db, filter: ResultFilter): Promise<ResultRow[]> {
  if (filter.modelIds?.length === 0 || filter.taskSlugs?.length === 0) return [];
  const where: SQL[] = [];
  if (filter.modelIds) where.push(inArray(results.modelId, [...filter.modelIds]));
  if (filter.taskSlugs) where.push(inArray(results.taskSlug, [...filter.taskSlugs]));
  if (filter.source) where.push(eq(results.source, filter.source));
  if (filter.protocolId) where.push(eq(results.protocolId, filter.protocolId));
  if (filter.metric) where.push(eq(results.metric, filter.metric));
  if (!filter.suite) {
    return db.select().from(results).where(and(...where)).orderBy(asc(results.taskSlug), asc(results.metric), asc(results.id));
  }
  const rows = await db
    .select({ r: results })
    .from(results)
    .innerJoin(suiteTasks, and(eq(suiteTasks.taskSlug, results.taskSlug), eq(suiteTasks.suiteSlug, filter.suite)))
    .where(and(...where))
    .orderBy(asc(suiteTasks.position), asc(results.metric), asc(results.id));
  return rows.map((x) => x.r);
}
