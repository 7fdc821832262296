import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

/**
 * Releases a job may take without their attempt counting. A job whose runners keep being stopped
 * on it (a host evicting whatever runs the job, say) must still end: past this many, a release
 * counts as an attempt like any retryable failure.
 */
export const MAX_FREE_RELEASES = 10;

/**
 * A runner (stopping on SIGTERM) or an operator (an admin token) gives a job back unfinished. It
 * goes back to the queue at once and the attempt does not count: `attempt` goes back down, so the
 * next claim is the same attempt number again (the fencing token still grows, so the releasing
 * runner is fenced out). Results already stored stay. After MAX_FREE_RELEASES a release counts as
 * an attempt, and the job fails once none are left.
 *
 * One statement, fenced like every runner write.
 */
export async function releaseJob(
  db: Db,
  opts: { jobId: string; fencingToken: number; reason: string; by: JobWriter },
): Promise<FencedJob> {
  const result = await db.execute(sql`with locked as (
      select id, submission_id, attempt, max_attempts, releases from jobs
      where ${fenceCondition(opts.jobId, opts.fencingToken, opts.by)} for update
    ), decided as (
      select locked.*, locked.releases < ${MAX_FREE_RELEASES} as free,
        (locked.releases < ${MAX_FREE_RELEASES} or locked.attempt < locked.max_attempts) as requeue,
        case when locked.releases < ${MAX_FREE_RELEASES}
          then 'released (' || ${opts.reason} || '); attempt ' || locked.attempt || ' does not count: queued again'
          else 'released (' || ${opts.reason} || '); release ' || (locked.releases + 1) || ' is past the '
            || ${MAX_FREE_RELEASES} || ' free ones, so it counts as attempt '
            || locked.attempt || ' of ' || locked.max_attempts
            || case when locked.attempt < locked.max_attempts then ': queued again' else ': no attempts left' end
        end as why
      from locked
    ), updated as (
      update jobs set status = (case when decided.requeue then 'QUEUED' else 'FAILED' end)::job_status,
        attempt = case when decided.free then jobs.attempt - 1 else jobs.attempt end, releases = jobs.releases + 1,
        lease_expires_at = null, runner_name = case when decided.requeue then null else jobs.runner_name end,
        last_error = case when decided.free then jobs.last_error else decided.why end, updated_at = now()
      from decided where jobs.id = decided.id
      returning jobs.*
    ), submission as (
      update submissions set status = (case when decided.requeue then 'QUEUED' else 'FAILED' end)::submission_status,
        failure_reason = case when decided.requeue then submissions.failure_reason else decided.why end, updated_at = now()
      from decided where submissions.id = decided.submission_id and submissions.status in ('QUEUED', 'RUNNING')
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select submission_id, id, case when requeue then 'QUEUED' else 'FAILED' end, why, attempt from decided
    )
    select * from updated`);
  const [row] = rowsOf(result);
  if (!row) return explainRefusal(db, opts.jobId, opts.fencingToken, opts.by);
  return { ok: true, job: jobRowFrom(row) };
}
