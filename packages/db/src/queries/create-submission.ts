import { and, eq, inArray, like, or } from 'drizzle-orm';
import type { Normalization } from '@transferboard/suite/types';
import type { Db } from '../client';
import { JOB_PRIORITY } from './job-priority';
import { artifacts, jobs, LIVE_SUBMISSION_STATUSES, models, statusEvents, submissions } from '../schema';
import { bumpDataVersion } from './bump-data-version';

export type SubmissionRow = typeof submissions.$inferSelect;

export interface NewSubmission {
  artifactId: string;
  suiteSlug: string;
  /** The submitter's token id (null for submissions made by the platform itself). */
  submittedBy: string | null;
  /** Slug to derive the model's unique slug from (`base`, else `base-2`, `base-3`, …). */
  baseSlug: string;
  model: {
    name: string;
    description: string | null;
    paperUrl: string | null;
    codeUrl: string | null;
    license: string | null;
    normalization: Normalization;
    /** The submitter's declaration (checked against the artifact's inspection), else null. */
    featureTensor?: string | null;
    spatialTensors?: string[] | null;
  };
}

export type CreateSubmissionResult =
  | { ok: true; submission: SubmissionRow; modelSlug: string; jobId: string }
  | { ok: false; reason: 'artifact_not_found' }
  | { ok: false; reason: 'duplicate'; submissionId: string };

const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** A driver error and the errors it wraps (drizzle wraps pg's and PGlite's as `cause`). */
type ErrorChain = { code?: unknown; cause?: ErrorChain };

function hasCode(error: unknown, code: string): boolean {
  for (let e = error as ErrorChain | undefined; e; e = e.cause) if (e.code === code) return true;
  return false;
}

function freeSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/**
 * Creates, in one transaction, a model with source `submission` and a unique slug, its
 * submission and a QUEUED job for the suite, and the first status event. An artifact is
 * evaluated once per suite while a submission of it is QUEUED, RUNNING or SUCCEEDED: submitting
 * it again then names that submission instead. After a cancelled or failed one it may go again.
 */
export async function createSubmission(db: Db, input: NewSubmission): Promise<CreateSubmissionResult> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await insertSubmission(db, input);
    } catch (error) {
      // Two submitters raced for the same slug or the same bytes: look again (the unique indexes are the referees).
      if (attempt < 3 && hasCode(error, UNIQUE_VIOLATION)) continue;
      // The artifact was garbage-collected between the check and the insert.
      if (hasCode(error, FOREIGN_KEY_VIOLATION)) return { ok: false, reason: 'artifact_not_found' };
      throw error;
    }
  }
}

async function insertSubmission(db: Db, input: NewSubmission): Promise<CreateSubmissionResult> {
  return db.transaction(async (tx) => {
    const [artifact] = await tx
      .select({ id: artifacts.id, sha256: artifacts.sha256 })
      .from(artifacts)
      .where(eq(artifacts.id, input.artifactId));
    if (!artifact) return { ok: false, reason: 'artifact_not_found' } as const;
    const [existing] = await tx
      .select({ id: submissions.id })
      .from(submissions)
      .where(
        and(
          eq(submissions.artifactId, input.artifactId),
          eq(submissions.suiteSlug, input.suiteSlug),
          inArray(submissions.status, [...LIVE_SUBMISSION_STATUSES]),
        ),
      );
    if (existing) return { ok: false, reason: 'duplicate', submissionId: existing.id } as const;
    const taken = await tx
      .select({ slug: models.slug })
      .from(models)
      .where(or(eq(models.slug, input.baseSlug), like(models.slug, `${input.baseSlug}-%`)));
    const slug = freeSlug(input.baseSlug, new Set(taken.map((t) => t.slug)));
    const [model] = await tx
      .insert(models)
      .values({ ...input.model, slug, source: 'submission', onnxSha256: artifact.sha256 })
      .returning({ id: models.id });
    const [submission] = await tx
      .insert(submissions)
      .values({
        modelId: model!.id,
        artifactId: input.artifactId,
        suiteSlug: input.suiteSlug,
        submittedBy: input.submittedBy,
      })
      .returning();
    const [job] = await tx
      .insert(jobs)
      .values({ submissionId: submission!.id, suiteSlug: input.suiteSlug, priority: JOB_PRIORITY.SUBMISSION })
      .returning({ id: jobs.id });
    await tx
      .insert(statusEvents)
      .values({ submissionId: submission!.id, jobId: job!.id, status: 'QUEUED', reason: 'submitted', attempt: 0 });
    await bumpDataVersion(tx as unknown as Db);
    return { ok: true, submission: submission!, modelSlug: slug, jobId: job!.id } as const;
  });
}
