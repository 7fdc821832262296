import { asc, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { suites, suiteTasks, tasks } from '../schema';

export type TaskRow = typeof tasks.$inferSelect;
export type SuiteWithTasks = typeof suites.$inferSelect & { tasks: TaskRow[] };

/** A suite with its tasks in suite order, or null for an unknown slug. Two statements. */
export async function findSuite(db: Db, slug: string): Promise<SuiteWithTasks | null> {
  const [suite] = await db.select().from(suites).where(eq(suites.slug, slug));
  if (!suite) return null;
  const rows = await db
    .select({ task: tasks })
    .from(suiteTasks)
    .innerJoin(tasks, eq(tasks.slug, suiteTasks.taskSlug))
    .where(eq(suiteTasks.suiteSlug, slug))
    .orderBy(asc(suiteTasks.position));
  return { ...suite, tasks: rows.map((r) => r.task) };
}
