import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { jobRowFrom, rowsOf } from './job-row';
import { freshMeasuredResultExists } from './result-state';
import { explainRefusal, fenceCondition, type FencedJob, type JobWriter } from './lock-fenced-job';

export interface ReportedMetric {
  metric: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface JobReport {
  jobId: string;
  fencingToken: number;
  taskSlug: string;
  protocolId: string;
  protocolVersion: number;
  results: ReportedMetric[];
  /** What made the numbers, stored as typed columns (the artifact's sha256 is taken from the job's submission). */
  measurement?: Measurement;
  provenance: Record<string, unknown>;
  /** The token writing (the claimer, or an admin). */
  by: JobWriter;
}

export interface Measurement {
  taskVersion: number;
  runnerVersion: string | null;
  runnerCommit: string | null;
  onnxruntimeVersion: string | null;
  executionProvider: string | null;
  precision: string | null;
  datasetFingerprint: string | null;
  featureTensor: string | null;
}

/**
 * The outcome: the fenced job, or a refusal because the results' protocol is not the task's runner
 * protocol (tasks.protocol's id and version): nothing is written then.
 */
export type ReportOutcome = FencedJob | { ok: false; reason: 'protocol_mismatch' };

/** Attempts of the statement when the job row changed under it (see below); more is a bug. */
const MAX_TRIES = 5;

/**
 * Stores one task's measured results for a job, fenced. History is kept: a result of an identity
 * (model, task, metric, source, protocol) that already has a current row is appended and the old
 * row superseded (superseded_at, superseded_by), never overwritten; a repeated report of the same
 * job with the same numbers (a retry) adds nothing. When every
 * measurable task of the job (its `task_slugs`, or the whole suite) has a current, non-stale primary
 * result the job and its submission succeed. The
 * first result of a LEASED job records RUNNING. Bumps the data version so cached leaderboards
 * refresh.
 *
 * One statement, one round trip (it was twelve): the fence is a `FOR UPDATE` CTE and every write
 * hangs off it, so a refused report writes nothing; completeness is computed in SQL from the
 * results already stored plus the rows this statement writes (a statement does not see its own
 * writes, but it sees their RETURNING).
 *
 * Why the retry: all of a statement's reads use the snapshot taken when it started, while the row
 * lock, after waiting, returns the job's latest version. A report that waited for another write
 * on the same job (a duplicate report of another task, say) would then judge completeness on
 * results from before that write committed, and could leave a finished job RUNNING. Every
 * write of a job's results also updates the job row, so the statement compares the locked row's
 * version (xmin) with the one in its snapshot, writes nothing when they differ, and runs again
 * with a fresh snapshot. That happens only under contention on the one job.
 */
export async function reportJobResults(db: Db, report: JobReport): Promise<ReportOutcome> {
  for (let attempt = 1; attempt <= MAX_TRIES; attempt++) {
    const [row] = rowsOf(await db.execute(reportStatement(report)));
    if (!row || Number(row.locked) === 0) return explainRefusal(db, report.jobId, report.fencingToken, report.by);
    if (row.protocol_ok === false || row.protocol_ok === 'f') return { ok: false, reason: 'protocol_mismatch' };
    if (row.id !== null && row.id !== undefined) return { ok: true, job: jobRowFrom(row) };
  }
  throw new Error(
    `reportJobResults: job ${report.jobId} kept changing under ${MAX_TRIES} attempts to store results for ${report.taskSlug}`,
  );
}

function reportStatement(report: JobReport) {
  const m = report.measurement;
  const metrics = JSON.stringify(
    report.results.map((r) => ({ metric: r.metric, value: r.value, ci_low: r.ciLow, ci_high: r.ciHigh })),
  );
  return sql`with snapshot as (
      select xmin::text as version from jobs where id = ${report.jobId}
    ), locked as (
      select id, submission_id, suite_slug, task_slugs, status, attempt, runner_name, xmin::text as version
      from jobs where ${fenceCondition(report.jobId, report.fencingToken, report.by)} for update
    ), protocol as (
      select exists (select 1 from tasks t where t.slug = ${report.taskSlug} and t.protocol->>'id' = ${report.protocolId}
        and (t.protocol->>'version')::int = ${report.protocolVersion}) as ok
    ), live as (
      select locked.*, submissions.model_id, artifacts.sha256 as artifact_sha256
      from locked join submissions on submissions.id = locked.submission_id join artifacts on artifacts.id = submissions.artifact_id
      where locked.version = (select version from snapshot) and (select ok from protocol)
    ), fresh as (
      -- The new rows' ids first, so the rows they replace can point at them. A metric whose current
      -- row this job already stored with the same numbers is a retried report: nothing to add.
      select nextval(pg_get_serial_sequence('results', 'id')) as id, m.*
      from live, jsonb_to_recordset(${metrics}::jsonb) as m(metric text, value double precision, ci_low double precision, ci_high double precision)
      where not exists (select 1 from results r where r.model_id = live.model_id and r.task_slug = ${report.taskSlug}
        and r.metric = m.metric and r.source = 'measured' and r.protocol_id = ${report.protocolId}
        and r.protocol_version = ${report.protocolVersion} and r.superseded_at is null and r.job_id = live.id
        and r.value = m.value and r.ci_low is not distinct from m.ci_low and r.ci_high is not distinct from m.ci_high)
    ), superseded as (
      update results r set superseded_at = now(), superseded_by = fresh.id
      from live, fresh
      where r.model_id = live.model_id and r.task_slug = ${report.taskSlug} and r.metric = fresh.metric and r.source = 'measured'
        and r.protocol_id = ${report.protocolId} and r.protocol_version = ${report.protocolVersion} and r.superseded_at is null
      returning r.id
    ), stored as (
      -- After the update (the InitPlan on superseded runs first), so the one-current-row index
      -- sees the old row gone.
      insert into results (id, model_id, task_slug, metric, value, ci_low, ci_high, source, protocol_id, protocol_version,
        task_version, runner_version, runner_commit, onnxruntime_version, execution_provider, precision,
        dataset_fingerprint, artifact_sha256, feature_tensor, provenance, job_id)
      select fresh.id, live.model_id, ${report.taskSlug}, fresh.metric, fresh.value, fresh.ci_low, fresh.ci_high, 'measured',
        ${report.protocolId}, ${report.protocolVersion},
        coalesce(${m?.taskVersion ?? null}::int, (select version from tasks where slug = ${report.taskSlug})),
        ${m?.runnerVersion ?? null}, ${m?.runnerCommit ?? null}, ${m?.onnxruntimeVersion ?? null}, ${m?.executionProvider ?? null},
        ${m?.precision ?? null}, ${m?.datasetFingerprint ?? null}, live.artifact_sha256, ${m?.featureTensor ?? null},
        ${JSON.stringify(report.provenance)}::jsonb || jsonb_build_object('jobId', live.id, 'attempt', live.attempt, 'runnerName', live.runner_name), live.id
      from live, fresh
      where (select count(*) from superseded) >= 0
      returning task_slug, metric
    ), bumped as (
      insert into data_versions (key, version) select 'results', 1 from live
      on conflict (key) do update set version = data_versions.version + 1, updated_at = now()
    ), progress as (
      select coalesce(bool_and(
          ${freshMeasuredResultExists(sql`live.model_id`, sql`t.slug`, sql`t.primary_metric`)}
          or exists (select 1 from stored where stored.task_slug = t.slug and stored.metric = t.primary_metric)
        ), true) as complete
      from live
      join suite_tasks st on st.suite_slug = live.suite_slug
      join tasks t on t.slug = st.task_slug and t.protocol is not null and t.protocol != 'null'::jsonb
      -- A job over a subset (a re-evaluation) is complete when its own tasks are.
      where live.task_slugs is null or t.slug = any(live.task_slugs)
    ), updated as (
      update jobs set status = case when progress.complete then 'SUCCEEDED'::job_status else 'RUNNING'::job_status end,
        lease_expires_at = case when progress.complete then null else jobs.lease_expires_at end, progressed_at = now(), updated_at = now()
      from live, progress where jobs.id = live.id
      returning jobs.*
    ), succeeded as (
      update submissions set status = 'SUCCEEDED', updated_at = now()
      from live, progress where submissions.id = live.submission_id and progress.complete
    ), event as (
      insert into status_events (submission_id, job_id, status, reason, attempt)
      select live.submission_id, live.id, 'SUCCEEDED', 'every task has its result', live.attempt from live, progress where progress.complete
      union all
      select live.submission_id, live.id, 'RUNNING', ${`first result (${report.taskSlug})`}, live.attempt from live, progress
      where not progress.complete and live.status = 'LEASED'
    )
    select (select count(*) from locked) as locked, (select ok from protocol) as protocol_ok, updated.* from (select 1) as one left join updated on true`;
}
