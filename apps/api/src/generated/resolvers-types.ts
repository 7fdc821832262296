import { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import { SuiteParent, TaskParent, ModelParent, ResultParent, LeaderboardParent, LeaderboardRowParent, LeaderboardColumnParent, AnalysisGroupParent, TaskRankingParent, TaskRankingEntryParent, CorrelationParent, CorrelationPointParent, SubmissionParent, StatusEventParent, TaskProgressParent, JobParent, ArtifactParent } from '../mappers';
import { ApiContext } from '../context';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Any JSON value (protocol parameters, provenance). */
  JSON: { input: unknown; output: unknown; }
};

export type Aggregate =
  /** Per-category mean of task scores, then the mean over categories (higher is better). */
  | 'MEAN'
  /** Per-category mean of per-task ranks, then the mean over categories (lower is better). */
  | 'MEAN_RANK';

/**
 * One setting of the paper's correlation analysis (figure 1): per model, the mean over the group's
 * tasks of the logit-transformed metric is one point. A group pools results of one protocol only:
 * its tasks' paper protocol.
 */
export type AnalysisGroup = {
  __typename?: 'AnalysisGroup';
  /**
   * The metric correlated: a metric id every task has (few-shot `accuracy`, detection `ap50`,
   * normals `within_11_25`, segmentation `miou`), or `primary` where the tasks' primary metrics
   * differ (many-shot: top-1, mean per-class accuracy, 11-point mAP).
   */
  metric: Scalars['String']['output'];
  /** The one protocol whose results are pooled. */
  protocol: ProtocolKey;
  slug: Scalars['String']['output'];
  tasks: Array<Task>;
  title: Scalars['String']['output'];
};

/** What kind of network a model is (docs/runner.md, "What a model is": the rule that infers it). */
export type ArchitectureFamily =
  /** A patchify stem, depthwise convolutions and layer normalisation, no attention. */
  | 'CONVNEXT_LIKE'
  /** Any other network of convolutions (the paper's ResNet-50s, VGG, EfficientNet). */
  | 'CONVOLUTIONAL'
  /** No convolution at all. */
  | 'OTHER'
  /** A patch embedding (kernel = stride) and self-attention: ViT, DeiT, DINO(v2), MAE, iBOT, MoCo v3. */
  | 'VISION_TRANSFORMER';

export type Artifact = {
  __typename?: 'Artifact';
  id: Scalars['ID']['output'];
  sha256: Scalars['String']['output'];
  size: Scalars['Float']['output'];
};

export type CategoryScore = {
  __typename?: 'CategoryScore';
  category: TaskCategory;
  /** No result of the row in this category is on another protocol than its column's reference. */
  comparable: Scalars['Boolean']['output'];
  /** The distinct protocols of the row's results in this category, in task order. */
  protocols: Array<ProtocolKey>;
  /**
   * Among the rows with the same protocols on every task of the category: the rows comparable on it
   * when `comparable`, else only the rows sharing this row's protocols.
   */
  rank: Maybe<Scalars['Int']['output']>;
  /** How many rows `rank` is among. */
  rankedAmong: Maybe<Scalars['Int']['output']>;
  /** Null unless the row has every task of the category. */
  score: Maybe<Scalars['Float']['output']>;
  tasks: Scalars['Int']['output'];
  tasksWithResults: Scalars['Int']['output'];
};

export type Completeness = {
  __typename?: 'Completeness';
  tasks: Scalars['Int']['output'];
  tasksWithResults: Scalars['Int']['output'];
};

export type Correlation = {
  __typename?: 'Correlation';
  category: Maybe<TaskCategory>;
  ciHigh: Maybe<Scalars['Float']['output']>;
  /** 95% percentile bootstrap interval over models (1,000 seeded draws); null for fewer than three points. */
  ciLow: Maybe<Scalars['Float']['output']>;
  /** Null where undefined (fewer than two points, or a constant variable). */
  coefficient: Maybe<Scalars['Float']['output']>;
  /** The analysis group correlated (null for a task or a category). */
  group: Maybe<AnalysisGroup>;
  method: CorrelationMethod;
  /**
   * The metric correlated: for a task, the metric given or its primary one; for a group, the
   * group's (`primary` where its tasks' primary metrics differ); null for a category (each task's
   * primary metric).
   */
  metric: Maybe<Scalars['String']['output']>;
  n: Scalars['Int']['output'];
  points: Array<CorrelationPoint>;
  /**
   * Per task of the setting (the group's, the category's or the one task, in suite order), the
   * protocol whose results were pooled; null for a task no model has a result on.
   */
  pooledProtocols: Array<Maybe<ProtocolKey>>;
  suite: Suite;
  task: Maybe<Task>;
};

export type CorrelationMethod =
  /** Pearson's r of the transformed values. */
  | 'PEARSON'
  /** Spearman's rho (Pearson's r of the ranks; ties share their mean rank). */
  | 'SPEARMAN';

export type CorrelationPoint = {
  __typename?: 'CorrelationPoint';
  model: Model;
  source: ResultSource;
  /** logit(ImageNet top-1 / 100). */
  x: Scalars['Float']['output'];
  /** The transformed transfer value (see Query.correlation). */
  y: Scalars['Float']['output'];
};

export type DatasetFingerprint = {
  __typename?: 'DatasetFingerprint';
  fingerprint: Scalars['String']['output'];
  results: Scalars['Int']['output'];
  /** Distinct runner versions that reported it. */
  runnerVersions: Array<Scalars['String']['output']>;
};

export type Job = {
  __typename?: 'Job';
  artifact: Artifact;
  attempt: Scalars['Int']['output'];
  /** How long the runner expects the rest of the job to take; null unless the job is running and its runner sent an estimate. */
  eta: Maybe<JobEta>;
  /**
   * Send it with every write for this job: a write with an older token is refused (STALE_LEASE).
   * Only runner and admin tokens see it (null otherwise): it authorises writes to the job.
   */
  fencingToken: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  kind: JobKind;
  lastError: Maybe<Scalars['String']['output']>;
  /** ISO 8601; heartbeat before it passes. */
  leaseExpiresAt: Maybe<Scalars['String']['output']>;
  maxAttempts: Scalars['Int']['output'];
  model: Model;
  /** Claimed highest first, then oldest: new submissions 100, re-evaluations 0. */
  priority: Scalars['Int']['output'];
  /**
   * What the runner last reported in a heartbeat: { phase, task, taskIndex, taskCount, mark,
   * counters, … }. `mark` is work done so far; the lease is extended only while it grows.
   */
  progress: Scalars['JSON']['output'];
  /** ISO 8601: when the current attempt last made progress (a higher mark or a result); a job without any for JOB_STALL_SECONDS is stalled. */
  progressedAt: Maybe<Scalars['String']['output']>;
  /** Why a re-evaluation was queued, e.g. "protocol linear-lbfgs v1 → v2 on 2026-12-03"; null for a submission's own job. */
  reason: Maybe<Scalars['String']['output']>;
  runner: Maybe<Scalars['String']['output']>;
  status: JobStatus;
  submission: Submission;
  suite: Suite;
  /** The tasks the job covers (a re-evaluation's stale ones); null: the whole suite. */
  taskSlugs: Maybe<Array<Scalars['String']['output']>>;
  /** The tasks the runner is to measure, in suite order: the job's subset (taskSlugs), else every task of the suite it can measure. */
  tasks: Array<Task>;
};

/** A runner's estimate of the time a job still needs: its cost model, rescaled by how the finished tasks compared with it. */
export type JobEta = {
  __typename?: 'JobEta';
  /** What the estimate rests on, in the runner's words: the host's calibrated rates, the actual / estimated ratio so far. */
  basis: Scalars['String']['output'];
  /** ISO 8601: when the runner made the estimate (its latest heartbeat carrying one). */
  estimatedAt: Scalars['String']['output'];
  /** Seconds left now: the runner's figure less the time since it made it (0 once that has passed). */
  secondsLeft: Scalars['Int']['output'];
};

/** Why a job exists. */
export type JobKind =
  /** Stale results (a newer protocol or task version) measured again, queued by the API on start. */
  | 'REEVALUATION'
  /** A submission's own evaluation of its suite. */
  | 'SUBMISSION';

export type JobStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'LEASED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type Leaderboard = {
  __typename?: 'Leaderboard';
  aggregate: Aggregate;
  /** The moment asked for (ISO 8601, UTC), or null for now. */
  asOf: Maybe<Scalars['String']['output']>;
  category: Maybe<TaskCategory>;
  /** One per task of `tasks`, in the same order: the protocol this view ranks the task on. */
  columns: Array<LeaderboardColumn>;
  /**
   * The last change of the data this board is made of (a result stored or replaced, a version
   * introduced), at or before `asOf`: pass it as `asOf` to cite this exact board (a permalink).
   */
  dataAsOf: Maybe<Scalars['String']['output']>;
  /** The distinct model families among the view's rows, sorted (for a family filter). */
  families: Array<Scalars['String']['output']>;
  includeStale: Scalars['Boolean']['output'];
  /** How many rows the view has, before any rowsPage filter. */
  rowCount: Scalars['Int']['output'];
  /**
   * Rows with a rank first, grouped by basis (the widest basis first, by rank within a basis),
   * then rows without one, by completeness. The whole board (costed as such): use `rowsPage`.
   * @deprecated The whole board in one response (10,000 rows at scale). Use rowsPage.
   */
  rows: Array<LeaderboardRow>;
  /**
   * The rows, cursor-paginated (`first`/`after` forward, `last`/`before` backward; at most 100),
   * sorted by any column server-side and filtered. Filters hide rows; they never change ranks,
   * which belong to the view (suite, category, aggregate, source). Cursors are positions in the
   * filtered order at the board's data version: after a new result, start from the first page.
   */
  rowsPage: LeaderboardRowConnection;
  source: Maybe<ResultSource>;
  suite: Suite;
  /** The tasks the rows' cells follow, in suite order. */
  tasks: Array<Task>;
};


