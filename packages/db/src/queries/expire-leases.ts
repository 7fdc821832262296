import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents, submissions } from '../schema';

export interface ExpiredLease {
  jobId: string;
  submissionId: string;
  attempt: number;
  status: 'QUEUED' | 'FAILED';
}

/**
 * Takes back the jobs whose runner stopped heartbeating (killed, partitioned, crashed): each
 * goes back to the queue (the next claim makes it attempt + 1 with a new fencing token, so the
 * lost runner's late writes are refused), or, when its attempts are used up, fails with the last
 * reason known. Rows another transaction holds are skipped, so any number of API replicas may
 * sweep at once. Returns what it changed.
 */
export async function expireLeases(db: Db, opts: { limit?: number } = {}): Promise<ExpiredLease[]> {
  return db.transaction(async (tx) => {
    const expired = await tx
      .select()
      .from(jobs)
      .where(and(inArray(jobs.status, ['LEASED', 'RUNNING']), lt(jobs.leaseExpiresAt, sql`now()`)))
      .orderBy(jobs.leaseExpiresAt)
      .limit(opts.limit ?? 100)
      .for('update', { skipLocked: true });
    const changed: ExpiredLease[] = [];
    for (const job of expired) {
      const lost = `the lease of runner "${job.runnerName ?? 'unknown'}" expired without a heartbeat (attempt ${job.attempt} of ${job.maxAttempts})`;
      const retry = job.attempt < job.maxAttempts;
      const reason = retry
        ? `${lost}: queued again`
        : `${lost}: no attempts left${job.lastError ? `; last error: ${job.lastError}` : ''}`;
      const status = retry ? ('QUEUED' as const) : ('FAILED' as const);
      await tx
        .update(jobs)
        .set({
          status,
          leaseExpiresAt: null,
          lastError: retry ? lost : reason,
          ...(retry ? { runnerName: null } : {}),
          updatedAt: sql`now()`,
        })
        .where(eq(jobs.id, job.id));
      await tx
        .update(submissions)
        .set(
          retry
            ? { status: 'QUEUED', updatedAt: sql`now()` }
            : { status: 'FAILED', failureReason: reason, updatedAt: sql`now()` },
        )
        .where(and(eq(submissions.id, job.submissionId), inArray(submissions.status, ['QUEUED', 'RUNNING'])));
      await tx
        .insert(statusEvents)
        .values({ submissionId: job.submissionId, jobId: job.id, status, reason, attempt: job.attempt });
      changed.push({ jobId: job.id, submissionId: job.submissionId, attempt: job.attempt, status });
    }
    return changed;
  });
}
