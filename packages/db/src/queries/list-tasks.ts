import { and, asc, eq, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { suiteTasks, tasks } from '../schema';

type Category = (typeof tasks.$inferSelect)['category'];

/** Tasks, optionally of one suite (in suite order) and/or one category. */
export async function listTasks(db: Db, filter: { suite?: string; category?: Category } = {}) {
  const where: SQL[] = [];
  if (filter.category) where.push(eq(tasks.category, filter.category));
  if (!filter.suite)
    return db
      .select()
      .from(tasks)
      .where(and(...where))
      .orderBy(asc(tasks.slug));
  const rows = await db
    .select({ task: tasks })
    .from(suiteTasks)
    .innerJoin(tasks, eq(tasks.slug, suiteTasks.taskSlug))
    .where(and(eq(suiteTasks.suiteSlug, filter.suite), ...where))
    .orderBy(asc(suiteTasks.position));
  return rows.map((r) => r.task);
}
