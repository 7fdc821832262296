import { claimJob } from '@transferboard/db/queries/claim-job';
import { requeueReevaluation } from '@transferboard/db/queries/enqueue-reevaluations';
import { failJob } from '@transferboard/db/queries/fail-job';
import { heartbeatJob } from '@transferboard/db/queries/heartbeat-job';
import { findReportTarget } from '@transferboard/db/queries/find-report-target';
import type { FencedJob, JobRow, JobWriter } from '@transferboard/db/queries/lock-fenced-job';
import { recordTaskFailure } from '@transferboard/db/queries/record-task-failure';
import { releaseJob } from '@transferboard/db/queries/release-job';
import {
  reportJobResults,
  type ReportOutcome,
  type ReportedMetric,
} from '@transferboard/db/queries/report-job-results';
import { snapToMetricRange } from '@transferboard/suite/metrics';
import { bearerTokenHash, requireRole } from '../auth/require-role';
import { tokenAccepted } from '../auth/touch-token';
import type { ApiContext } from '../context';
import { apiError, badInput, ErrorCode } from '../errors';
import type {
  MutationFailJobArgs,
  MutationHeartbeatArgs,
  MutationReleaseJobArgs,
  MutationReportResultsArgs,
  MutationReportTaskFailureArgs,
} from '../generated/resolvers-types';
import { requireTask } from './lookups';
import { checkMeasurement } from './measurement';
import { UUID_PATTERN } from './submit-model-input';

const MAX_JSON_BYTES = 16 * 1024;

function jsonObject(value: unknown, argument: string): Record<string, unknown> {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw badInput(`"${argument}" must be a JSON object.`, argument);
  if (Buffer.byteLength(JSON.stringify(value)) > MAX_JSON_BYTES)
    throw badInput(`"${argument}" is larger than ${MAX_JSON_BYTES} bytes.`, argument);
  return value as Record<string, unknown>;
}

/** The token as a job writer: only the token that claimed a job, or an admin token, may write to it. */
export function jobWriter(token: { id: string; role: 'submitter' | 'runner' | 'admin' }): JobWriter {
  return { tokenId: token.id, admin: token.role === 'admin' };
}

/** A fenced write's outcome: the job, or NOT_FOUND, FORBIDDEN (another token's job), JOB_STALLED or STALE_LEASE. */
export function fenced(result: FencedJob, jobId: string): JobRow {
  if (result.ok) return result.job;
  if (result.reason === 'not_found') throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId}".`, { kind: 'job' });
  // Callers check the token after a refusal; this is a token revoked in between.
  if (result.reason === 'unauthorized')
    throw apiError(ErrorCode.UNAUTHENTICATED, 'The API token is unknown or revoked.', { http: { status: 401 } });
  const job = result.job;
  if (result.reason === 'not_claimer') {
    throw apiError(
      ErrorCode.FORBIDDEN,
      `Job ${jobId} was claimed by another API token: only the token that claimed it (or an admin token) may write to it. Claim a job of your own with claimJob.`,
      { http: { status: 403 } },
    );
  }
  if (result.reason === 'stalled') {
    throw apiError(
      ErrorCode.JOB_STALLED,
      `Job ${jobId} made no progress for too long and was taken back (${job.lastError ?? 'stalled'}; the job is now ${job.status}): stop working on it and claim another job.`,
      { status: job.status, http: { status: 409 } },
    );
  }
  throw apiError(
    ErrorCode.STALE_LEASE,
    `Your lease on job ${jobId} is no longer valid (the job is ${job.status}, its fencing token is ${job.fencingToken}): stop working on it and claim another job.`,
    { status: job.status, http: { status: 409 } },
  );
}

function checkJobId(jobId: string): string {
  if (!UUID_PATTERN.test(jobId))
    throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId.slice(0, 100)}".`, { kind: 'job' });
  return jobId.toLowerCase();
}

