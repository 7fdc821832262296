import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, suiteTasks, tasks } from '../schema';
import type { TaskRow } from './find-suite';

export interface ReportTarget {
  suiteSlug: string;
  /** The task named in the report; null when no task has that slug. */
  task: TaskRow | null;
  /** The task is in the job's suite. */
  inSuite: boolean;
}

/**
 * What a result report needs to be checked before it is stored: the job's suite, the task, and
 * whether the suite has the task. One statement (it was three); null when the job does not exist.
 */
export async function findReportTarget(db: Db, opts: { jobId: string; taskSlug: string }): Promise<ReportTarget | null> {
  const [row] = await db
    .select({ suiteSlug: jobs.suiteSlug, task: tasks, inSuite: sql<boolean>`${suiteTasks.taskSlug} is not null` })
    .from(jobs)
    .leftJoin(tasks, eq(tasks.slug, opts.taskSlug))
    .leftJoin(suiteTasks, and(eq(suiteTasks.suiteSlug, jobs.suiteSlug), eq(suiteTasks.taskSlug, tasks.slug)))
    .where(eq(jobs.id, opts.jobId));
  return row ? { suiteSlug: row.suiteSlug, task: row.task, inSuite: row.inSuite } : null;
}
