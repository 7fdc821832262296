import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

/**
 * A runner gives a job up. Retryable failures go back to the queue while attempts remain; the
 * rest fail the job and its submission with the runner's reason, which submitters see. A
 * re-evaluation job (kind REEVALUATION) changes only itself: its submission stays SUCCEEDED.
 *
 * One statement (the runner's release on SIGTERM and every failure take this path): the fence is
 * a `FOR UPDATE` CTE, and the job, the submission and the event hang off it.
 */
export async function failJob(
  db: Db,
  opts: { jobId: string; fencingToken: number; reason: string; retryable: boolean; by: JobWriter },
): Promise<FencedJob> {
  const result = await db.execute(sql`with locked as (
      select id, submission_id, kind, attempt, max_attempts from jobs where ${fenceCondition(opts.jobId, opts.fencingToken, opts.by)} for update
    ), decided as (
      select locked.*, (${opts.retryable}::boolean and locked.attempt < locked.max_attempts) as retry from locked
    ), updated as (
      update jobs set status = (case when decided.retry then 'QUEUED' else 'FAILED' end)::job_status, last_error = ${opts.reason},
        lease_expires_at = null, runner_name = case when decided.retry then null else jobs.runner_name end, updated_at = now()
      from decided where jobs.id = decided.id
      returning jobs.*
    ), submission as (
      update submissions set status = (case when decided.retry then 'QUEUED' else 'FAILED' end)::submission_status,
        failure_reason = case when decided.retry then submissions.failure_reason else ${opts.reason} end, updated_at = now()
      -- A re-evaluation's failure is the job's: the submission keeps its status (and its results).
      from decided where submissions.id = decided.submission_id and decided.kind = 'SUBMISSION'
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select submission_id, id, case when retry then 'QUEUED' else 'FAILED' end,
        case when retry then 'attempt ' || attempt || ' of ' || max_attempts || ' failed, queued again: ' || ${opts.reason} else ${opts.reason} end, attempt
      from decided
    )
    select * from updated`);
  const [row] = rowsOf(result);
  if (!row) return explainRefusal(db, opts.jobId, opts.fencingToken, opts.by);
  return { ok: true, job: jobRowFrom(row) };
}