export async function resolveClaimJob(ctx: ApiContext, runner: string): Promise<JobRow | null> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  if (!/^[A-Za-z0-9._:@/-]{1,100}$/.test(runner)) {
    throw badInput('"runner" must be 1 to 100 letters, digits or ._:@/- (a host name, say).', 'runner');
  }
  const job = await claimJob(ctx.db, { runner, leaseSeconds: ctx.leaseSeconds, claimedBy: { tokenHash } });
  // Nothing claimed: the queue is empty, or the token may not claim (then this throws 401/403).
  if (!job) {
    await requireRole(ctx, ['runner']);
    return null;
  }
  tokenAccepted(ctx, tokenHash);
  ctx.log.info({ jobId: job.id, submissionId: job.submissionId, attempt: job.attempt, runner }, 'job claimed');
  return job;
}

export async function resolveHeartbeat(ctx: ApiContext, args: MutationHeartbeatArgs): Promise<JobRow> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  const jobId = checkJobId(args.jobId);
  const progress = jsonObject(args.progress, 'progress');
  const result = await heartbeatJob(ctx.db, {
    jobId,
    fencingToken: args.fencingToken,
    progress,
    leaseSeconds: ctx.leaseSeconds,
    stallSeconds: ctx.stallSeconds,
    by: { tokenHash },
  });
  if (!result.ok && result.reason === 'stalled')
    ctx.log.warn({ jobId, submissionId: result.job.submissionId, status: result.job.status }, 'job stalled');
  // A refusal may be the token's fault: its 401 or 403 comes before the job's answer.
  if (!result.ok) await requireRole(ctx, ['runner']);
  else tokenAccepted(ctx, tokenHash);
  return fenced(result, jobId);
}

function checkReason(raw: string): string {
  const reason = raw.trim();
  if (reason === '' || reason.length > 2000)
    throw badInput('"reason" must be 1 to 2,000 characters: say what went wrong, for the submitter.', 'reason');
  return reason;
}

export async function resolveFailJob(ctx: ApiContext, args: MutationFailJobArgs): Promise<JobRow> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  const jobId = checkJobId(args.jobId);
  const reason = checkReason(args.reason);
  const result = await failJob(ctx.db, {
    jobId,
    fencingToken: args.fencingToken,
    reason,
    retryable: args.retryable,
    by: { tokenHash },
  });
  if (!result.ok) await requireRole(ctx, ['runner']);
  else tokenAccepted(ctx, tokenHash);
  const job = fenced(result, jobId);
  ctx.log.warn({ jobId, submissionId: job.submissionId, status: job.status, reason }, 'job failed');
  return job;
}

/** Mutation.releaseJob: the job goes back to the queue at once, and the attempt does not count. */
export async function resolveReleaseJob(ctx: ApiContext, args: MutationReleaseJobArgs): Promise<JobRow> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  const jobId = checkJobId(args.jobId);
  const reason = checkReason(args.reason);
  const result = await releaseJob(ctx.db, { jobId, fencingToken: args.fencingToken, reason, by: { tokenHash } });
  if (!result.ok) await requireRole(ctx, ['runner']);
  else tokenAccepted(ctx, tokenHash);
  const job = fenced(result, jobId);
  ctx.log.info(
    { jobId, submissionId: job.submissionId, status: job.status, releases: job.releases, reason },
    'job released',
  );
  return job;
}