export type LeaderboardRowsPageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<LeaderboardRowFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
  orderBy?: InputMaybe<LeaderboardOrder>;
};

export type LeaderboardCell = {
  __typename?: 'LeaderboardCell';
  ciHigh: Maybe<Scalars['Float']['output']>;
  ciLow: Maybe<Scalars['Float']['output']>;
  /** False when the value is on another protocol than the column's reference: shown, not ranked against it. */
  comparable: Scalars['Boolean']['output'];
  /** The protocol the value comes from (with protocolVersion); null where there is no value. */
  protocolId: Maybe<Scalars['String']['output']>;
  protocolVersion: Maybe<Scalars['Int']['output']>;
  /** Position among this view's values of the task on the same protocol (competition ranking). */
  rank: Maybe<Scalars['Int']['output']>;
  /** How many values that rank is among. */
  rankedAmong: Maybe<Scalars['Int']['output']>;
  /** True when the value is stale (only with includeStale: true): a newer protocol or task version exists. */
  stale: Scalars['Boolean']['output'];
  /** Why it is stale (Result.staleReason). */
  staleReason: Maybe<Scalars['String']['output']>;
  taskSlug: Scalars['String']['output'];
  value: Maybe<Scalars['Float']['output']>;
};

export type LeaderboardColumn = {
  __typename?: 'LeaderboardColumn';
  /**
   * The protocol this view ranks the task on: the paper's if any row of the view has a result on
   * it, else the runner's if any row has one, else the one most rows are on. Null when no row has a
   * result. A cell on another protocol is not comparable here (LeaderboardCell.comparable).
   */
  referenceProtocol: Maybe<ProtocolKey>;
  referenceReason: Maybe<ReferenceReason>;
  task: Task;
};

/**
 * A column to order leaderboard rows by: `rank` (the default), `score`, `model` (name), `imagenet`
 * (ImageNet top-1), `cost:params`, `cost:gflops`, `cost:ips` (the model's `cost`: parameters, GFLOPs
 * per image, images per second of its newest measurement), `category:<TaskCategory>` (e.g.
 * `category:FEW_SHOT`) or `task:<task slug>`. `direction` defaults to best-first for the column
 * (fewer parameters and GFLOPs, more images per second). Values that are not comparable never sort among
 * those that are: ranks and scores sort within each basis (the widest first), a task's or a
 * category's values on another protocol after the comparable ones; missing values come last.
 */
export type LeaderboardOrder = {
  column?: Scalars['String']['input'];
  direction?: InputMaybe<SortDirection>;
};

export type LeaderboardPageInfo = {
  __typename?: 'LeaderboardPageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor: Maybe<Scalars['String']['output']>;
};

export type LeaderboardRow = {
  __typename?: 'LeaderboardRow';
  /**
   * The categories `score` and `rank` cover, in canonical order: those where the row has every task,
   * each on the column's reference protocol. Fewer than the view's categories means a partial basis:
   * the row is ranked over those categories only (against every row that has them).
   */
  basis: Array<TaskCategory>;
  categoryScores: Array<CategoryScore>;
  /** One cell per task of `tasks`, in the same order; value null where there is no result. */
  cells: Array<LeaderboardCell>;
  completeness: Completeness;
  model: Model;
  /**
   * Competition rank (ties share the best position) among every row comparable on all of this
   * row's `basis`, scored over the basis alone; null when the basis is empty.
   */
  rank: Maybe<Scalars['Int']['output']>;
  /**
   * Rank stability under resampling of TASKS, not a confidence interval: the 2.5th to 97.5th
   * percentile of the row's rank over 1,000 seeded bootstrap resamples (`draws`: fewer past 1,000 rows) of the tasks (within each
   * category of the row's basis, ranked as `rank` is). Rows whose intervals overlap are not clearly
   * apart on this suite. Null for unranked rows.
   */
  rankInterval: Maybe<RankInterval>;
  /**
   * True while the rank intervals of this board (of the data version the row is shown with) are
   * still being computed, off the request path: `rankInterval` is null until then, never stale.
   * Boards of up to 1,000 rows are computed on the first request and are never pending.
   */
  rankIntervalPending: Scalars['Boolean']['output'];
  /** Another row of the view has the same basis and rank (shown as a tie, e.g. =3). */
  rankTied: Scalars['Boolean']['output'];
  /** How many rows `rank` is among. */
  rankedAmong: Maybe<Scalars['Int']['output']>;
  /** The aggregate over `basis` (MEAN: mean task score; MEAN_RANK: mean rank, lower is better). */
  score: Maybe<Scalars['Float']['output']>;
  source: ResultSource;
};

export type LeaderboardRowConnection = {
  __typename?: 'LeaderboardRowConnection';
  edges: Array<LeaderboardRowEdge>;
  /** The position (0-based) of the first edge in the filtered order. */
  offset: Scalars['Int']['output'];
  pageInfo: LeaderboardPageInfo;
  /** Rows that pass the filter. */
  totalCount: Scalars['Int']['output'];
};

export type LeaderboardRowEdge = {
  __typename?: 'LeaderboardRowEdge';
  cursor: Scalars['String']['output'];
  node: LeaderboardRow;
};

/** Filters on leaderboard rows: they hide rows, never re-rank them. */
export type LeaderboardRowFilter = {
  /** The model's family (case-insensitive). */
  family?: InputMaybe<Scalars['String']['input']>;
  /**
   * Only these models' rows (by slug, at most 10; a model has one row per source), in the page's
   * order: what a model page or a comparison needs, without the rest of the board. Ranks, ties
   * and bases stay the view's. A slug with no row (an unknown model, or one without results in
   * this view) gives no row, not an error.
   */
  models?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Case-insensitive substring of the model's name or slug. */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Rows of this source only (the view's ranks stay those of every source; use Query.leaderboard(source:) to rank one source). */
  source?: InputMaybe<ResultSource>;
};

/**
 * The typed provenance of reported measurements. A re-measurement of the same model, task, metric
 * and protocol is appended to the history and supersedes the previous number.
 */
export type MeasurementInput = {
  /** 64 lowercase hex digits: sha256 over the evaluated split's file list and sizes. */
  datasetFingerprint?: InputMaybe<Scalars['String']['input']>;
  /** cpu or cuda. */
  executionProvider: Scalars['String']['input'];
  /** The ONNX output the pooled features came from. */
  featureTensor?: InputMaybe<Scalars['String']['input']>;
  onnxruntimeVersion: Scalars['String']['input'];
  /** fp32 or fp16. */
  precision: Scalars['String']['input'];
  runnerCommit?: InputMaybe<Scalars['String']['input']>;
  runnerVersion: Scalars['String']['input'];
  /** The task version measured; must be the task's current version (Task.version). */
  taskVersion: Scalars['Int']['input'];
};

export type MetricValueInput = {
  ciHigh?: InputMaybe<Scalars['Float']['input']>;
  ciLow?: InputMaybe<Scalars['Float']['input']>;
  metric: Scalars['String']['input'];
  value: Scalars['Float']['input'];
};

export type Model = {
  __typename?: 'Model';
  /** What the model is: architecture family, input size, patch size, the feature tensor and why. */
  anatomy: ModelAnatomy;
  architecture: Maybe<Scalars['String']['output']>;
  checkpointNotes: Maybe<Scalars['String']['output']>;
  checkpointUrl: Maybe<Scalars['String']['output']>;
  codeUrl: Maybe<Scalars['String']['output']>;
  /**
   * What the model costs, beside its score. Parameters and GFLOPs come from its graph, for every
   * model (the paper's from the ResNet-50 they share). The measured fields (imagesPerSecond to
   * measuredAt) come from one entry of `costs`: the newest, or the newest on `device` (exact name,
   * as `costs` lists them) and/or `precision`; they are null when nothing matching was measured.
   * Compare throughput only between models measured on the same device and precision.
   */
  cost: ModelCost;
  /** Every device, precision and batch size the model was measured on, newest first (parameters and GFLOPs repeated in each). */
  costs: Array<ModelCost>;
  description: Maybe<Scalars['String']['output']>;
  family: Maybe<Scalars['String']['output']>;
  /**
   * The pooled-feature tensor its submitter declared in submitModel; null when none was declared
   * (then the ONNX file's `transferboard.features` metadata or the intake's default rule decides:
   * docs/runner.md, "Which features"). Each measured result records the tensor used in its provenance.
   */
  featureTensor: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  imagenetTop1: Maybe<Scalars['Float']['output']>;
  license: Maybe<Scalars['String']['output']>;
  name: Scalars['String']['output'];
  normalization: Scalars['String']['output'];
  onnxSha256: Maybe<Scalars['String']['output']>;
  paperUrl: Maybe<Scalars['String']['output']>;
  properties: Array<ModelProperty>;
  /**
   * Results of this model: all of them, or those of one suite / task / source; the current ones, or
   * those current at `asOf` (ISO 8601, as on `leaderboard`). Stale results are included, flagged.
   */
  results: Array<Result>;
  slug: Scalars['String']['output'];
  source: ModelSource;
  /** The spatial feature maps its submitter declared in submitModel, coarsest first; null when none were declared. */
  spatialTensors: Maybe<Array<Scalars['String']['output']>>;
};


