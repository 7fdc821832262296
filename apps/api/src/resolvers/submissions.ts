import { cancelSubmission } from '@transferboard/db/queries/cancel-submission';
import { createSubmission, type SubmissionRow } from '@transferboard/db/queries/create-submission';
import { findArtifact } from '@transferboard/db/queries/find-artifact';
import { findSubmission } from '@transferboard/db/queries/find-submission';
import { hasUploadedArtifact } from '@transferboard/db/queries/has-uploaded-artifact';
import { listSubmissions } from '@transferboard/db/queries/list-submissions';
import { requireRole } from '../auth/require-role';
import type { ApiContext } from '../context';
import { apiError, badInput, ErrorCode } from '../errors';
import type { MutationSubmitModelArgs, QuerySubmissionsArgs } from '../generated/resolvers-types';
import type { TaskProgressParent } from '../mappers';
import { decodeCursor, encodeCursor, pageSize } from './pagination';
import { UUID_PATTERN, validateSubmitModelInput, type ValidSubmitModelInput } from './submit-model-input';
import {
  declarationProblem,
  METADATA_KEYS,
  NO_TOKEN_HINTS,
  SUBMISSION_SOURCE,
} from '@transferboard/onnx-intake/declaration';
import type { TokenHints } from '@transferboard/onnx-intake/token-grid';
import type { TensorCatalog } from '@transferboard/onnx-intake/tensor-catalog';
import { checkSubmissionQuota } from '../queue/resolvers';
import { visibleText } from '../privacy/visibility';

/** Submissions are evaluated on this suite (the one the runner implements in full). */
const SUBMISSION_SUITE = 'ssl-transfer-v1';

export async function requireSubmission(ctx: ApiContext, id: string): Promise<SubmissionRow> {
  const submission = UUID_PATTERN.test(id) ? await findSubmission(ctx.db, id.toLowerCase()) : null;
  if (!submission)
    throw apiError(ErrorCode.NOT_FOUND, `Unknown submission "${id.slice(0, 100)}".`, { kind: 'submission' });
  return submission;
}

export async function resolveSubmissions(ctx: ApiContext, args: QuerySubmissionsArgs) {
  const first = pageSize(args.first);
  const after = args.after ? decodeCursor('submission', args.after, (k) => UUID_PATTERN.test(k)) : undefined;
  const page = await listSubmissions(ctx.db, {
    first,
    after,
    status: args.status ?? undefined,
    modelSlug: args.model ?? undefined,
  });
  const edges = page.submissions.map((node) => ({ cursor: encodeCursor('submission', node.id), node }));
  return {
    totalCount: page.totalCount,
    edges,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
  };
}

export async function resolveSubmitModel(ctx: ApiContext, { input }: MutationSubmitModelArgs): Promise<SubmissionRow> {
  const token = await requireRole(ctx, ['submitter']);
  const valid = validateSubmitModelInput(input);
  const artifact = await findArtifact(ctx.db, valid.artifactId);
  if (!artifact)
    throw badInput(
      `Unknown artifact "${valid.artifactId}": upload the ONNX file with POST /artifacts first.`,
      'input.artifactId',
    );
  // Anyone may learn an artifact id; only a token that uploaded the bytes may submit them.
  const mayUse =
    token.role === 'admin' ||
    !artifact.uploadedBy ||
    artifact.uploadedBy === token.id ||
    (await hasUploadedArtifact(ctx.db, artifact.id, token.id));
  if (!mayUse) {
    throw apiError(
      ErrorCode.FORBIDDEN,
      'That artifact was uploaded with another token: upload the same file with your token (POST /artifacts answers with the same id), then submit it.',
      { http: { status: 403 } },
    );
  }
  checkDeclaration(artifact.inspection, valid);
  await checkSubmissionQuota(ctx, token);
  const { artifactId, baseSlug, ...model } = valid;
  const created = await createSubmission(ctx.db, {
    artifactId,
    suiteSlug: SUBMISSION_SUITE,
    submittedBy: token.id,
    baseSlug,
    model,
  });
  if (created.ok) {
    ctx.log.info(
      { submissionId: created.submission.id, jobId: created.jobId, model: created.modelSlug },
      'model submitted',
    );
    return created.submission;
  }
  if (created.reason === 'duplicate') {
    throw apiError(
      ErrorCode.CONFLICT,
      `This artifact is already submitted on ${SUBMISSION_SUITE} (submission ${created.submissionId}); ` +
        'the same bytes can be submitted again once that submission is cancelled or has failed.',
      { submissionId: created.submissionId },
    );
  }
  throw badInput(
    `Unknown artifact "${valid.artifactId}": upload the ONNX file with POST /artifacts first.`,
    'input.artifactId',
  );
}

/**
 * A declared tensor must exist in the uploaded graph and have a usable shape: the intake's own
 * check (the one it runs on the file's metadata), on the tensor catalog stored at upload.
 */
