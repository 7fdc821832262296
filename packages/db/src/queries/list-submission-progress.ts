import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { results, suiteTasks, tasks } from '../schema';

export interface TaskProgress {
  taskSlug: string;
  /** The runner has a protocol for the task (fine-tuning tasks, for one, it has not). */
  measurable: boolean;
  /** A measured primary-metric result of the model exists for the task. */
  done: boolean;
}

/** Per task of the suite, in suite order, whether the model has its measured result: one statement. */
export async function listSubmissionProgress(db: Db, opts: { modelId: string; suiteSlug: string }): Promise<TaskProgress[]> {
  const done = sql<boolean>`exists (select 1 from ${results} where ${results.modelId} = ${opts.modelId}
    and ${results.taskSlug} = ${tasks.slug} and ${results.metric} = ${tasks.primaryMetric} and ${results.source} = 'measured')`;
  return db
    .select({ taskSlug: tasks.slug, measurable: sql<boolean>`${tasks.protocol} is not null and ${tasks.protocol} != 'null'::jsonb`, done })
    .from(suiteTasks)
    .innerJoin(tasks, eq(tasks.slug, suiteTasks.taskSlug))
    .where(and(eq(suiteTasks.suiteSlug, opts.suiteSlug)))
    .orderBy(asc(suiteTasks.position));
}
