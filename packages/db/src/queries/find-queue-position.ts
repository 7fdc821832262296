import { and, count, eq, gt, or, lt, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';

/**
 * A queued job's place in line (1 = claimed next), in the order claimJob takes jobs: highest
 * priority first, then oldest. Null when the job is not queued (running, finished, or unknown).
 */
export async function findQueuePosition(db: Db, jobId: string): Promise<number | null> {
  const [job] = await db
    .select({ status: jobs.status, createdAt: jobs.createdAt, priority: jobs.priority })
    .from(jobs)
    .where(eq(jobs.id, jobId));
  if (job?.status !== 'QUEUED') return null;
  const [ahead] = await db
    .select({ n: count() })
    .from(jobs)
    .where(
      and(
        eq(jobs.status, 'QUEUED'),
        or(
          gt(jobs.priority, job.priority),
          and(
            eq(jobs.priority, job.priority),
            or(
              lt(jobs.createdAt, job.createdAt),
              and(eq(jobs.createdAt, job.createdAt), lt(jobs.id, sql`${jobId}::uuid`)),
            ),
          ),
        ),
      ),
    );
  return Number(ahead?.n ?? 0) + 1;
}