export type ModelCostArgs = {
  device?: InputMaybe<Scalars['String']['input']>;
  precision?: InputMaybe<Precision>;
};


export type ModelResultsArgs = {
  asOf?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<ResultSource>;
  suite?: InputMaybe<Scalars['String']['input']>;
  task?: InputMaybe<Scalars['String']['input']>;
};

/** What a model is, read from its graph by the intake (or, for the paper's models, their shared ResNet-50). */
export type ModelAnatomy = {
  __typename?: 'ModelAnatomy';
  family: Maybe<ArchitectureFamily>;
  familyReason: Maybe<Scalars['String']['output']>;
  /** inferred (the graph rule), metadata (transferboard.architecture) or paper (the paper's ResNet-50). */
  familySource: Maybe<Scalars['String']['output']>;
  /** Length of the feature vector, where known. */
  featureDimension: Maybe<Scalars['Int']['output']>;
  /** Why this tensor, in words. */
  featureReason: Maybe<Scalars['String']['output']>;
  /** declared (submitModel), metadata, model-output, classifier-input or global-pool; paper for the paper's models. */
  featureSource: Maybe<Scalars['String']['output']>;
  /** The tensor the runner reads as the pooled features (null for the paper's reported models). */
  featureTensor: Maybe<Scalars['String']['output']>;
  /** The image input as the file declares it, e.g. [N,3,224,224] or [N,3,H,W]. */
  inputShape: Maybe<Scalars['String']['output']>;
  /** The image side the runner feeds (images are resized and cropped to it). */
  inputSize: Scalars['Int']['output'];
  /** A vision transformer's patch size, in pixels. */
  patchSize: Maybe<Scalars['Int']['output']>;
  /** declared, metadata, before-global-pool or none. */
  spatialSource: Maybe<Scalars['String']['output']>;
  /** The spatial maps the dense probes read, coarsest first. */
  spatialTensors: Array<Scalars['String']['output']>;
};