function checkDeclaration(inspection: Record<string, unknown> | null, valid: ValidSubmitModelInput): void {
  if (valid.featureTensor === null && valid.spatialTensors === null) return;
  const field = valid.featureTensor !== null ? 'input.featureTensor' : 'input.spatialTensors';
  const metadataFix = `declare the tensors in the file's metadata instead (${METADATA_KEYS.features}, ${METADATA_KEYS.spatialOutputs}; see docs/runner.md) and upload it`;
  const tensors = inspection?.tensors as TensorCatalog | undefined;
  if (!tensors)
    throw badInput(`This artifact was stored before submitModel could check declared tensors: ${metadataFix}.`, field);
  if (inspection?.tensorsComplete === false)
    throw badInput(`This graph has more tensors than the API keeps to check a declaration: ${metadataFix}.`, field);
  // Inspections stored before intake v2 have no token hints: a token sequence is then sized by its square grid alone.
  const tokens = (inspection?.tokenHints as TokenHints | undefined) ?? NO_TOKEN_HINTS;
  const problem = declarationProblem(
    tensors,
    { features: valid.featureTensor, spatialOutputs: valid.spatialTensors },
    SUBMISSION_SOURCE,
    tokens,
  );
  if (problem)
    throw badInput(
      `${problem.message}.`,
      problem.field === 'features' ? 'input.featureTensor' : 'input.spatialTensors',
    );
}

export async function resolveCancelSubmission(ctx: ApiContext, id: string): Promise<SubmissionRow> {
  const token = await requireRole(ctx, ['submitter']);
  if (!UUID_PATTERN.test(id))
    throw apiError(ErrorCode.NOT_FOUND, `Unknown submission "${id.slice(0, 100)}".`, { kind: 'submission' });
  const result = await cancelSubmission(ctx.db, {
    id: id.toLowerCase(),
    by: { tokenId: token.id, admin: token.role === 'admin' },
  });
  if (result.ok) {
    ctx.log.info({ submissionId: id }, 'submission cancelled');
    return result.submission;
  }
  if (result.reason === 'not_found')
    throw apiError(ErrorCode.NOT_FOUND, `Unknown submission "${id}".`, { kind: 'submission' });
  if (result.reason === 'forbidden')
    throw apiError(ErrorCode.FORBIDDEN, 'Only the token that submitted it (or an admin) may cancel this submission.', {
      http: { status: 403 },
    });
  if (result.reason === 'final')
    throw apiError(
      ErrorCode.CONFLICT,
      `The submission is already ${result.status}: only QUEUED or RUNNING submissions can be cancelled.`,
      { status: result.status },
    );
  throw new Error('unreachable');
}

/**
 * Per task, from the latest job covering it: DONE once a current measured result that is not
 * stale is stored (a stale one is to be measured again); RUNNING while the live job says so; FAILED
 * (with the reason) once a try of it failed, while it is retried and after; NOT_RUN (with the
 * reason) once the job ended without it; else PENDING.
 */
export async function resolveProgress(ctx: ApiContext, submission: SubmissionRow): Promise<TaskProgressParent[]> {
  const [progress, jobs] = await Promise.all([
    ctx.loaders.progressBySubmission.load(submission),
    ctx.loaders.jobsBySubmission.load(submission.id),
  ]);
  // Each task's state comes from the latest job covering it: a re-evaluation covers only its stale tasks.
  const jobOf = (slug: string) => jobs.findLast((j) => j.taskSlugs === null || j.taskSlugs.includes(slug));
  const outcomesOf = new Map(
    await Promise.all(
      jobs.map(
        async (j) =>
          [j.id, new Map((await ctx.loaders.taskOutcomesByJob.load(j.id)).map((o) => [o.taskSlug, o]))] as const,
      ),
    ),
  );
  // A failure's reason is runner text: anonymous readers get it with host details redacted.
  const reasonOf = (reason: string) =>
    visibleText(
      ctx,
      reason,
      jobs.map((j) => j.runnerName),
    );
  return Promise.all(
    progress.map(async (p): Promise<TaskProgressParent> => {
      const job = jobOf(p.taskSlug);
      const live = job?.status === 'RUNNING' || job?.status === 'LEASED';
      const current = live ? job.progress.task : undefined;
      const ended = job?.status === 'SUCCEEDED' || job?.status === 'FAILED' || job?.status === 'CANCELLED';
      const outcome = job ? outcomesOf.get(job.id)?.get(p.taskSlug) : undefined;
      const failures = outcome?.failures ?? 0;
      if (!p.measurable) return { taskSlug: p.taskSlug, status: 'NOT_MEASURABLE', reason: null, failures };
      if (p.done) return { taskSlug: p.taskSlug, status: 'DONE', reason: null, failures };
      if (p.taskSlug === current) return { taskSlug: p.taskSlug, status: 'RUNNING', reason: null, failures };
      if (outcome?.kind === 'FAILED')
        return { taskSlug: p.taskSlug, status: 'FAILED', reason: await reasonOf(outcome.reason), failures };
      if (outcome && ended)
        return { taskSlug: p.taskSlug, status: 'NOT_RUN', reason: await reasonOf(outcome.reason), failures };
      return { taskSlug: p.taskSlug, status: 'PENDING', reason: null, failures };
    }),
  );
}
