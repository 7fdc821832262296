import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { RESULT_SOURCES, TASK_CATEGORIES, type Normalization } from '@transferboard/suite/types';

export const taskCategory = pgEnum('task_category', TASK_CATEGORIES);
export const resultSource = pgEnum('result_source', RESULT_SOURCES);
export const modelSource = pgEnum('model_source', ['paper', 'submission']);
export const tokenRole = pgEnum('token_role', ['submitter', 'runner', 'admin']);
export const submissionStatus = pgEnum('submission_status', ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
export const jobStatus = pgEnum('job_status', ['QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED']);
/** SUBMISSION: a submission's own evaluation. REEVALUATION: stale tasks re-measured after a version bump. */
export const jobKind = pgEnum('job_kind', ['SUBMISSION', 'REEVALUATION']);
/** Why a task of a job has no result: it failed (retried), its data is missing on the runner's host, or it was not run. */
export const taskOutcomeKind = pgEnum('task_outcome_kind', ['FAILED', 'MISSING_DATA', 'NOT_RUN']);

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const suites = pgTable('suites', {
  slug: text('slug').primaryKey(),
  title: text('title').notNull(),
  description: text('description').notNull(),
  version: integer('version').notNull(),
  /** Display order (the registry's order). */
  position: integer('position').notNull().default(0),
  createdAt: createdAt(),
});

export const tasks = pgTable('tasks', {
  slug: text('slug').primaryKey(),
  title: text('title').notNull(),
  category: taskCategory('category').notNull(),
  dataset: text('dataset').notNull(),
  numClasses: integer('num_classes').notNull(),
  primaryMetric: text('primary_metric').notNull(),
  higherIsBetter: integer('higher_is_better').notNull(), // 1 or 0: the primary metric's direction
  secondaryMetrics: jsonb('secondary_metrics').$type<string[]>().notNull(),
  /** The runner's protocol (null where the runner cannot measure the task, e.g. fine-tuning). */
  protocol: jsonb('protocol').$type<Record<string, unknown> | null>(),
  paperProtocol: jsonb('paper_protocol').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull(),
});

export const suiteTasks = pgTable(
  'suite_tasks',
  {
    suiteSlug: text('suite_slug')
      .notNull()
      .references(() => suites.slug, { onDelete: 'cascade' }),
    taskSlug: text('task_slug')
      .notNull()
      .references(() => tasks.slug),
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.suiteSlug, t.taskSlug] })],
);

export const models = pgTable(
  'models',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    source: modelSource('source').notNull(),
    family: text('family'),
    architecture: text('architecture'),
    description: text('description'),
    imagenetTop1: doublePrecision('imagenet_top1'),
    normalization: text('normalization').$type<Normalization>().notNull().default('imagenet'),
    checkpointUrl: text('checkpoint_url'),
    checkpointNotes: text('checkpoint_notes'),
    paperUrl: text('paper_url'),
    codeUrl: text('code_url'),
    license: text('license'),
    onnxSha256: text('onnx_sha256'),
    /** Declared by the submitter in submitModel (null: the file's metadata or the intake's default rule decides). */
    featureTensor: text('feature_tensor'),
    spatialTensors: text('spatial_tensors').array(),
    /** Per-model facts from the paper (tables 9–10) and the like: [{ key, value, source }]. */
    properties: jsonb('properties')
      .$type<{ key: string; value: number | string; source: string }[]>()
      .notNull()
      .default(sql`'[]'::jsonb`),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('models_slug_key').on(t.slug), index('models_name_idx').on(t.name)],
);

export const results = pgTable(
  'results',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    taskSlug: text('task_slug')
      .notNull()
      .references(() => tasks.slug),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    ciLow: doublePrecision('ci_low'),
    ciHigh: doublePrecision('ci_high'),
    source: resultSource('source').notNull(),
    protocolId: text('protocol_id').notNull(),
    protocolVersion: integer('protocol_version').notNull(),
    /** The task's version the number was measured (or reported) on; reported rows are version 1. */
    taskVersion: integer('task_version').notNull().default(1),
    // Typed provenance of measured results (null on reported ones): what made the number.
    runnerVersion: text('runner_version'),
    runnerCommit: text('runner_commit'),
    onnxruntimeVersion: text('onnxruntime_version'),
    executionProvider: text('execution_provider'),
    precision: text('precision'),
    /** sha256 over the split's file list and sizes, computed by the runner's dataset reader. */
    datasetFingerprint: text('dataset_fingerprint'),
    artifactSha256: text('artifact_sha256'),
    featureTensor: text('feature_tensor'),
    /** Reported: { table, column }. Measured: job, seeds, timings and everything not typed above. */
    provenance: jsonb('provenance').$type<Record<string, unknown>>().notNull(),
    jobId: uuid('job_id'),
    /** When the row was measured (or seeded): history is read by this and superseded_at. */
    createdAt: createdAt(),
    /** Set when a re-measurement of the same identity replaced this row; null on the current row. */
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
    supersededBy: bigint('superseded_by', { mode: 'number' }).references((): AnyPgColumn => results.id),
  },
  (t) => [
    // History: rows are never overwritten; one CURRENT row per identity.
    uniqueIndex('results_current_identity_key')
      .on(t.modelId, t.taskSlug, t.metric, t.source, t.protocolId, t.protocolVersion)
      .where(sql`${t.supersededAt} is null`),
    index('results_task_metric_idx').on(t.taskSlug, t.metric),
    index('results_model_task_idx').on(t.modelId, t.taskSlug),
  ],
);

