import type { SubmissionRow } from '@transferboard/db/queries/create-submission';
import { completeJob } from '@transferboard/db/queries/complete-job';
import { countActiveSubmissions } from '@transferboard/db/queries/count-active-submissions';
import type { JobRow } from '@transferboard/db/queries/lock-fenced-job';
import type { AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';
import { requireRole } from '../auth/require-role';
import { fenced, jobWriter } from '../resolvers/jobs';
import type { ApiContext } from '../context';
import { apiError, badInput, ErrorCode } from '../errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Queued + running submissions one submitter token may have (SUBMISSION_QUOTA, default 3; admins are exempt). */
function submissionQuota(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SUBMISSION_QUOTA;
  const n = raw === undefined || raw === '' ? 3 : Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : 3;
}

/** Refuses a new submission once the token has its quota of live ones: QUOTA_EXCEEDED (429). */
export async function checkSubmissionQuota(
  ctx: ApiContext,
  token: AuthenticatedToken,
  quota = submissionQuota(),
): Promise<void> {
  if (token.role === 'admin') return;
  const live = await countActiveSubmissions(ctx.db, token.id);
  if (live >= quota) {
    throw apiError(
      ErrorCode.QUOTA_EXCEEDED,
      `Your token already has ${live} submission(s) queued or running (the limit is ${quota}): wait for one to finish, or cancel one with cancelSubmission.`,
      { limit: quota, live, http: { status: 429 } },
    );
  }
}

/** Submission.queuePosition: 1 = evaluated next; null unless queued. */
export async function resolveQueuePosition(ctx: ApiContext, submission: SubmissionRow): Promise<number | null> {
  if (submission.status !== 'QUEUED') return null;
  const jobs = await ctx.loaders.jobsBySubmission.load(submission.id);
  const job = jobs.at(-1);
  return job ? ctx.loaders.queuePositionByJob.load(job.id) : null;
}

export interface UnmeasuredTaskArg {
  task: string;
  reason: string;
  kind?: 'FAILED' | 'MISSING_DATA' | 'NOT_RUN' | null;
}

/** Mutation.completeJob: the runner went through its tasks; the ones without a result are named. */
export async function resolveCompleteJob(
  ctx: ApiContext,
  args: { jobId: string; fencingToken: number; unmeasured: UnmeasuredTaskArg[] },
): Promise<JobRow> {
  const token = await requireRole(ctx, ['runner']);
  if (!UUID.test(args.jobId))
    throw apiError(ErrorCode.NOT_FOUND, `Unknown job "${args.jobId.slice(0, 100)}".`, { kind: 'job' });
  if (args.unmeasured.length > 200) throw badInput('"unmeasured" lists more than 200 tasks.', 'unmeasured');
  const unmeasured = args.unmeasured.map((u, i) => {
    if (!/^[a-z0-9-]{1,100}$/.test(u.task))
      throw badInput(`unmeasured[${i}].task must be a task slug.`, `unmeasured[${i}]`);
    return { task: u.task, reason: u.reason.slice(0, 1000), kind: u.kind ?? 'NOT_RUN' };
  });
  const jobId = args.jobId.toLowerCase();
  const job = fenced(
    await completeJob(ctx.db, { jobId, fencingToken: args.fencingToken, unmeasured, by: jobWriter(token) }),
    jobId,
  );
  ctx.log.info(
    { jobId, submissionId: job.submissionId, status: job.status, unmeasured: unmeasured.length },
    'job completed',
  );
  return job;
}
