import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents, submissions } from '../schema';
import { lockFencedJob, type FencedJob, type JobWriter } from './lock-fenced-job';

/**
 * A runner gives a job up. Retryable failures go back to the queue while attempts remain; the
 * rest fail the job and its submission with the runner's reason, which submitters see.
 */
export async function failJob(db: Db, opts: { jobId: string; fencingToken: number; reason: string; retryable: boolean; by: JobWriter }): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const fenced = await lockFencedJob(tx as unknown as Db, opts.jobId, opts.fencingToken, opts.by);
    if (!fenced.ok) return fenced;
    const job = fenced.job;
    const retry = opts.retryable && job.attempt < job.maxAttempts;
    const status = retry ? ('QUEUED' as const) : ('FAILED' as const);
    const [updated] = await tx
      .update(jobs)
      .set({ status, lastError: opts.reason, leaseExpiresAt: null, runnerName: retry ? null : job.runnerName, updatedAt: sql`now()` })
      .where(eq(jobs.id, job.id))
      .returning();
    await tx
      .update(submissions)
      .set(retry ? { status: 'QUEUED', updatedAt: sql`now()` } : { status: 'FAILED', failureReason: opts.reason, updatedAt: sql`now()` })
      .where(eq(submissions.id, job.submissionId));
    const reason = retry ? `attempt ${job.attempt} of ${job.maxAttempts} failed, queued again: ${opts.reason}` : opts.reason;
    await tx.insert(statusEvents).values({ submissionId: job.submissionId, jobId: job.id, status, reason, attempt: job.attempt });
    return { ok: true, job: updated! };
  });
}
