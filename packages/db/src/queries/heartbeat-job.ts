import { and, eq, getTableColumns, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs, statusEvents } from '../schema';
import type { FencedJob } from './lock-fenced-job';

/**
 * A live runner's heartbeat: extends the lease, records its progress, and moves a LEASED job to
 * RUNNING (recording that once). Refused (`stale`) once the runner's fencing token is not the latest.
 *
 * One guarded UPDATE (the fence is its WHERE clause, the row lock its own), so a heartbeat costs
 * one round trip; the RETURNING subquery reads the statement's snapshot, i.e. the status
 * before the update, to know whether this is the first heartbeat.
 */
export async function heartbeatJob(db: Db, opts: { jobId: string; fencingToken: number; progress: Record<string, unknown>; leaseSeconds: number }): Promise<FencedJob> {
  const [job] = await db
    .update(jobs)
    .set({ status: 'RUNNING', progress: opts.progress, leaseExpiresAt: sql`now() + make_interval(secs => ${opts.leaseSeconds})`, updatedAt: sql`now()` })
    .where(and(eq(jobs.id, opts.jobId), eq(jobs.fencingToken, opts.fencingToken), inArray(jobs.status, ['LEASED', 'RUNNING']), gt(jobs.leaseExpiresAt, sql`now()`)))
    .returning({ ...getTableColumns(jobs), previousStatus: sql<string>`(select j.status from jobs j where j.id = ${opts.jobId})` });
  if (!job) {
    const [current] = await db.select().from(jobs).where(eq(jobs.id, opts.jobId));
    return current ? { ok: false, reason: 'stale', job: current } : { ok: false, reason: 'not_found' };
  }
  const { previousStatus, ...row } = job;
  if (previousStatus === 'LEASED') {
    await db.insert(statusEvents).values({ submissionId: row.submissionId, jobId: row.id, status: 'RUNNING', reason: 'first heartbeat', attempt: row.attempt });
  }
  return { ok: true, job: row };
}
