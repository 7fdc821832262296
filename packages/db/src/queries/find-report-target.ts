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
  /** The live token with the caller's hash (when one was given), else null. */
  caller: { id: string; role: 'submitter' | 'runner' | 'admin' } | null;
}

/**
 * What a result report needs to be checked before it is stored: the job's suite, the task,
 * whether the suite has the task, and the caller's token. One statement (it was four); null when
 * the job does not exist.
 */
export async function findReportTarget(
  db: Db,
  opts: { jobId: string; taskSlug: string; tokenHash?: string },
): Promise<ReportTarget | null> {
  const caller =
    opts.tokenHash === undefined
      ? sql`null`
      : sql`(select json_build_object('id', t.id, 'role', t.role) from api_tokens t
    where t.token_hash = ${opts.tokenHash} and t.revoked_at is null)`;
  const [row] = await db
    .select({
      suiteSlug: jobs.suiteSlug,
      task: tasks,
      inSuite: sql<boolean>`${suiteTasks.taskSlug} is not null`,
      caller: sql<ReportTarget['caller']>`${caller}`,
    })
    .from(jobs)
    .leftJoin(tasks, eq(tasks.slug, opts.taskSlug))
    .leftJoin(suiteTasks, and(eq(suiteTasks.suiteSlug, jobs.suiteSlug), eq(suiteTasks.taskSlug, tasks.slug)))
    .where(eq(jobs.id, opts.jobId));
  return row ? { suiteSlug: row.suiteSlug, task: row.task, inSuite: row.inSuite, caller: row.caller ?? null } : null;
}