/** Mutation.requeueReevaluation (admin): an ended re-evaluation's still-stale tasks, queued again. */
export async function resolveRequeueReevaluation(ctx: ApiContext, rawJobId: string): Promise<JobRow> {
  await requireRole(ctx, ['admin']);
  const jobId = checkJobId(rawJobId);
  const result = await requeueReevaluation(ctx.db, jobId);
  if (result.ok) {
    ctx.log.info({ jobId: result.job.id, after: jobId, tasks: result.job.taskSlugs }, 're-evaluation queued again');
    return result.job;
  }
  if (result.reason === 'not_found') throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId}".`, { kind: 'job' });
  if (result.reason === 'not_reevaluation')
    throw badInput(
      `Job ${jobId} is a submission's own job, not a re-evaluation: a failed submission is submitted again with submitModel.`,
      'jobId',
    );
  if (result.reason === 'not_ended')
    throw apiError(
      ErrorCode.CONFLICT,
      `Job ${jobId} is ${result.status}: only an ended re-evaluation can be queued again. Wait for it, or cancel its submission.`,
      { status: result.status },
    );
  throw apiError(
    ErrorCode.CONFLICT,
    `Nothing of job ${jobId} is left to re-measure: each of its tasks has a fresh result or is covered by a queued or running job (see the submission's jobs).`,
  );
}

/** Mutation.reportTaskFailure: one task of the job failed; shown on the submission at once. */
export async function resolveReportTaskFailure(ctx: ApiContext, args: MutationReportTaskFailureArgs): Promise<JobRow> {
  const token = await requireRole(ctx, ['runner']);
  const jobId = checkJobId(args.jobId);
  const reason = checkReason(args.reason);
  const target = await findReportTarget(ctx.db, { jobId, taskSlug: args.task });
  if (!target) throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId}".`, { kind: 'job' });
  const task = target.task ?? (await requireTask(ctx, args.task));
  if (!target.inSuite) throw badInput(`Task "${task.slug}" is not in the job's suite "${target.suiteSlug}".`, 'task');
  const job = fenced(
    await recordTaskFailure(ctx.db, {
      jobId,
      fencingToken: args.fencingToken,
      task: task.slug,
      reason,
      by: jobWriter(token),
    }),
    jobId,
  );
  ctx.log.warn({ jobId, submissionId: job.submissionId, task: task.slug, reason }, 'task failed');
  return job;
}

function validateMetrics(
  task: { slug: string; primaryMetric: string; secondaryMetrics: string[] },
  results: MutationReportResultsArgs['results'],
): ReportedMetric[] {
  const allowed = [task.primaryMetric, ...task.secondaryMetrics];
  if (results.length === 0)
    throw badInput(`"results" is empty: report at least the primary metric ${task.primaryMetric}.`, 'results');
  if (results.length > allowed.length)
    throw badInput(
      `"results" has ${results.length} entries; task "${task.slug}" has ${allowed.length} metrics.`,
      'results',
    );
  const seen = new Set<string>();
  return results.map((r, i) => {
    const at = `results[${i}]`;
    if (!allowed.includes(r.metric))
      throw badInput(
        `${at}: task "${task.slug}" has no metric "${r.metric.slice(0, 50)}"; it has ${allowed.join(', ')}.`,
        at,
      );
    if (seen.has(r.metric)) throw badInput(`${at}: metric "${r.metric}" is reported twice.`, at);
    seen.add(r.metric);
    // Within rounding of a bound is the bound (METRIC_BOUND_TOLERANCE); further out is an error.
    const inRange = (name: string, v: number): number => {
      const snapped = snapToMetricRange(r.metric, v);
      if (snapped.ok) return snapped.value;
      throw badInput(
        `${at}.${name} = ${v} is outside ${snapped.range[0]}–${snapped.range[1]}, the range of ${r.metric}.`,
        at,
      );
    };
    const value = inRange('value', r.value);
    const ciLow = r.ciLow === null || r.ciLow === undefined ? null : inRange('ciLow', r.ciLow);
    const ciHigh = r.ciHigh === null || r.ciHigh === undefined ? null : inRange('ciHigh', r.ciHigh);
    if ((ciLow === null) !== (ciHigh === null)) throw badInput(`${at}: give both ciLow and ciHigh, or neither.`, at);
    if (ciLow !== null && ciHigh !== null && !(ciLow <= value && value <= ciHigh))
      throw badInput(`${at}: the interval [${ciLow}, ${ciHigh}] must contain the value ${value}.`, at);
    return { metric: r.metric, value, ciLow, ciHigh };
  });
}

