import { eq, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents } from '../schema';
import { lockFencedJob, type FencedJob } from './lock-fenced-job';

/**
 * A live runner's heartbeat: extends the lease, records its progress, and moves a LEASED job to
 * RUNNING (recording that once). Refused (`stale`) once the runner's fencing token is not the latest.
 */
export async function heartbeatJob(db: Db, opts: { jobId: string; fencingToken: number; progress: Record<string, unknown>; leaseSeconds: number }): Promise<FencedJob> {
  return db.transaction(async (tx) => {
    const fenced = await lockFencedJob(tx as unknown as Db, opts.jobId, opts.fencingToken);
    if (!fenced.ok) return fenced;
    const [job] = await tx
      .update(jobs)
      .set({ status: 'RUNNING', progress: opts.progress, leaseExpiresAt: sql`now() + make_interval(secs => ${opts.leaseSeconds})`, updatedAt: sql`now()` })
      .where(eq(jobs.id, opts.jobId))
      .returning();
    if (fenced.job.status === 'LEASED') {
      await tx.insert(statusEvents).values({ submissionId: job!.submissionId, jobId: job!.id, status: 'RUNNING', reason: 'first heartbeat', attempt: job!.attempt });
    }
    return { ok: true, job: job! };
  });
}
