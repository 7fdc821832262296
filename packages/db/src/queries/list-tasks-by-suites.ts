import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../client';
import { suiteTasks, tasks } from '../schema';
import type { TaskRow } from './find-suite';

/** The tasks of several suites, each suite's in suite order, in one statement (for a batch loader). */
export async function listTasksBySuites(
  db: Db,
  suiteSlugs: readonly string[],
): Promise<{ suiteSlug: string; task: TaskRow }[]> {
  if (suiteSlugs.length === 0) return [];
  return db
    .select({ suiteSlug: suiteTasks.suiteSlug, task: tasks })
    .from(suiteTasks)
    .innerJoin(tasks, eq(tasks.slug, suiteTasks.taskSlug))
    .where(inArray(suiteTasks.suiteSlug, [...suiteSlugs]))
    .orderBy(asc(suiteTasks.suiteSlug), asc(suiteTasks.position));
}