/**
 * The comparability rule at the door: a result is stored only under its task's runner protocol,
 * and the runner must say it measured under that one (runners from before protocol reporting
 * cannot be told apart from pre-change measurements, so an unnamed protocol is refused too).
 */
function checkProtocol(
  task: { slug: string },
  expected: { id: string; version: number },
  reported: MutationReportResultsArgs['protocol'],
): void {
  const want = `${expected.id} v${expected.version}`;
  if (!reported) {
    throw apiError(
      ErrorCode.PROTOCOL_MISMATCH,
      `Name the protocol these results were measured under: protocol: { id: "${expected.id}", version: ${expected.version} } for task "${task.slug}". A runner that does not send it predates the protocols' checks: upgrade it.`,
      { argument: 'protocol', expected, reported: null },
    );
  }
  if (reported.id !== expected.id || reported.version !== expected.version) {
    throw apiError(
      ErrorCode.PROTOCOL_MISMATCH,
      `Task "${task.slug}" takes results measured under its runner protocol ${want}, not ${reported.id.slice(0, 100)} v${reported.version}: numbers from another protocol are never ranked with it. Run the task's protocol (upgrade the runner if it implements another version).`,
      { argument: 'protocol', expected, reported: { id: reported.id.slice(0, 100), version: reported.version } },
    );
  }
}

/** The stored outcome: the job, or the database's own refusal of another protocol (the task's changed in between). */
function stored(result: ReportOutcome, jobId: string, task: string): JobRow {
  if (!result.ok && result.reason === 'protocol_mismatch') {
    throw apiError(
      ErrorCode.PROTOCOL_MISMATCH,
      `Task "${task}" changed its runner protocol while the results were reported: read the task's protocol again and report under it.`,
      { argument: 'protocol' },
    );
  }
  return fenced(result as FencedJob, jobId);
}

export async function resolveReportResults(ctx: ApiContext, args: MutationReportResultsArgs): Promise<JobRow> {
  const tokenHash = bearerTokenHash(ctx, ['runner']);
  const jobId = checkJobId(args.jobId);
  const target = await findReportTarget(ctx.db, { jobId, taskSlug: args.task, tokenHash });
  // The token is checked before anything about the job is told (401/403 from requireRole).
  const caller = target?.caller;
  const token = caller && caller.role !== 'submitter' ? caller : await requireRole(ctx, ['runner']);
  if (!target) throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${jobId}".`, { kind: 'job' });
  // An unknown task (rare) is looked up again among all tasks, for the "did you mean".
  const task = target.task ?? (await requireTask(ctx, args.task));
  const protocol = task.protocol as { id: string; version: number } | null;
  if (!target.inSuite) throw badInput(`Task "${task.slug}" is not in the job's suite "${target.suiteSlug}".`, 'task');
  if (!protocol)
    throw badInput(
      `Task "${task.slug}" has no runner protocol (the runner cannot measure it): do not report it.`,
      'task',
    );
  checkProtocol(task, protocol, args.protocol);
  const results = validateMetrics(task, args.results);
  const provenance = jsonObject(args.provenance, 'provenance');
  const measurement = args.measurement ? checkMeasurement(task, args.measurement) : undefined;
  const updated = stored(
    await reportJobResults(ctx.db, {
      jobId,
      fencingToken: args.fencingToken,
      taskSlug: task.slug,
      protocolId: protocol.id,
      protocolVersion: protocol.version,
      results,
      measurement,
      provenance,
      by: jobWriter(token),
    }),
    jobId,
    task.slug,
  );
  tokenAccepted(ctx, tokenHash);
  ctx.log.info(
    { jobId, submissionId: updated.submissionId, task: task.slug, status: updated.status },
    'results reported',
  );
  return updated;
}
