import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

/**
 * A live runner's heartbeat: extends the lease, records its progress, and moves a LEASED job to
 * RUNNING (recording that once). Refused (`stale`) once the runner's fencing token is not the
 * latest, and (`not_claimer`) for a token other than the one that claimed the job.
 *
 * One statement, one round trip: the fence is the WHERE clause of a `FOR UPDATE` CTE, which
 * re-checks it against the latest row version if it had to wait, and returns that version's
 * status, so "first heartbeat" is recorded exactly once.
 */
export async function heartbeatJob(
  db: Db,
  opts: { jobId: string; fencingToken: number; progress: Record<string, unknown>; leaseSeconds: number; by: JobWriter },
): Promise<FencedJob> {
  const result = await db.execute(sql`with locked as (
      select id, status from jobs where ${fenceCondition(opts.jobId, opts.fencingToken, opts.by)} for update
    ), beat as (
      update jobs set status = 'RUNNING', progress = ${JSON.stringify(opts.progress)}::jsonb,
        lease_expires_at = now() + make_interval(secs => ${opts.leaseSeconds}), updated_at = now()
      from locked where jobs.id = locked.id
      returning jobs.*
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select beat.submission_id, beat.id, 'RUNNING', 'first heartbeat', beat.attempt from beat, locked where locked.status = 'LEASED'
    )
    select * from beat`);
  const [row] = rowsOf(result);
  if (!row) return explainRefusal(db, opts.jobId, opts.fencingToken, opts.by);
  return { ok: true, job: jobRowFrom(row) };
}
