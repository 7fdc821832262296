import { and, asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents, submissions } from '../schema';
import type { JobRow } from './lock-fenced-job';

/**
 * Leases the oldest QUEUED job to `runner`: attempt + 1, a new fencing token, a lease of
 * `leaseSeconds`. `FOR UPDATE SKIP LOCKED` lets many runners claim at once without waiting on,
 * or double-claiming, each other's rows. Null when nothing is queued.
 */
export async function claimJob(db: Db, opts: { runner: string; leaseSeconds: number }): Promise<JobRow | null> {
  return db.transaction(async (tx) => {
    const [next] = await tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(eq(jobs.status, 'QUEUED'))
      .orderBy(asc(jobs.createdAt), asc(jobs.id))
      .limit(1)
      .for('update', { skipLocked: true });
    if (!next) return null;
    const [job] = await tx
      .update(jobs)
      .set({
        status: 'LEASED',
        attempt: sql`${jobs.attempt} + 1`,
        fencingToken: sql`${jobs.fencingToken} + 1`,
        leaseExpiresAt: sql`now() + make_interval(secs => ${opts.leaseSeconds})`,
        runnerName: opts.runner,
        updatedAt: sql`now()`,
      })
      .where(eq(jobs.id, next.id))
      .returning();
    await tx
      .update(submissions)
      .set({ status: 'RUNNING', updatedAt: sql`now()` })
      .where(and(eq(submissions.id, job!.submissionId), eq(submissions.status, 'QUEUED')));
    await tx.insert(statusEvents).values({ submissionId: job!.submissionId, jobId: job!.id, status: 'LEASED', reason: `claimed by runner "${opts.runner}"`, attempt: job!.attempt });
    return job!;
  });
}
