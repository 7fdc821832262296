import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

export interface HeartbeatOptions {
  jobId: string;
  fencingToken: number;
  /** What the runner reports; its numeric `mark` (work done so far, only growing) is what "progress" means. */
  progress: Record<string, unknown>;
  leaseSeconds: number;
  /** A job whose mark has not grown for this long is stalled (null: never). */
  stallSeconds?: number | null;
  by: JobWriter;
}

/** The progress mark a heartbeat carries: a finite number, else none. */
export function progressMark(progress: Record<string, unknown>): number | null {
  const mark = progress.mark;
  return typeof mark === 'number' && Number.isFinite(mark) ? mark : null;
}

/**
 * A live runner's heartbeat: extends the lease, records its progress, and moves a LEASED job to
 * RUNNING (recording that once). Refused (`stale`) once the runner's fencing token is not the
 * latest, and (`not_claimer`) for a token other than the one that claimed the job.
 *
 * Stalls: a heartbeat proves the runner is alive, not that it works. The lease is extended only
 * while the progress mark keeps growing; once it has not grown for `stallSeconds` (since the
 * claim, the last higher mark or the last result), the heartbeat takes the job back instead:
 * queued again while attempts remain (the stall counts as one), else FAILED with the reason, and
 * the runner is answered `stalled`.
 *
 * Time the runner could not reach the API is not held against it: a runner blocked on an API
 * outage (waiting to report a finished task) makes no progress the API can see. When a heartbeat
 * comes more than half a lease after the job's last write (`updated_at`: every runner write sets
 * it), that gap is added to the last progress time before judging.
 *
 * One statement, one round trip: the fence is the WHERE clause of a `FOR UPDATE` CTE, which
 * re-checks it against the latest row version if it had to wait, and returns that version's
 * status, so "first heartbeat" is recorded exactly once.
 */
export async function heartbeatJob(db: Db, opts: HeartbeatOptions): Promise<FencedJob> {
  const mark = progressMark(opts.progress);
  const stall = opts.stallSeconds ?? null;
  const progress = JSON.stringify(opts.progress);
  const task = typeof opts.progress.task === 'string' ? ` (on task ${opts.progress.task.slice(0, 100)})` : '';
  const result = await db.execute(sql`with locked as (
      select id, status, submission_id, attempt, max_attempts, runner_name, progress_mark, progressed_at, updated_at
      from jobs where ${fenceCondition(opts.jobId, opts.fencingToken, opts.by)} for update
    ), gap as (
      select locked.id, coalesce(locked.progressed_at, now()) + case when now() - locked.updated_at > make_interval(secs => ${opts.leaseSeconds / 2})
        then now() - locked.updated_at else interval '0' end as progressed_at
      from locked
    ), decided as (
      select locked.*, advanced, gap.progressed_at as since, (not advanced and ${stall}::int is not null
          and gap.progressed_at < now() - make_interval(secs => ${stall}::int)) as stalled,
        locked.attempt < locked.max_attempts as retry,
        'stalled: runner "' || coalesce(locked.runner_name, 'unknown') || '" made no progress for ' || ${stall}::int
          || ' s' || ${task} || ' (attempt ' || locked.attempt || ' of ' || locked.max_attempts || ')' as why
      from locked join gap on gap.id = locked.id, lateral (select (${mark}::float8 is not null
        and (locked.progress_mark is null or ${mark}::float8 > locked.progress_mark)) as advanced) a
    ), beat as (
      update jobs set status = 'RUNNING', progress = ${progress}::jsonb,
        lease_expires_at = now() + make_interval(secs => ${opts.leaseSeconds}),
        progress_mark = case when decided.advanced then ${mark}::float8 else jobs.progress_mark end,
        progressed_at = case when decided.advanced then now() else decided.since end,
        updated_at = now()
      from decided where jobs.id = decided.id and not decided.stalled
      returning jobs.*
    ), taken as (
      update jobs set status = (case when decided.retry then 'QUEUED' else 'FAILED' end)::job_status, progress = ${progress}::jsonb,
        last_error = decided.why || case when decided.retry then '' else ': no attempts left' end, lease_expires_at = null,
        runner_name = case when decided.retry then null else jobs.runner_name end, updated_at = now()
      from decided where jobs.id = decided.id and decided.stalled
      returning jobs.*
    ), submission as (
      update submissions set status = (case when decided.retry then 'QUEUED' else 'FAILED' end)::submission_status,
        failure_reason = case when decided.retry then submissions.failure_reason else decided.why || ': no attempts left' end,
        updated_at = now()
      from decided where submissions.id = decided.submission_id and decided.stalled and submissions.status in ('QUEUED', 'RUNNING')
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select beat.submission_id, beat.id, 'RUNNING', 'first heartbeat', beat.attempt from beat, locked where locked.status = 'LEASED'
      union all
      select submission_id, id, case when retry then 'QUEUED' else 'FAILED' end,
        why || case when retry then ': queued again' else ': no attempts left' end, attempt
      from decided where stalled
    )
    select 'beat' as outcome, beat.* from beat union all select 'stalled' as outcome, taken.* from taken`);
  const [row] = rowsOf(result);
  if (!row) return explainRefusal(db, opts.jobId, opts.fencingToken, opts.by);
  const job = jobRowFrom(row);
  return row.outcome === 'stalled' ? { ok: false, reason: 'stalled', job } : { ok: true, job };
}
