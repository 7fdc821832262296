import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobs } from '../schema';
import type { JobRow } from './lock-fenced-job';

/**
 * Leases the oldest QUEUED job to `runner`: attempt + 1, a new fencing token, a lease of
 * `leaseSeconds`. `FOR UPDATE SKIP LOCKED` lets many runners claim at once without waiting on,
 * or double-claiming, each other's rows. Null when nothing is queued.
 *
 * Two statements in one transaction (the lease, then the submission and its event in one CTE):
 * claims are on every runner's critical path, and each round trip to the database counts.
 */
export async function claimJob(db: Db, opts: { runner: string; leaseSeconds: number }): Promise<JobRow | null> {
  return db.transaction(async (tx) => {
    const next = sql`(select ${jobs.id} from ${jobs} where ${jobs.status} = 'QUEUED' order by ${jobs.createdAt}, ${jobs.id} limit 1 for update skip locked)`;
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
      .where(sql`${jobs.id} = ${next}`)
      .returning();
    if (!job) return null;
    await tx.execute(sql`with running as (
        update submissions set status = 'RUNNING', updated_at = now() where id = ${job.submissionId} and status = 'QUEUED'
      )
      insert into status_events (submission_id, job_id, status, reason, attempt)
      values (${job.submissionId}, ${job.id}, 'LEASED', ${`claimed by runner "${opts.runner}"`}, ${job.attempt})`);
    return job;
  });
}
