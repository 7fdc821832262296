import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bumpDataVersion } from './bump-data-version';
import { JOB_PRIORITY } from './job-priority';
import { jobRowFrom, rowsOf } from './job-row';
import type { JobRow } from './lock-fenced-job';
import { freshMeasuredResultExists, staleReason } from './result-state';

export interface QueuedReevaluation {
  jobId: string;
  submissionId: string;
  taskSlugs: string[];
  reason: string;
}

/**
 * The advisory lock key every API replica takes around the enqueue, so two replicas starting at
 * once queue one set of jobs: the second waits, then sees the first one's jobs (each statement
 * of a READ COMMITTED transaction reads what was committed before it began).
 */
const ENQUEUE_LOCK = 16_0001;

/**
 * Queues one re-evaluation job per SUCCEEDED submission (its artifact was accepted and measured)
 * whose model has stale results on the submission's suite, covering exactly those tasks: a
 * measurable task whose current measured primary result is stale (a newer protocol or task
 * version recorded, see staleReason) and that has no fresh one. Paper models have no submission,
 * so none. Priority JOB_PRIORITY.REEVALUATION, below every new submission.
 *
 * Idempotent: a (submission, task) is left out while a QUEUED, LEASED or RUNNING job of the
 * submission covers it, and once any job covering it was created after the task went stale (a
 * re-evaluation that ended without a fresh result is not queued again at every restart: it is in
 * the submission's job list with its error). With partial overlap only the uncovered tasks get a
 * job. Safe to call on every start and from replicas starting together (an advisory lock).
 */
export async function enqueueReevaluations(db: Db): Promise<QueuedReevaluation[]> {
  return (await enqueueLocked(db, null)).map((r) => ({
    jobId: String(r.id),
    submissionId: String(r.submission_id),
    taskSlugs: r.task_slugs as string[],
    reason: String(r.reason),
  }));
}

export type RequeueResult =
  | { ok: true; job: JobRow }
  | { ok: false; reason: 'not_found' | 'not_reevaluation' | 'nothing_stale' }
  | { ok: false; reason: 'not_ended'; status: string };

/**
 * An admin's second try of an ended re-evaluation (FAILED, CANCELLED, or SUCCEEDED with tasks it
 * could not measure), which `enqueueReevaluations` deliberately never queues again: a new job
 * for those of its tasks that are still stale with no fresh result and not covered by a live
 * job. Under the same advisory lock, so it never doubles a start-up's enqueue.
 */
export async function requeueReevaluation(db: Db, jobId: string): Promise<RequeueResult> {
  const [old] = rowsOf(await db.execute(sql`select submission_id, kind, status from jobs where id = ${jobId}`));
  if (!old) return { ok: false, reason: 'not_found' };
  if (old.kind !== 'REEVALUATION') return { ok: false, reason: 'not_reevaluation' };
  if (['QUEUED', 'LEASED', 'RUNNING'].includes(String(old.status)))
    return { ok: false, reason: 'not_ended', status: String(old.status) };
  const [inserted] = await enqueueLocked(db, {
    submissionId: String(old.submission_id),
    jobId,
    after: `queued again by an admin after job ${jobId} ended ${old.status}`,
  });
  return inserted ? { ok: true, job: jobRowFrom(inserted) } : { ok: false, reason: 'nothing_stale' };
}

/** Which re-evaluation to queue: every stale task (null), or an admin's second try of one job's tasks. */
interface Retry {
  submissionId: string;
  /** The ended job whose tasks are tried again. */
  jobId: string;
  /** Said before the staleness reasons, in the job's reason and its QUEUED event. */
  after: string;
}

/** The inserted jobs' raw rows. */
async function enqueueLocked(db: Db, retry: Retry | null): Promise<Record<string, unknown>[]> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(${ENQUEUE_LOCK})`);
    const rows = rowsOf(await t.execute(enqueueStatement(retry)));
    if (rows.length) await bumpDataVersion(t);
    return rows;
  });
}

function enqueueStatement(retry: Retry | null) {
  // A retry names its submission and tasks, and only a live job holds it back: the ended job it
  // retries (created after the task went stale) would otherwise always do so.
  const scope = retry
    ? sql`and s.id = ${retry.submissionId} and exists (select 1 from jobs r where r.id = ${retry.jobId} and t.slug = any(r.task_slugs))`
    : sql``;
  const heldBack = retry
    ? sql`j.status in ('QUEUED', 'LEASED', 'RUNNING')`
    : sql`(j.status in ('QUEUED', 'LEASED', 'RUNNING') or j.created_at >= stale.since)`;
  const reason = retry
    ? sql`${retry.after}::text || ': ' || string_agg(distinct why, '; ' order by why)`
    : sql`string_agg(distinct why, '; ' order by why)`;
  return sql`with affected as (
      select s.id as submission_id, s.suite_slug, st.position, t.slug, stale.why
      from submissions s
      join artifacts a on a.id = s.artifact_id
      join suite_tasks st on st.suite_slug = s.suite_slug
      join tasks t on t.slug = st.task_slug and t.protocol is not null and t.protocol != 'null'::jsonb
      cross join lateral (
        select ${staleReason()} as why, greatest(
            (select max(pv.introduced_at) from protocol_versions pv
              where pv.protocol_id = results.protocol_id and pv.version > results.protocol_version),
            (select max(tv.introduced_at) from task_versions tv
              where tv.task_slug = results.task_slug and tv.version > results.task_version)
          ) as since
        from results
        where results.model_id = s.model_id and results.task_slug = t.slug and results.metric = t.primary_metric
          and results.source = 'measured' and results.superseded_at is null
        order by results.protocol_version desc, results.task_version desc
        limit 1
      ) stale
      where s.status = 'SUCCEEDED' and stale.why is not null ${scope}
        and not ${freshMeasuredResultExists(sql`s.model_id`, sql`t.slug`, sql`t.primary_metric`)}
        and not exists (select 1 from jobs j where j.submission_id = s.id
          and (j.task_slugs is null or t.slug = any(j.task_slugs)) and ${heldBack})
    ), inserted as (
      insert into jobs (submission_id, suite_slug, kind, task_slugs, priority, reason)
      select submission_id, suite_slug, 'REEVALUATION', array_agg(slug order by position), ${JOB_PRIORITY.REEVALUATION},
        ${reason}
      from affected group by submission_id, suite_slug
      returning *
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select submission_id, id, 'QUEUED',
        're-evaluation of ' || cardinality(task_slugs) || ' stale task(s) queued: ' || reason, 0
      from inserted
    )
    select * from inserted`;
}