export type ModelConnection = {
  __typename?: 'ModelConnection';
  edges: Array<ModelEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

/**
 * What a model costs (docs/api.md, "What a model costs"). GFLOPs = 2 × the multiply-accumulates of
 * Conv, Gemm and MatMul for one 224×224 image; parameters = floating-point weights without
 * BatchNormalization running statistics.
 */
export type ModelCost = {
  __typename?: 'ModelCost';
  batchSize: Maybe<Scalars['Int']['output']>;
  /** The definition, in words. */
  definition: Scalars['String']['output'];
  device: Maybe<Scalars['String']['output']>;
  /** Null when the graph holds a product the definition cannot count (gflopsUnknown says why). */
  gflopsPerImage: Maybe<Scalars['Float']['output']>;
  gflopsUnknown: Maybe<Scalars['String']['output']>;
  /** Images timed, over `tasksMeasured` tasks. */
  imagesMeasured: Maybe<Scalars['Int']['output']>;
  /** Σ images ÷ Σ wall-clock seconds over every task's extraction on this device: decode and forward. */
  imagesPerSecond: Maybe<Scalars['Float']['output']>;
  /** ISO 8601: the newest task measurement of this entry. */
  measuredAt: Maybe<Scalars['String']['output']>;
  /** Null only for a model whose file was inspected before costs were recorded. */
  parameters: Maybe<Scalars['Float']['output']>;
  /** Peak accelerator memory, MiB, where the provider reports it. */
  peakGpuMemoryMiB: Maybe<Scalars['Float']['output']>;
  /** Peak resident memory of the runner process, MiB (the highest over the tasks). */
  peakMemoryMiB: Maybe<Scalars['Float']['output']>;
  precision: Maybe<Precision>;
  provider: Maybe<Scalars['String']['output']>;
  tasksMeasured: Maybe<Scalars['Int']['output']>;
};

export type ModelEdge = {
  __typename?: 'ModelEdge';
  cursor: Scalars['String']['output'];
  node: Model;
};

export type ModelFilter = {
  family?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring of the name or slug. */
  search?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<ModelSource>;
};

export type ModelProperty = {
  __typename?: 'ModelProperty';
  key: Scalars['String']['output'];
  source: Scalars['String']['output'];
  value: Scalars['JSON']['output'];
};

export type ModelSource =
  | 'PAPER'
  | 'SUBMISSION';

/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type Mutation = {
  __typename?: 'Mutation';
  /** Submitter (its own submissions) or admin: cancels a queued or running submission. */
  cancelSubmission: Submission;
  /** Runner: leases the oldest queued job, or null when none is queued. */
  claimJob: Maybe<Job>;
  /**
   * Runner: ends a job whose tasks did not all produce a result; the tasks without one are named
   * with their reasons and kinds. A FAILED task still without a result queues the job again while
   * attempts remain (the attempt counts), and fails it after the last; tasks only MISSING_DATA or
   * NOT_RUN do not hold it back: SUCCEEDED with at least one measured task, else FAILED. Not
   * needed when every task was reported.
   */
  completeJob: Job;
  /**
   * Runner: gives the job up; retryable failures are queued again while attempts remain (the
   * attempt counts).
   */
  failJob: Job;
  /** Runner: extends the lease and records progress (e.g. { task, fraction }). */
  heartbeat: Job;
  /**
   * Runner (stopping) or admin: gives the job back unfinished. It is queued again at once and the
   * attempt does not count (up to 10 releases per job; later ones count). Results already reported stay.
   */
  releaseJob: Job;
  /**
   * Runner: one task's measured metrics (idempotent: reporting again overwrites). `protocol` names
   * what they were measured under; anything but the task's runner protocol (Task.protocol's id
   * and version), or no protocol at all, is refused with PROTOCOL_MISMATCH.
   */
  reportResults: Job;
  /**
   * Runner: one task of the job failed (an error, its time limit, a result the API refused). The
   * submission shows it FAILED with the reason at once; the job goes on with its other tasks.
   */
  reportTaskFailure: Job;
  /**
   * Runner: what extracting one task's features cost (wall clock over the whole split, decoding
   * included, and peak memory), for Model.cost. Reporting a task again replaces its measurement.
   */
  reportThroughput: Job;
  /**
   * Admin: queues an ended re-evaluation again (FAILED, CANCELLED, or SUCCEEDED without some of its
   * tasks), which start-up never re-queues on its own: a new REEVALUATION job for those of its tasks
   * that are still stale with no fresh result and that no live job covers. CONFLICT when there is
   * none (all re-measured, or already queued again), or when the job has not ended.
   */
  requeueReevaluation: Job;
  /** Submitter: a new model (source SUBMISSION, slug derived from the name) and a QUEUED job on ssl-transfer-v1. */
  submitModel: Submission;
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationCancelSubmissionArgs = {
  id: Scalars['ID']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationClaimJobArgs = {
  runner: Scalars['String']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationCompleteJobArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  unmeasured: Array<UnmeasuredTaskInput>;
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationFailJobArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  retryable: Scalars['Boolean']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationHeartbeatArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  progress?: InputMaybe<Scalars['JSON']['input']>;
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationReleaseJobArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationReportResultsArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  measurement?: InputMaybe<MeasurementInput>;
  protocol?: InputMaybe<ProtocolRefInput>;
  provenance?: InputMaybe<Scalars['JSON']['input']>;
  results: Array<MetricValueInput>;
  task: Scalars['String']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationReportTaskFailureArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  task: Scalars['String']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationReportThroughputArgs = {
  fencingToken: Scalars['Int']['input'];
  jobId: Scalars['ID']['input'];
  measurement: ThroughputInput;
  task: Scalars['String']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationRequeueReevaluationArgs = {
  jobId: Scalars['ID']['input'];
};


/**
 * Writes need an API token: `Authorization: Bearer TOKEN` (create one with
 * `npm run tokens -- create --role submitter|runner|admin --name NAME`). Without a valid token:
 * UNAUTHENTICATED; with a token of the wrong role: FORBIDDEN. Admin tokens may do everything.
 */
export type MutationSubmitModelArgs = {
  input: SubmitModelInput;
};

/** The input normalisation a model expects (SimCLR, for one, expects none). */
export type Normalization =
  /** ImageNet mean and standard deviation. */
  | 'IMAGENET'
  /** Pixels in [0, 1], unnormalised. */
  | 'NONE';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** The number format a throughput measurement ran in. */
export type Precision =
  | 'FP16'
  | 'FP32';

export type Protocol = {
  __typename?: 'Protocol';
  description: Scalars['String']['output'];
  id: Scalars['String']['output'];
  params: Scalars['JSON']['output'];
  version: Scalars['Int']['output'];
};

/** A protocol's identity. Two numbers are ranked against each other only when both parts are equal. */
export type ProtocolKey = {
  __typename?: 'ProtocolKey';
  id: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

/** A protocol id and version, as packages/suite declares them (e.g. fewshot-protonet v1). */
export type ProtocolRefInput = {
  id: Scalars['String']['input'];
  version: Scalars['Int']['input'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * The paper's analysis (Ericsson et al., CVPR 2021, section 4, figure 1): ImageNet top-1 accuracy
   * (x, logit-transformed) against transfer (y) over every model with an ImageNet accuracy and a
   * complete set of results. Give exactly one of `group` (one of the suite's `analysisGroups`, the
   * paper's settings: y = the per-model mean of the group's transformed metric over its tasks),
   * `task` (y = the transformed `metric`, by default the task's primary metric) or the deprecated
   * `category`. Bounded metrics are logit-transformed (calibration error too, keeping the sign of
   * the paper's table 9), unbounded errors negated. Points pool ONE protocol per task: a group's
   * paper protocol; for `task` and `category` the task's reference protocol as on the leaderboard.
   * One point per model and result source, or of one `source`. See docs/api.md.
   */
  correlation: Correlation;
  /**
   * Models ranked on a suite. Each row is one model's results from one source: a paper model that
   * was also re-measured appears once as REPORTED and once as MEASURED, never mixed. Numbers are
   * ranked against each other only when they come from the same protocol (id and version): each
   * task column has a reference protocol (`columns`), a row's overall score and rank cover only
   * its `basis`, the categories where it has every task on the reference protocol. See docs/api.md.
   */
  leaderboard: Leaderboard;
  model: Maybe<Model>;
  /** Models ordered by slug, cursor-paginated (first ≤ 100). */
  models: ModelConnection;
  /** Results matching every given filter, ordered by id, cursor-paginated (first ≤ 100). */
  results: ResultConnection;
  /** A submission by id; an unknown id is a NOT_FOUND error. */
  submission: Maybe<Submission>;
  /**
   * Submissions, newest first, optionally of one status and of one model (its slug; a model with
   * no submission, such as the paper's, gives an empty list), cursor-paginated (first ≤ 100).
   */
  submissions: SubmissionConnection;
  /** A suite by slug; an unknown slug is a NOT_FOUND error. */
  suite: Maybe<Suite>;
  suites: Array<Suite>;
  task: Maybe<Task>;
  /** Tasks, optionally of one suite and/or category. */
  tasks: Array<Task>;
};


export type QueryCorrelationArgs = {
  category?: InputMaybe<TaskCategory>;
  group?: InputMaybe<Scalars['String']['input']>;
  method: CorrelationMethod;
  metric?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<ResultSource>;
  suite: Scalars['String']['input'];
  task?: InputMaybe<Scalars['String']['input']>;
};


export type QueryLeaderboardArgs = {
  aggregate?: InputMaybe<Aggregate>;
  asOf?: InputMaybe<Scalars['String']['input']>;
  category?: InputMaybe<TaskCategory>;
  includeStale?: InputMaybe<Scalars['Boolean']['input']>;
  source?: InputMaybe<ResultSource>;
  suite: Scalars['String']['input'];
};


export type QueryModelArgs = {
  slug: Scalars['String']['input'];
};


export type QueryModelsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ModelFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryResultsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ResultFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySubmissionArgs = {
  id: Scalars['ID']['input'];
};


export type QuerySubmissionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  model?: InputMaybe<Scalars['String']['input']>;
  status?: InputMaybe<SubmissionStatus>;
};


export type QuerySuiteArgs = {
  slug: Scalars['String']['input'];
};


export type QueryTaskArgs = {
  slug: Scalars['String']['input'];
};


export type QueryTasksArgs = {
  category?: InputMaybe<TaskCategory>;
  suite?: InputMaybe<Scalars['String']['input']>;
};

/**
 * Where a row's position could plausibly be under another choice of tasks. NOT a confidence
 * interval: it resamples the suite's TASKS, not test images or models (see LeaderboardRow.rankInterval).
 */
export type RankInterval = {
  __typename?: 'RankInterval';
  /**
   * The bootstrap resamples behind it: 1,000, or fewer where more than 1,000 rows are comparable on
   * the row's basis (1,000 · 1,000 / rows, at least 200), which bounds the cost at 10,000 rows. See
   * docs/api.md for the Monte-Carlo error this adds.
   */
  draws: Scalars['Int']['output'];
  high: Scalars['Int']['output'];
  low: Scalars['Int']['output'];
};

/** Why a task's reference protocol in a view is what it is (see Leaderboard.columns). */
export type ReferenceReason =
  /** Neither is present: the protocol most rows of the view are on (ties by id and version). */
  | 'MOST_FREQUENT'
  /** The paper's protocol: some row of the view has a result on it. */
  | 'PAPER'
  /** The runner's protocol: no row has the paper's, some row has the runner's. */
  | 'RUNNER';

export type Result = {
  __typename?: 'Result';
  /** The model artifact's sha256. */
  artifactSha256: Maybe<Scalars['String']['output']>;
  ciHigh: Maybe<Scalars['Float']['output']>;
  ciLow: Maybe<Scalars['Float']['output']>;
  /** sha256 over the evaluated split's file list and sizes (docs/api.md): two runners with different fingerprints read different data. */
  datasetFingerprint: Maybe<Scalars['String']['output']>;
  /** cpu or cuda. */
  executionProvider: Maybe<Scalars['String']['output']>;
  /** The ONNX output the pooled features came from. */
  featureTensor: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** When the number was measured (or seeded, for reported numbers). */
  measuredAt: Scalars['String']['output'];
  metric: Scalars['String']['output'];
  model: Model;
  onnxruntimeVersion: Maybe<Scalars['String']['output']>;
  /** fp32 or fp16: the precision features were extracted in. */
  precision: Maybe<Scalars['String']['output']>;
  protocolId: Scalars['String']['output'];
  protocolVersion: Scalars['Int']['output'];
  /** Everything else: reported numbers' table and column; measured ones' job, seeds, sizes, timings (host details only for tokens). */
  provenance: Scalars['JSON']['output'];
  /** The runner's git commit, where it was built from a checkout. */
  runnerCommit: Maybe<Scalars['String']['output']>;
  /** The runner's package version (measured results; null for reported ones). */
  runnerVersion: Maybe<Scalars['String']['output']>;
  source: ResultSource;
  /**
   * True when a newer version of the result's protocol or task exists (as of the moment asked for):
   * the number is kept and shown, but left out of rankings by default and queued for re-measurement.
   * Reported (paper) numbers are never stale.
   */
  stale: Scalars['Boolean']['output'];
  /** Why it is stale, e.g. "protocol linear-lbfgs v1 → v2 on 2026-12-03"; null when it is not. */
  staleReason: Maybe<Scalars['String']['output']>;
  /** When a re-measurement replaced it; null for a current result. */
  supersededAt: Maybe<Scalars['String']['output']>;
  task: Task;
  /** The task's version the number was made on (reported numbers: 1). */
  taskVersion: Scalars['Int']['output'];
  value: Scalars['Float']['output'];
};

export type ResultConnection = {
  __typename?: 'ResultConnection';
  edges: Array<ResultEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ResultEdge = {
  __typename?: 'ResultEdge';
  cursor: Scalars['String']['output'];
  node: Result;
};

export type ResultFilter = {
  metric?: InputMaybe<Scalars['String']['input']>;
  /** Model slug. */
  model?: InputMaybe<Scalars['String']['input']>;
  /** Protocol id. */
  protocol?: InputMaybe<Scalars['String']['input']>;
  source?: InputMaybe<ResultSource>;
  /** Suite slug: results of its tasks. */
  suite?: InputMaybe<Scalars['String']['input']>;
  /** Task slug. */
  task?: InputMaybe<Scalars['String']['input']>;
};

export type ResultSource =
  /** Computed by a Transferboard runner (job, versions and provider are in the provenance). */
  | 'MEASURED'
  /** Published in the paper (the table is in the provenance). */
  | 'REPORTED';

export type SortDirection =
  | 'ASC'
  | 'DESC';

export type StatusEvent = {
  __typename?: 'StatusEvent';
  /** ISO 8601. */
  at: Scalars['String']['output'];
  attempt: Maybe<Scalars['Int']['output']>;
  reason: Maybe<Scalars['String']['output']>;
  status: Scalars['String']['output'];
};

export type Submission = {
  __typename?: 'Submission';
  artifact: Artifact;
  /** ISO 8601. */
  createdAt: Scalars['String']['output'];
  /** Every status change, oldest first. */
  events: Array<StatusEvent>;
  /** Why it failed, in the runner's words. */
  failureReason: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  /** Its own evaluation job (kind SUBMISSION): re-evaluations are in `jobs`. */
  job: Maybe<Job>;
  /** Every job of it, oldest first: its own evaluation, then any re-evaluations of stale results. */
  jobs: Array<Job>;
  model: Model;
  /** Per task of the suite, in suite order. */
  progress: Array<TaskProgress>;
  /** Place in the queue while QUEUED (1 = evaluated next); null otherwise. */
  queuePosition: Maybe<Scalars['Int']['output']>;
  status: SubmissionStatus;
  suite: Suite;
  updatedAt: Scalars['String']['output'];
};

export type SubmissionConnection = {
  __typename?: 'SubmissionConnection';
  edges: Array<SubmissionEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type SubmissionEdge = {
  __typename?: 'SubmissionEdge';
  cursor: Scalars['String']['output'];
  node: Submission;
};

export type SubmissionStatus =
  | 'CANCELLED'
  | 'FAILED'
  | 'QUEUED'
  | 'RUNNING'
  | 'SUCCEEDED';

export type SubmitModelInput = {
  /** The id `POST /artifacts` returned for the uploaded ONNX file. */
  artifactId: Scalars['ID']['input'];
  /** An http(s) URL. */
  codeUrl?: InputMaybe<Scalars['String']['input']>;
  /** At most 2,000 characters. */
  description?: InputMaybe<Scalars['String']['input']>;
  /**
   * The tensor holding the pooled features ([N, D] or [N, D, 1, 1]), when the model's own output
   * (or, for a classifier, the tensor its head reads) is not the representation to evaluate.
   * Overrides the file's `transferboard.features` metadata. Checked against the uploaded graph.
   */
  featureTensor?: InputMaybe<Scalars['String']['input']>;
  /** An SPDX licence identifier or expression, e.g. MIT or Apache-2.0. */
  license?: InputMaybe<Scalars['String']['input']>;
  /** 1–80 characters; the model's slug is derived from it. */
  name: Scalars['String']['input'];
  normalization?: InputMaybe<Normalization>;
  /** An http(s) URL. */
  paperUrl?: InputMaybe<Scalars['String']['input']>;
  /**
   * Feature maps [N, C, h, w] for the detection and dense probes, coarsest first (at most 8), or a
   * ViT's token sequences [N, T, C], laid out as maps once the class and register tokens are
   * dropped (docs/runner.md, "Token sequences as maps").
   * Overrides the file's `transferboard.spatial_outputs` metadata. Checked against the uploaded graph.
   */
  spatialTensors?: InputMaybe<Array<Scalars['String']['input']>>;
};

export type Suite = {
  __typename?: 'Suite';
  /** The paper's analysis settings (figure 1) over this suite's tasks: what `correlation(group:)` takes. */
  analysisGroups: Array<AnalysisGroup>;
  description: Scalars['String']['output'];
  /** Where the task list and the reported numbers come from, and the evidence where the list is reconstructed. */
  provenance: SuiteProvenance;
  slug: Scalars['String']['output'];
  tasks: Array<Task>;
  title: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};


export type SuiteTasksArgs = {
  category?: InputMaybe<TaskCategory>;
};

export type SuiteProvenance = {
  __typename?: 'SuiteProvenance';
  /** Evidence that it may not. */
  evidenceAgainst: Array<Scalars['String']['output']>;
  /** Evidence that the reconstruction matches the version it stands for (empty when not reconstructed). */
  evidenceFor: Array<Scalars['String']['output']>;
  /** True when the version published no task list and this one was reconstructed. */
  reconstructed: Scalars['Boolean']['output'];
  /** Where the suite's REPORTED numbers come from. */
  reportedNumbers: Scalars['String']['output'];
  /** Where the task list comes from. */
  taskList: Scalars['String']['output'];
};

export type Task = {
  __typename?: 'Task';
  category: TaskCategory;
  dataset: Scalars['String']['output'];
  /**
   * The distinct dataset fingerprints of this task's current measured results, with how many results
   * and runners each: more than one means runners read different copies of the data (the task page
   * flags it).
   */
  datasetFingerprints: Array<DatasetFingerprint>;
  higherIsBetter: Scalars['Boolean']['output'];
  numClasses: Scalars['Int']['output'];
  /** What the paper did for its reported numbers. */
  paperProtocol: Protocol;
  primaryMetric: Scalars['String']['output'];
  /** What the Transferboard runner computes; null where it cannot measure the task. */
  protocol: Maybe<Protocol>;
  /**
   * Every model's primary-metric results on this task (of one `source`, or all), each ranked only
   * among the results on the same protocol. `referenceProtocol` is the one the leaderboard ranks
   * this task on (the paper's when any result is on it); where the runner's protocol differs from
   * the paper's, measured and reported numbers are never ranked together.
   */
  ranking: TaskRanking;
  secondaryMetrics: Array<Scalars['String']['output']>;
  slug: Scalars['String']['output'];
  title: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};


export type TaskRankingArgs = {
  source?: InputMaybe<ResultSource>;
};

export type TaskCategory =
  | 'DENSE'
  | 'DETECTION'
  | 'FEW_SHOT'
  | 'FINETUNE'
  | 'LINEAR';

export type TaskProgress = {
  __typename?: 'TaskProgress';
  /** Attempts of the job in which this task failed. */
  failures: Scalars['Int']['output'];
  /** Why a FAILED or NOT_RUN task has no result, in the runner's words; null otherwise. */
  reason: Maybe<Scalars['String']['output']>;
  status: TaskProgressStatus;
  task: Task;
};

export type TaskProgressStatus =
  /** The measured result is stored. */
  | 'DONE'
  /**
   * The task failed (an error, its time limit, a result the API refused): `reason` says why. The
   * job is queued again to retry it while attempts remain; after the last one the submission fails.
   */
  | 'FAILED'
  /** The runner has no protocol for this task (e.g. fine-tuning): it is skipped. */
  | 'NOT_MEASURABLE'
  /** The job ended without running it (its dataset is missing on the runner's host, or it was left out): `reason` says why. */
  | 'NOT_RUN'
  /** Not started yet. */
  | 'PENDING'
  /** The runner reported it is working on this task. */
  | 'RUNNING';

export type TaskRanking = {
  __typename?: 'TaskRanking';
  /** Best first within each protocol: the reference protocol's results first, then each other protocol's. Every entry: use entriesPage at scale. */
  entries: Array<TaskRankingEntry>;
  /**
   * The same entries in the same order, cursor-paginated (`first`/`after` forward, `last`/`before`
   * backward; at most 100, 100 by default), as Leaderboard.rowsPage pages a board. Cursors are
   * positions in this ranking: after a new result, start from the first page.
   */
  entriesPage: TaskRankingEntryConnection;
  referenceProtocol: Maybe<ProtocolKey>;
  referenceReason: Maybe<ReferenceReason>;
};


export type TaskRankingEntriesPageArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  before?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  last?: InputMaybe<Scalars['Int']['input']>;
};

export type TaskRankingEntry = {
  __typename?: 'TaskRankingEntry';
  ciHigh: Maybe<Scalars['Float']['output']>;
  ciLow: Maybe<Scalars['Float']['output']>;
  /** On the task's reference protocol. */
  comparable: Scalars['Boolean']['output'];
  model: Model;
  protocolId: Scalars['String']['output'];
  protocolVersion: Scalars['Int']['output'];
  /** Position among the results on the same protocol (competition ranking: ties share the best position). */
  rank: Scalars['Int']['output'];
  /** How many results that rank is among. */
  rankedAmong: Scalars['Int']['output'];
  /** The result itself, with its provenance. */
  result: Result;
  source: ResultSource;
  value: Scalars['Float']['output'];
};

export type TaskRankingEntryConnection = {
  __typename?: 'TaskRankingEntryConnection';
  edges: Array<TaskRankingEntryEdge>;
  /** The position (0-based) of the first edge in the ranking. */
  offset: Scalars['Int']['output'];
  pageInfo: LeaderboardPageInfo;
  totalCount: Scalars['Int']['output'];
};

export type TaskRankingEntryEdge = {
  __typename?: 'TaskRankingEntryEdge';
  cursor: Scalars['String']['output'];
  node: TaskRankingEntry;
};

/** One task's feature extraction, as the runner timed it. */
export type ThroughputInput = {
  /** Images per forward pass (1–4,096). */
  batchSize: Scalars['Int']['input'];
  /** The processor or accelerator: CPU model and thread count, or GPU name (1–200 characters). */
  device: Scalars['String']['input'];
  /** Images extracted (decoded and run through the model), at least 1. */
  images: Scalars['Int']['input'];
  /** Peak accelerator memory where the provider reports it, MiB. */
  peakGpuMemoryMiB?: InputMaybe<Scalars['Float']['input']>;
  /** Peak resident memory of the runner process, MiB. */
  peakMemoryMiB: Scalars['Float']['input'];
  precision: Precision;
  /** The onnxruntime execution provider, e.g. cpu or cuda. */
  provider: Scalars['String']['input'];
  /** Wall-clock seconds over the whole extraction, decoding included (> 0). */
  seconds: Scalars['Float']['input'];
};

export type UnmeasuredTaskInput = {
  kind?: InputMaybe<UnmeasuredTaskKind>;
  /** Why there is no result, e.g. "missing-data: DATA/voc2007 not found". */
  reason: Scalars['String']['input'];
  task: Scalars['String']['input'];
};

/** Why a task of a job has no result. */
export type UnmeasuredTaskKind =
  /** It failed (an error, its time limit, a result the API refused): retried while attempts remain. */
  | 'FAILED'
  /** Its dataset is missing on the runner's host. */
  | 'MISSING_DATA'
  /** The runner did not run it (outside its --tasks). */
  | 'NOT_RUN';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Aggregate: Aggregate;
  AnalysisGroup: ResolverTypeWrapper<AnalysisGroupParent>;
  ArchitectureFamily: ArchitectureFamily;
  Artifact: ResolverTypeWrapper<ArtifactParent>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  CategoryScore: ResolverTypeWrapper<CategoryScore>;
  Completeness: ResolverTypeWrapper<Completeness>;
  Correlation: ResolverTypeWrapper<CorrelationParent>;
  CorrelationMethod: CorrelationMethod;
  CorrelationPoint: ResolverTypeWrapper<CorrelationPointParent>;
  DatasetFingerprint: ResolverTypeWrapper<DatasetFingerprint>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Job: ResolverTypeWrapper<JobParent>;
  JobEta: ResolverTypeWrapper<JobEta>;
  JobKind: JobKind;
  JobStatus: JobStatus;
  Leaderboard: ResolverTypeWrapper<LeaderboardParent>;
  LeaderboardCell: ResolverTypeWrapper<LeaderboardCell>;
  LeaderboardColumn: ResolverTypeWrapper<LeaderboardColumnParent>;
  LeaderboardOrder: LeaderboardOrder;
  LeaderboardPageInfo: ResolverTypeWrapper<LeaderboardPageInfo>;
  LeaderboardRow: ResolverTypeWrapper<LeaderboardRowParent>;
  LeaderboardRowConnection: ResolverTypeWrapper<Omit<LeaderboardRowConnection, 'edges'> & { edges: Array<ResolversTypes['LeaderboardRowEdge']> }>;
  LeaderboardRowEdge: ResolverTypeWrapper<Omit<LeaderboardRowEdge, 'node'> & { node: ResolversTypes['LeaderboardRow'] }>;
  LeaderboardRowFilter: LeaderboardRowFilter;
  MeasurementInput: MeasurementInput;
  MetricValueInput: MetricValueInput;
  Model: ResolverTypeWrapper<ModelParent>;
  ModelAnatomy: ResolverTypeWrapper<ModelAnatomy>;
  ModelConnection: ResolverTypeWrapper<Omit<ModelConnection, 'edges'> & { edges: Array<ResolversTypes['ModelEdge']> }>;
  ModelCost: ResolverTypeWrapper<ModelCost>;
  ModelEdge: ResolverTypeWrapper<Omit<ModelEdge, 'node'> & { node: ResolversTypes['Model'] }>;
  ModelFilter: ModelFilter;
  ModelProperty: ResolverTypeWrapper<ModelProperty>;
  ModelSource: ModelSource;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Normalization: Normalization;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Precision: Precision;
  Protocol: ResolverTypeWrapper<Protocol>;
  ProtocolKey: ResolverTypeWrapper<ProtocolKey>;
  ProtocolRefInput: ProtocolRefInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RankInterval: ResolverTypeWrapper<RankInterval>;
  ReferenceReason: ReferenceReason;
  Result: ResolverTypeWrapper<ResultParent>;
  ResultConnection: ResolverTypeWrapper<Omit<ResultConnection, 'edges'> & { edges: Array<ResolversTypes['ResultEdge']> }>;
  ResultEdge: ResolverTypeWrapper<Omit<ResultEdge, 'node'> & { node: ResolversTypes['Result'] }>;
  ResultFilter: ResultFilter;
  ResultSource: ResultSource;
  SortDirection: SortDirection;
  StatusEvent: ResolverTypeWrapper<StatusEventParent>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Submission: ResolverTypeWrapper<SubmissionParent>;
  SubmissionConnection: ResolverTypeWrapper<Omit<SubmissionConnection, 'edges'> & { edges: Array<ResolversTypes['SubmissionEdge']> }>;
  SubmissionEdge: ResolverTypeWrapper<Omit<SubmissionEdge, 'node'> & { node: ResolversTypes['Submission'] }>;
  SubmissionStatus: SubmissionStatus;
  SubmitModelInput: SubmitModelInput;
  Suite: ResolverTypeWrapper<SuiteParent>;
  SuiteProvenance: ResolverTypeWrapper<SuiteProvenance>;
  Task: ResolverTypeWrapper<TaskParent>;
  TaskCategory: TaskCategory;
  TaskProgress: ResolverTypeWrapper<TaskProgressParent>;
  TaskProgressStatus: TaskProgressStatus;
  TaskRanking: ResolverTypeWrapper<TaskRankingParent>;
  TaskRankingEntry: ResolverTypeWrapper<TaskRankingEntryParent>;
  TaskRankingEntryConnection: ResolverTypeWrapper<Omit<TaskRankingEntryConnection, 'edges'> & { edges: Array<ResolversTypes['TaskRankingEntryEdge']> }>;
  TaskRankingEntryEdge: ResolverTypeWrapper<Omit<TaskRankingEntryEdge, 'node'> & { node: ResolversTypes['TaskRankingEntry'] }>;
  ThroughputInput: ThroughputInput;
  UnmeasuredTaskInput: UnmeasuredTaskInput;
  UnmeasuredTaskKind: UnmeasuredTaskKind;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AnalysisGroup: AnalysisGroupParent;
  Artifact: ArtifactParent;
  Boolean: Scalars['Boolean']['output'];
  CategoryScore: CategoryScore;
  Completeness: Completeness;
  Correlation: CorrelationParent;
  CorrelationPoint: CorrelationPointParent;
  DatasetFingerprint: DatasetFingerprint;
  Float: Scalars['Float']['output'];
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  JSON: Scalars['JSON']['output'];
  Job: JobParent;
  JobEta: JobEta;
  Leaderboard: LeaderboardParent;
  LeaderboardCell: LeaderboardCell;
  LeaderboardColumn: LeaderboardColumnParent;
  LeaderboardOrder: LeaderboardOrder;
  LeaderboardPageInfo: LeaderboardPageInfo;
  LeaderboardRow: LeaderboardRowParent;
  LeaderboardRowConnection: Omit<LeaderboardRowConnection, 'edges'> & { edges: Array<ResolversParentTypes['LeaderboardRowEdge']> };
  LeaderboardRowEdge: Omit<LeaderboardRowEdge, 'node'> & { node: ResolversParentTypes['LeaderboardRow'] };
  LeaderboardRowFilter: LeaderboardRowFilter;
  MeasurementInput: MeasurementInput;
  MetricValueInput: MetricValueInput;
  Model: ModelParent;
  ModelAnatomy: ModelAnatomy;
  ModelConnection: Omit<ModelConnection, 'edges'> & { edges: Array<ResolversParentTypes['ModelEdge']> };
  ModelCost: ModelCost;
  ModelEdge: Omit<ModelEdge, 'node'> & { node: ResolversParentTypes['Model'] };
  ModelFilter: ModelFilter;
  ModelProperty: ModelProperty;
  Mutation: Record<PropertyKey, never>;
  PageInfo: PageInfo;
  Protocol: Protocol;
  ProtocolKey: ProtocolKey;
  ProtocolRefInput: ProtocolRefInput;
  Query: Record<PropertyKey, never>;
  RankInterval: RankInterval;
  Result: ResultParent;
  ResultConnection: Omit<ResultConnection, 'edges'> & { edges: Array<ResolversParentTypes['ResultEdge']> };
  ResultEdge: Omit<ResultEdge, 'node'> & { node: ResolversParentTypes['Result'] };
  ResultFilter: ResultFilter;
  StatusEvent: StatusEventParent;
  String: Scalars['String']['output'];
  Submission: SubmissionParent;
  SubmissionConnection: Omit<SubmissionConnection, 'edges'> & { edges: Array<ResolversParentTypes['SubmissionEdge']> };
  SubmissionEdge: Omit<SubmissionEdge, 'node'> & { node: ResolversParentTypes['Submission'] };
  SubmitModelInput: SubmitModelInput;
  Suite: SuiteParent;
  SuiteProvenance: SuiteProvenance;
  Task: TaskParent;
  TaskProgress: TaskProgressParent;
  TaskRanking: TaskRankingParent;
  TaskRankingEntry: TaskRankingEntryParent;
  TaskRankingEntryConnection: Omit<TaskRankingEntryConnection, 'edges'> & { edges: Array<ResolversParentTypes['TaskRankingEntryEdge']> };
  TaskRankingEntryEdge: Omit<TaskRankingEntryEdge, 'node'> & { node: ResolversParentTypes['TaskRankingEntry'] };
  ThroughputInput: ThroughputInput;
  UnmeasuredTaskInput: UnmeasuredTaskInput;
}>;

export type AnalysisGroupResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['AnalysisGroup'] = ResolversParentTypes['AnalysisGroup']> = ResolversObject<{
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocol?: Resolver<ResolversTypes['ProtocolKey'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ArtifactResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Artifact'] = ResolversParentTypes['Artifact']> = ResolversObject<{
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sha256?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  size?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type CategoryScoreResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CategoryScore'] = ResolversParentTypes['CategoryScore']> = ResolversObject<{
  category?: Resolver<ResolversTypes['TaskCategory'], ParentType, ContextType>;
  comparable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  protocols?: Resolver<Array<ResolversTypes['ProtocolKey']>, ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rankedAmong?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  tasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksWithResults?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CompletenessResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Completeness'] = ResolversParentTypes['Completeness']> = ResolversObject<{
  tasks?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  tasksWithResults?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CorrelationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Correlation'] = ResolversParentTypes['Correlation']> = ResolversObject<{
  category?: Resolver<Maybe<ResolversTypes['TaskCategory']>, ParentType, ContextType>;
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  coefficient?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  group?: Resolver<Maybe<ResolversTypes['AnalysisGroup']>, ParentType, ContextType>;
  method?: Resolver<ResolversTypes['CorrelationMethod'], ParentType, ContextType>;
  metric?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  n?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  points?: Resolver<Array<ResolversTypes['CorrelationPoint']>, ParentType, ContextType>;
  pooledProtocols?: Resolver<Array<Maybe<ResolversTypes['ProtocolKey']>>, ParentType, ContextType>;
  suite?: Resolver<ResolversTypes['Suite'], ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType>;
}>;

export type CorrelationPointResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['CorrelationPoint'] = ResolversParentTypes['CorrelationPoint']> = ResolversObject<{
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
  x?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  y?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type DatasetFingerprintResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['DatasetFingerprint'] = ResolversParentTypes['DatasetFingerprint']> = ResolversObject<{
  fingerprint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  results?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  runnerVersions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type JobResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Job'] = ResolversParentTypes['Job']> = ResolversObject<{
  artifact?: Resolver<ResolversTypes['Artifact'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eta?: Resolver<Maybe<ResolversTypes['JobEta']>, ParentType, ContextType>;
  fencingToken?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  kind?: Resolver<ResolversTypes['JobKind'], ParentType, ContextType>;
  lastError?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  leaseExpiresAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  maxAttempts?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  priority?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  progress?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  progressedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['JobStatus'], ParentType, ContextType>;
  submission?: Resolver<ResolversTypes['Submission'], ParentType, ContextType>;
  suite?: Resolver<ResolversTypes['Suite'], ParentType, ContextType>;
  taskSlugs?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType>;
}>;

export type JobEtaResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['JobEta'] = ResolversParentTypes['JobEta']> = ResolversObject<{
  basis?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  estimatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  secondsLeft?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LeaderboardResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Leaderboard'] = ResolversParentTypes['Leaderboard']> = ResolversObject<{
  aggregate?: Resolver<ResolversTypes['Aggregate'], ParentType, ContextType>;
  asOf?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  category?: Resolver<Maybe<ResolversTypes['TaskCategory']>, ParentType, ContextType>;
  columns?: Resolver<Array<ResolversTypes['LeaderboardColumn']>, ParentType, ContextType>;
  dataAsOf?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  families?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  includeStale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rowCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rows?: Resolver<Array<ResolversTypes['LeaderboardRow']>, ParentType, ContextType>;
  rowsPage?: Resolver<ResolversTypes['LeaderboardRowConnection'], ParentType, ContextType, Partial<LeaderboardRowsPageArgs>>;
  source?: Resolver<Maybe<ResolversTypes['ResultSource']>, ParentType, ContextType>;
  suite?: Resolver<ResolversTypes['Suite'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType>;
}>;

export type LeaderboardCellResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardCell'] = ResolversParentTypes['LeaderboardCell']> = ResolversObject<{
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  comparable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  protocolId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  protocolVersion?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rankedAmong?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  taskSlug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
}>;

export type LeaderboardColumnResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardColumn'] = ResolversParentTypes['LeaderboardColumn']> = ResolversObject<{
  referenceProtocol?: Resolver<Maybe<ResolversTypes['ProtocolKey']>, ParentType, ContextType>;
  referenceReason?: Resolver<Maybe<ResolversTypes['ReferenceReason']>, ParentType, ContextType>;
  task?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
}>;

export type LeaderboardPageInfoResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardPageInfo'] = ResolversParentTypes['LeaderboardPageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  hasPreviousPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  startCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type LeaderboardRowResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardRow'] = ResolversParentTypes['LeaderboardRow']> = ResolversObject<{
  basis?: Resolver<Array<ResolversTypes['TaskCategory']>, ParentType, ContextType>;
  categoryScores?: Resolver<Array<ResolversTypes['CategoryScore']>, ParentType, ContextType>;
  cells?: Resolver<Array<ResolversTypes['LeaderboardCell']>, ParentType, ContextType>;
  completeness?: Resolver<ResolversTypes['Completeness'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  rank?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rankInterval?: Resolver<Maybe<ResolversTypes['RankInterval']>, ParentType, ContextType>;
  rankIntervalPending?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rankTied?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  rankedAmong?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  score?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
}>;

export type LeaderboardRowConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardRowConnection'] = ResolversParentTypes['LeaderboardRowConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['LeaderboardRowEdge']>, ParentType, ContextType>;
  offset?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['LeaderboardPageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type LeaderboardRowEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['LeaderboardRowEdge'] = ResolversParentTypes['LeaderboardRowEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['LeaderboardRow'], ParentType, ContextType>;
}>;

export type ModelResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Model'] = ResolversParentTypes['Model']> = ResolversObject<{
  anatomy?: Resolver<ResolversTypes['ModelAnatomy'], ParentType, ContextType>;
  architecture?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  checkpointNotes?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  checkpointUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  codeUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  cost?: Resolver<ResolversTypes['ModelCost'], ParentType, ContextType, Partial<ModelCostArgs>>;
  costs?: Resolver<Array<ResolversTypes['ModelCost']>, ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  family?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  featureTensor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  imagenetTop1?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  license?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  normalization?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  onnxSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  paperUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  properties?: Resolver<Array<ResolversTypes['ModelProperty']>, ParentType, ContextType>;
  results?: Resolver<Array<ResolversTypes['Result']>, ParentType, ContextType, Partial<ModelResultsArgs>>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ModelSource'], ParentType, ContextType>;
  spatialTensors?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
}>;

export type ModelAnatomyResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelAnatomy'] = ResolversParentTypes['ModelAnatomy']> = ResolversObject<{
  family?: Resolver<Maybe<ResolversTypes['ArchitectureFamily']>, ParentType, ContextType>;
  familyReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  familySource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  featureDimension?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  featureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  featureSource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  featureTensor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inputShape?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  inputSize?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  patchSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  spatialSource?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  spatialTensors?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ModelConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelConnection'] = ResolversParentTypes['ModelConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ModelEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ModelCostResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelCost'] = ResolversParentTypes['ModelCost']> = ResolversObject<{
  batchSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  definition?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  device?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  gflopsPerImage?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  gflopsUnknown?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  imagesMeasured?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  imagesPerSecond?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  measuredAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  parameters?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  peakGpuMemoryMiB?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  peakMemoryMiB?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['Precision']>, ParentType, ContextType>;
  provider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  tasksMeasured?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type ModelEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelEdge'] = ResolversParentTypes['ModelEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
}>;

export type ModelPropertyResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ModelProperty'] = ResolversParentTypes['ModelProperty']> = ResolversObject<{
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type MutationResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  cancelSubmission?: Resolver<ResolversTypes['Submission'], ParentType, ContextType, RequireFields<MutationCancelSubmissionArgs, 'id'>>;
  claimJob?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType, RequireFields<MutationClaimJobArgs, 'runner'>>;
  completeJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationCompleteJobArgs, 'fencingToken' | 'jobId' | 'unmeasured'>>;
  failJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationFailJobArgs, 'fencingToken' | 'jobId' | 'reason' | 'retryable'>>;
  heartbeat?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationHeartbeatArgs, 'fencingToken' | 'jobId'>>;
  releaseJob?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationReleaseJobArgs, 'fencingToken' | 'jobId' | 'reason'>>;
  reportResults?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationReportResultsArgs, 'fencingToken' | 'jobId' | 'results' | 'task'>>;
  reportTaskFailure?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationReportTaskFailureArgs, 'fencingToken' | 'jobId' | 'reason' | 'task'>>;
  reportThroughput?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationReportThroughputArgs, 'fencingToken' | 'jobId' | 'measurement' | 'task'>>;
  requeueReevaluation?: Resolver<ResolversTypes['Job'], ParentType, ContextType, RequireFields<MutationRequeueReevaluationArgs, 'jobId'>>;
  submitModel?: Resolver<ResolversTypes['Submission'], ParentType, ContextType, RequireFields<MutationSubmitModelArgs, 'input'>>;
}>;

export type PageInfoResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type ProtocolResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Protocol'] = ResolversParentTypes['Protocol']> = ResolversObject<{
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  params?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ProtocolKeyResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ProtocolKey'] = ResolversParentTypes['ProtocolKey']> = ResolversObject<{
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  correlation?: Resolver<ResolversTypes['Correlation'], ParentType, ContextType, RequireFields<QueryCorrelationArgs, 'method' | 'suite'>>;
  leaderboard?: Resolver<ResolversTypes['Leaderboard'], ParentType, ContextType, RequireFields<QueryLeaderboardArgs, 'aggregate' | 'includeStale' | 'suite'>>;
  model?: Resolver<Maybe<ResolversTypes['Model']>, ParentType, ContextType, RequireFields<QueryModelArgs, 'slug'>>;
  models?: Resolver<ResolversTypes['ModelConnection'], ParentType, ContextType, RequireFields<QueryModelsArgs, 'first'>>;
  results?: Resolver<ResolversTypes['ResultConnection'], ParentType, ContextType, RequireFields<QueryResultsArgs, 'first'>>;
  submission?: Resolver<Maybe<ResolversTypes['Submission']>, ParentType, ContextType, RequireFields<QuerySubmissionArgs, 'id'>>;
  submissions?: Resolver<ResolversTypes['SubmissionConnection'], ParentType, ContextType, RequireFields<QuerySubmissionsArgs, 'first'>>;
  suite?: Resolver<Maybe<ResolversTypes['Suite']>, ParentType, ContextType, RequireFields<QuerySuiteArgs, 'slug'>>;
  suites?: Resolver<Array<ResolversTypes['Suite']>, ParentType, ContextType>;
  task?: Resolver<Maybe<ResolversTypes['Task']>, ParentType, ContextType, RequireFields<QueryTaskArgs, 'slug'>>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType, Partial<QueryTasksArgs>>;
}>;

export type RankIntervalResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['RankInterval'] = ResolversParentTypes['RankInterval']> = ResolversObject<{
  draws?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  high?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  low?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ResultResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Result'] = ResolversParentTypes['Result']> = ResolversObject<{
  artifactSha256?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  datasetFingerprint?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  executionProvider?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  featureTensor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  measuredAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  metric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  onnxruntimeVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  protocolId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocolVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  runnerCommit?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  runnerVersion?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
  stale?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  staleReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  supersededAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  task?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
  taskVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type ResultConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResultConnection'] = ResolversParentTypes['ResultConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['ResultEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type ResultEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['ResultEdge'] = ResolversParentTypes['ResultEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Result'], ParentType, ContextType>;
}>;

export type StatusEventResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['StatusEvent'] = ResolversParentTypes['StatusEvent']> = ResolversObject<{
  at?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  attempt?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SubmissionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Submission'] = ResolversParentTypes['Submission']> = ResolversObject<{
  artifact?: Resolver<ResolversTypes['Artifact'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  events?: Resolver<Array<ResolversTypes['StatusEvent']>, ParentType, ContextType>;
  failureReason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  job?: Resolver<Maybe<ResolversTypes['Job']>, ParentType, ContextType>;
  jobs?: Resolver<Array<ResolversTypes['Job']>, ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  progress?: Resolver<Array<ResolversTypes['TaskProgress']>, ParentType, ContextType>;
  queuePosition?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['SubmissionStatus'], ParentType, ContextType>;
  suite?: Resolver<ResolversTypes['Suite'], ParentType, ContextType>;
  updatedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type SubmissionConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SubmissionConnection'] = ResolversParentTypes['SubmissionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['SubmissionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SubmissionEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SubmissionEdge'] = ResolversParentTypes['SubmissionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Submission'], ParentType, ContextType>;
}>;

export type SuiteResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Suite'] = ResolversParentTypes['Suite']> = ResolversObject<{
  analysisGroups?: Resolver<Array<ResolversTypes['AnalysisGroup']>, ParentType, ContextType>;
  description?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  provenance?: Resolver<ResolversTypes['SuiteProvenance'], ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tasks?: Resolver<Array<ResolversTypes['Task']>, ParentType, ContextType, Partial<SuiteTasksArgs>>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type SuiteProvenanceResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['SuiteProvenance'] = ResolversParentTypes['SuiteProvenance']> = ResolversObject<{
  evidenceAgainst?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  evidenceFor?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  reconstructed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  reportedNumbers?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  taskList?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TaskResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['Task'] = ResolversParentTypes['Task']> = ResolversObject<{
  category?: Resolver<ResolversTypes['TaskCategory'], ParentType, ContextType>;
  dataset?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  datasetFingerprints?: Resolver<Array<ResolversTypes['DatasetFingerprint']>, ParentType, ContextType>;
  higherIsBetter?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  numClasses?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  paperProtocol?: Resolver<ResolversTypes['Protocol'], ParentType, ContextType>;
  primaryMetric?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocol?: Resolver<Maybe<ResolversTypes['Protocol']>, ParentType, ContextType>;
  ranking?: Resolver<ResolversTypes['TaskRanking'], ParentType, ContextType, Partial<TaskRankingArgs>>;
  secondaryMetrics?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  slug?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TaskProgressResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskProgress'] = ResolversParentTypes['TaskProgress']> = ResolversObject<{
  failures?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['TaskProgressStatus'], ParentType, ContextType>;
  task?: Resolver<ResolversTypes['Task'], ParentType, ContextType>;
}>;

export type TaskRankingResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskRanking'] = ResolversParentTypes['TaskRanking']> = ResolversObject<{
  entries?: Resolver<Array<ResolversTypes['TaskRankingEntry']>, ParentType, ContextType>;
  entriesPage?: Resolver<ResolversTypes['TaskRankingEntryConnection'], ParentType, ContextType, Partial<TaskRankingEntriesPageArgs>>;
  referenceProtocol?: Resolver<Maybe<ResolversTypes['ProtocolKey']>, ParentType, ContextType>;
  referenceReason?: Resolver<Maybe<ResolversTypes['ReferenceReason']>, ParentType, ContextType>;
}>;

export type TaskRankingEntryResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskRankingEntry'] = ResolversParentTypes['TaskRankingEntry']> = ResolversObject<{
  ciHigh?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  ciLow?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  comparable?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  model?: Resolver<ResolversTypes['Model'], ParentType, ContextType>;
  protocolId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  protocolVersion?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rank?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  rankedAmong?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  result?: Resolver<ResolversTypes['Result'], ParentType, ContextType>;
  source?: Resolver<ResolversTypes['ResultSource'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
}>;

export type TaskRankingEntryConnectionResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskRankingEntryConnection'] = ResolversParentTypes['TaskRankingEntryConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['TaskRankingEntryEdge']>, ParentType, ContextType>;
  offset?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['LeaderboardPageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type TaskRankingEntryEdgeResolvers<ContextType = ApiContext, ParentType extends ResolversParentTypes['TaskRankingEntryEdge'] = ResolversParentTypes['TaskRankingEntryEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['TaskRankingEntry'], ParentType, ContextType>;
}>;

export type Resolvers<ContextType = ApiContext> = ResolversObject<{
  AnalysisGroup?: AnalysisGroupResolvers<ContextType>;
  Artifact?: ArtifactResolvers<ContextType>;
  CategoryScore?: CategoryScoreResolvers<ContextType>;
  Completeness?: CompletenessResolvers<ContextType>;
  Correlation?: CorrelationResolvers<ContextType>;
  CorrelationPoint?: CorrelationPointResolvers<ContextType>;
  DatasetFingerprint?: DatasetFingerprintResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Job?: JobResolvers<ContextType>;
  JobEta?: JobEtaResolvers<ContextType>;
  Leaderboard?: LeaderboardResolvers<ContextType>;
  LeaderboardCell?: LeaderboardCellResolvers<ContextType>;
  LeaderboardColumn?: LeaderboardColumnResolvers<ContextType>;
  LeaderboardPageInfo?: LeaderboardPageInfoResolvers<ContextType>;
  LeaderboardRow?: LeaderboardRowResolvers<ContextType>;
  LeaderboardRowConnection?: LeaderboardRowConnectionResolvers<ContextType>;
  LeaderboardRowEdge?: LeaderboardRowEdgeResolvers<ContextType>;
  Model?: ModelResolvers<ContextType>;
  ModelAnatomy?: ModelAnatomyResolvers<ContextType>;
  ModelConnection?: ModelConnectionResolvers<ContextType>;
  ModelCost?: ModelCostResolvers<ContextType>;
  ModelEdge?: ModelEdgeResolvers<ContextType>;
  ModelProperty?: ModelPropertyResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Protocol?: ProtocolResolvers<ContextType>;
  ProtocolKey?: ProtocolKeyResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  RankInterval?: RankIntervalResolvers<ContextType>;
  Result?: ResultResolvers<ContextType>;
  ResultConnection?: ResultConnectionResolvers<ContextType>;
  ResultEdge?: ResultEdgeResolvers<ContextType>;
  StatusEvent?: StatusEventResolvers<ContextType>;
  Submission?: SubmissionResolvers<ContextType>;
  SubmissionConnection?: SubmissionConnectionResolvers<ContextType>;
  SubmissionEdge?: SubmissionEdgeResolvers<ContextType>;
  Suite?: SuiteResolvers<ContextType>;
  SuiteProvenance?: SuiteProvenanceResolvers<ContextType>;
  Task?: TaskResolvers<ContextType>;
  TaskProgress?: TaskProgressResolvers<ContextType>;
  TaskRanking?: TaskRankingResolvers<ContextType>;
  TaskRankingEntry?: TaskRankingEntryResolvers<ContextType>;
  TaskRankingEntryConnection?: TaskRankingEntryConnectionResolvers<ContextType>;
  TaskRankingEntryEdge?: TaskRankingEntryEdgeResolvers<ContextType>;
}>;

