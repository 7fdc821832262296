import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents, submissions } from '../schema';
import { bumpDataVersion } from './bump-data-version';
import { listSubmissionProgress } from './list-submission-progress';
import { lockFencedJob, type FencedJob, type JobWriter } from './lock-fenced-job';

export interface UnmeasuredTask {
  task: string;
  reason: string;
}

/**
 * Ends a job whose runner went through every task but could not measure some (a dataset
 * missing on that host, a task its version cannot do). With at least one measured result the
 * job and submission succeed, the tasks without a result named in the event; with none they
 * fail with those reasons. Fenced like every runner write.
 */
export async function completeJob(db: Db, opts: { jobId: string; fencingToken: number; unmeasured: UnmeasuredTask[]; by: JobWriter }): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const fenced = await lockFencedJob(t, opts.jobId, opts.fencingToken, opts.by);
    if (!fenced.ok) return fenced;
    const job = fenced.job;
    const [submission] = await tx.select().from(submissions).where(eq(submissions.id, job.submissionId));
    const progress = await listSubmissionProgress(t, { modelId: submission!.modelId, suiteSlug: job.suiteSlug });
    const measured = progress.filter((p) => p.done).length;
    const status = measured > 0 ? ('SUCCEEDED' as const) : ('FAILED' as const);
    const listed = groupByReason(opts.unmeasured);
    const reason = `${measured} of ${progress.length} tasks measured${opts.unmeasured.length ? `; no result for ${opts.unmeasured.length}: ${listed}` : ''}`;
    const [updated] = await tx
      .update(jobs)
      .set({ status, leaseExpiresAt: null, lastError: opts.unmeasured.length ? reason : null, updatedAt: sql`now()` })
      .where(eq(jobs.id, job.id))
      .returning();
    await tx
      .update(submissions)
      .set({ status, failureReason: status === 'FAILED' ? reason : null, updatedAt: sql`now()` })
      .where(eq(submissions.id, job.submissionId));
    await tx.insert(statusEvents).values({ submissionId: job.submissionId, jobId: job.id, status, reason, attempt: job.attempt });
    await bumpDataVersion(t);
    return { ok: true, job: updated! };
  });
}

/** "reason: task, task; reason: task": one line per distinct reason, so 23 tasks left out read as one. */
function groupByReason(unmeasured: UnmeasuredTask[]): string {
  const byReason = new Map<string, string[]>();
  for (const u of unmeasured.slice(0, 200)) {
    const reason = u.reason.slice(0, 300);
    byReason.set(reason, [...(byReason.get(reason) ?? []), u.task]);
  }
  return [...byReason].map(([reason, tasks]) => `${tasks.join(', ')} (${reason})`).join('; ');
}