/**
 * Every protocol version the code has declared, with the time an API first saw it (synced on
 * start from packages/suite). A measured result is stale at T when a newer version of its
 * protocol was introduced at or before T.
 */
export const protocolVersions = pgTable(
  'protocol_versions',
  {
    protocolId: text('protocol_id').notNull(),
    version: integer('version').notNull(),
    introducedAt: timestamp('introduced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.protocolId, t.version] })],
);

/** The same for task versions. */
export const taskVersions = pgTable(
  'task_versions',
  {
    taskSlug: text('task_slug').notNull(),
    version: integer('version').notNull(),
    introducedAt: timestamp('introduced_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.taskSlug, t.version] })],
);

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    role: tokenRole('role').notNull(),
    /** sha256 of the secret; the secret itself is shown once and never stored. */
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so people can tell their tokens apart. */
    prefix: text('prefix').notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('api_tokens_hash_key').on(t.tokenHash)],
);

export const artifacts = pgTable(
  'artifacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    storageKey: text('storage_key').notNull(),
    /** What validation found: inputs, outputs, feature output names, opset. */
    inspection: jsonb('inspection').$type<Record<string, unknown>>(),
    uploadedBy: uuid('uploaded_by').references(() => apiTokens.id),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('artifacts_sha256_key').on(t.sha256)],
);

/**
 * Uploads the intake refused, by sha256: the same bytes uploaded again are answered from here
 * instead of being validated again. Only refusals the file itself decides are kept (not a
 * timeout or a crash), each with the intake version that refused it: a newer intake validates
 * again.
 */
export const artifactRefusals = pgTable('artifact_refusals', {
  sha256: text('sha256').primaryKey(),
  /** The intake's reason code (EXTERNAL_DATA, CYCLIC_GRAPH, …). */
  reason: text('reason').notNull(),
  message: text('message').notNull(),
  intakeVersion: integer('intake_version').notNull(),
  createdAt: createdAt(),
  lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
  /** Uploads answered from here. */
  hits: integer('hits').notNull().default(0),
});

/**
 * Every token that uploaded an artifact's bytes. Blobs are stored once per sha256, so a second
 * submitter uploading identical bytes gets the first row; this records that they did, so they
 * may submit it too (`artifacts.uploaded_by` keeps the first uploader).
 */
export const artifactUploads = pgTable(
  'artifact_uploads',
  {
    artifactId: uuid('artifact_id')
      .notNull()
      .references(() => artifacts.id, { onDelete: 'cascade' }),
    tokenId: uuid('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.artifactId, t.tokenId] }), index('artifact_uploads_token_idx').on(t.tokenId)],
);

export const submissions = pgTable(
  'submissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    artifactId: uuid('artifact_id')
      .notNull()
      .references(() => artifacts.id),
    suiteSlug: text('suite_slug')
      .notNull()
      .references(() => suites.slug),
    submittedBy: uuid('submitted_by').references(() => apiTokens.id),
    status: submissionStatus('status').notNull().default('QUEUED'),
    failureReason: text('failure_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('submissions_status_idx').on(t.status),
    // The same bytes are evaluated once per suite while a submission of them is live or has
    // succeeded; once it is cancelled or failed they may be submitted again.
    uniqueIndex('submissions_artifact_suite_live_key')
      .on(t.artifactId, t.suiteSlug)
      .where(sql`${t.status} in ('QUEUED', 'RUNNING', 'SUCCEEDED')`),
    // Artifact garbage collection asks "is this artifact in any submission?".
    index('submissions_artifact_idx').on(t.artifactId),
  ],
);

/** Submission statuses that hold an artifact's place on a suite (the partial unique index above). */
export const LIVE_SUBMISSION_STATUSES = ['QUEUED', 'RUNNING', 'SUCCEEDED'] as const;

export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    suiteSlug: text('suite_slug').notNull(),
    status: jobStatus('status').notNull().default('QUEUED'),
    kind: jobKind('kind').notNull().default('SUBMISSION'),
    /** The suite's tasks the job measures; null: every measurable task of the suite. */
    taskSlugs: text('task_slugs').array(),
    /** Claimed highest first, then oldest (JOB_PRIORITY in queries/job-priority.ts). */
    priority: integer('priority').notNull().default(0),
    /** Why the job exists beyond its submission, e.g. "protocol linear-lbfgs v1 → v2". */
    reason: text('reason'),
    attempt: integer('attempt').notNull().default(0),
    maxAttempts: integer('max_attempts').notNull().default(3),
    /** Incremented on every claim; a runner's writes carry it and stale ones are refused. */
    fencingToken: bigint('fencing_token', { mode: 'number' }).notNull().default(0),
    leaseExpiresAt: timestamp('lease_expires_at', { withTimezone: true }),
    runnerName: text('runner_name'),
    /** The API token that claimed the job: only it (or an admin token) may write to the job while leased. */
    claimedBy: uuid('claimed_by').references(() => apiTokens.id, { onDelete: 'set null' }),
    progress: jsonb('progress').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    /**
     * The highest progress mark (a count of work done that only grows: tasks, images, compute
     * steps) the current attempt's heartbeats carried; null until the first. A heartbeat whose
     * mark does not exceed it has not advanced.
     */
    progressMark: doublePrecision('progress_mark'),
    /** When the current attempt last advanced (claimed, a higher mark, a result): stalls are measured from it. */
    progressedAt: timestamp('progressed_at', { withTimezone: true }),
    /** Claims given back by releaseJob (a stopping runner, an operator): they do not count as attempts, up to a cap. */
    releases: integer('releases').notNull().default(0),
    lastError: text('last_error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // claimJob's order: status, then priority (highest first), then age.
    index('jobs_status_priority_created_idx').on(t.status, t.priority.desc(), t.createdAt),
    index('jobs_lease_idx').on(t.leaseExpiresAt),
  ],
);

/**
 * A task of a job that has no result, and why: FAILED (an error, a time limit, a result the API
 * refused; the job is retried while attempts remain), MISSING_DATA (its dataset is not on the
 * runner's host) or NOT_RUN (outside the runner's --tasks). A result stored later wins: the
 * row stays as history (`failures` counts the failed tries).
 */
export const jobTaskOutcomes = pgTable(
  'job_task_outcomes',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    taskSlug: text('task_slug')
      .notNull()
      .references(() => tasks.slug),
    kind: taskOutcomeKind('kind').notNull(),
    reason: text('reason').notNull(),
    /** The job attempt that recorded it. */
    attempt: integer('attempt').notNull(),
    failures: integer('failures').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.taskSlug] })],
);

