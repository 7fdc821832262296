import { and, count, eq, or, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';

/**
 * A queued job's place in line (1 = claimed next), in the order claimJob takes jobs: oldest
 * first. Null when the job is not queued (running, finished, or unknown).
 */
export async function findQueuePosition(db: Db, jobId: string): Promise<number | null> {
  const [job] = await db
    .select({ status: jobs.status, createdAt: jobs.createdAt })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  if (job?.status !== 'QUEUED') return null;
  const [ahead] = await db
    .select({ n: count() })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'QUEUED'),
        or(lt(jobs.createdAt, job.createdAt), and(eq(jobs.createdAt, job.createdAt), lt(jobs.id, sql`${jobId}::uuid`))),
      ),
    );
  return Number(ahead?.n ?? 0) + 1;
}
