import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bumpDataVersion } from './bump-data-version';
import { JOB_PRIORITY } from './job-priority';
import { rowsOf } from './job-row';
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
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    await t.execute(sql`select pg_advisory_xact_lock(${ENQUEUE_LOCK})`);
    const rows = rowsOf(await t.execute(enqueueStatement()));
    if (rows.length) await bumpDataVersion(t);
    return rows.map((r) => ({
      jobId: String(r.id),
      submissionId: String(r.submission_id),
      taskSlugs: r.task_slugs as string[],
      reason: String(r.reason),
    }));
  });
}

function enqueueStatement() {
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
      where s.status = 'SUCCEEDED' and stale.why is not null
        and not ${freshMeasuredResultExists(sql`s.model_id`, sql`t.slug`, sql`t.primary_metric`)}
        and not exists (select 1 from jobs j where j.submission_id = s.id
          and (j.task_slugs is null or t.slug = any(j.task_slugs))
          and (j.status in ('QUEUED', 'LEASED', 'RUNNING') or j.created_at >= stale.since))
    ), inserted as (
      insert into jobs (submission_id, suite_slug, kind, task_slugs, priority, reason)
      select submission_id, suite_slug, 'REEVALUATION', array_agg(slug order by position), ${JOB_PRIORITY.REEVALUATION},
        string_agg(distinct why, '; ' order by why)
      from affected group by submission_id, suite_slug
      returning id, submission_id, task_slugs, reason
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select submission_id, id, 'QUEUED',
        're-evaluation of ' || cardinality(task_slugs) || ' stale task(s) queued: ' || reason, 0
      from inserted
    )
    select * from inserted`;
}