/** Every status change of a submission or its job, for the status history people see. */
export const statusEvents = pgTable(
  'status_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    submissionId: uuid('submission_id')
      .notNull()
      .references(() => submissions.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id'),
    status: text('status').notNull(),
    reason: text('reason'),
    attempt: integer('attempt'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('status_events_submission_idx').on(t.submissionId, t.at)],
);

/**
 * Counters that change whenever the data behind a cached response changes (key 'results':
 * results and the models they belong to). Every API replica reads the counter, one primary-key
 * lookup, before serving a cached response, so a write on any replica invalidates them all.
 */
export const dataVersions = pgTable('data_versions', {
  key: text('key').primaryKey(),
  version: bigint('version', { mode: 'number' }).notNull().default(0),
  updatedAt: updatedAt(),
});

/**
 * What running a model costs (docs/api.md, "What a model costs"): one row per job and task, the
 * runner's wall clock over the feature extraction of the task's split, decoding included, and the
 * peak memory it saw. Reporting a task again replaces its row. `Model.costs` sums images and
 * seconds per device, precision and batch size. Parameters and GFLOPs are not here: they are the
 * graph's (the artifact's inspection) or the paper architecture's, computed in the API.
 */
export const throughputMeasurements = pgTable(
  'throughput_measurements',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    modelId: uuid('model_id')
      .notNull()
      .references(() => models.id, { onDelete: 'cascade' }),
    jobId: uuid('job_id')
      .notNull()
      .references(() => jobs.id, { onDelete: 'cascade' }),
    taskSlug: text('task_slug')
      .notNull()
      .references(() => tasks.slug),
    /** The processor or accelerator, as the runner names it (CPU model and threads, or GPU name). */
    device: text('device').notNull(),
    /** The onnxruntime execution provider (cpu, cuda, …). */
    provider: text('provider').notNull(),
    precision: text('precision').$type<'fp32' | 'fp16'>().notNull(),
    batchSize: integer('batch_size').notNull(),
    images: integer('images').notNull(),
    seconds: doublePrecision('seconds').notNull(),
    /** Peak resident set of the runner process at the end of the extraction, MiB. */
    peakRssMiB: doublePrecision('peak_rss_mib').notNull(),
    /** Peak accelerator memory where the provider reports it, MiB. */
    peakGpuMiB: doublePrecision('peak_gpu_mib'),
    measuredAt: createdAt(),
  },
  (t) => [uniqueIndex('throughput_job_task_key').on(t.jobId, t.taskSlug), index('throughput_model_idx').on(t.modelId)],
);
