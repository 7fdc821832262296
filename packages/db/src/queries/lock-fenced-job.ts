import { eq } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';

export type JobRow = typeof jobs.$inferSelect;

export type FencedJob = { ok: true; job: JobRow } | { ok: false; reason: 'not_found' | 'stale'; job?: JobRow };

/**
 * Locks a job for a runner's write (inside the caller's transaction) and checks the fence: the
 * job must be leased or running, its lease unexpired, and the runner's fencing token the latest.
 * A runner whose lease was lost (expired, re-claimed, cancelled) gets `stale` and writes nothing.
 */
export async function lockFencedJob(tx: Db, jobId: string, fencingToken: number): Promise<FencedJob> {
  const [job] = await tx.select().from(jobs).where(eq(jobs.id, jobId)).for('update');
  if (!job) return { ok: false, reason: 'not_found' };
  const live = (job.status === 'LEASED' || job.status === 'RUNNING') && job.leaseExpiresAt !== null && job.leaseExpiresAt.getTime() > Date.now();
  if (!live || job.fencingToken !== fencingToken) return { ok: false, reason: 'stale', job };
  return { ok: true, job };
}
