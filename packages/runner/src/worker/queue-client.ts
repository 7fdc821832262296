import { type ApiClient, ApiError, type RetryOptions } from './api-client';
import { graphql } from './gql';
import type {
  ClaimJobMutation,
  MeasurementInput,
  MetricValueInput,
  ProtocolRefInput,
  UnmeasuredTaskInput,
  UnmeasuredTaskKind,
} from './gql/graphql';

const CLAIM = graphql(`
  mutation ClaimJob($runner: String!) {
    claimJob(runner: $runner) {
      id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }
      model { slug normalization featureTensor spatialTensors } artifact { id sha256 size } tasks { slug }
    }
  }
`);

const REPORT = graphql(`
  mutation ReportResults(
    $id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON, $protocol: ProtocolRefInput,
    $measurement: MeasurementInput
  ) {
    reportResults(
      jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance, protocol: $protocol,
      measurement: $measurement
    ) { status }
  }
`);

const DONE_TASKS = graphql(`
  query DoneTasks($id: ID!) { submission(id: $id) { progress { task { slug } status } } }
`);

const COMPLETE = graphql(`
  mutation CompleteJob($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) {
    completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status }
  }
`);

const FAIL = graphql(`
  mutation FailJob($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) {
    failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status }
  }
`);

const RELEASE = graphql(`
  mutation ReleaseJob($id: ID!, $token: Int!, $reason: String!) {
    releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status }
  }
`);

const TASK_FAILED = graphql(`
  mutation ReportTaskFailure($id: ID!, $token: Int!, $task: String!, $reason: String!) {
    reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status }
  }
`);

type ClaimedJob = NonNullable<ClaimJobMutation['claimJob']>;

/**
 * A leased job as the runner sees it: enough to fetch the model and run the suite. The schema
 * hides a job's fencing token from tokens that may not write to it; a runner always gets it.
 */
export type LeasedJob = Omit<ClaimedJob, 'fencingToken'> & { fencingToken: number };

export type MetricValue = MetricValueInput;

/**
 * A task without a result, as completeJob takes it: FAILED ones are retried by the queue. The
 * runner always says which kind (the schema's default, NOT_RUN, is for older runners).
 */
export type UnmeasuredTask = UnmeasuredTaskInput & { kind: UnmeasuredTaskKind };

/** The job's lease is gone (expired, taken over, cancelled, stalled): stop and write nothing more. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
  constructor(
    message: string,
    /** The API's code: STALE_LEASE, NOT_FOUND or JOB_STALLED. */
    readonly code = 'STALE_LEASE',
  ) {
    super(message);
  }
}

/**
 * The queue mutations, fenced: a refused write becomes LeaseLostError. `retry` says how long a
 * call about a held job retries an unreachable API (while the lease may still be valid).
 */
export class QueueClient {
  constructor(readonly api: ApiClient) {}

  async claim(runner: string): Promise<LeasedJob | null> {
    const job = (await this.api.graphql(CLAIM, { runner })).claimJob;
    if (job === null) return null;
    const { fencingToken } = job;
    if (fencingToken === null)
      throw new ApiError(`job ${job.id} came without its fencing token: use a runner token`, 'FORBIDDEN');
    return { ...job, fencingToken };
  }

  /** `protocol`: what the numbers were measured under; the API refuses any but the task's runner protocol. */
  async report(
    job: LeasedJob,
    task: string,
    results: MetricValue[],
    provenance: Record<string, unknown>,
    protocol: ProtocolRefInput,
    measurement: MeasurementInput | undefined,
    retry?: RetryOptions,
  ) {
    const variables = { id: job.id, token: job.fencingToken, task, results, provenance, protocol, measurement };
    return (await fenced(() => this.api.graphql(REPORT, variables, retry))).reportResults;
  }

  /**
   * Tasks of the job's submission whose measured result is already stored (an earlier attempt's)
   * and not stale: the API's progress says DONE only for a result under the current protocol and
   * task versions, so a re-evaluation measures its stale tasks again.
   */
  async doneTasks(job: LeasedJob, retry?: RetryOptions): Promise<string[]> {
    const data = await this.api.graphql(DONE_TASKS, { id: job.submission.id }, retry);
    return (data.submission?.progress ?? []).filter((p) => p.status === 'DONE').map((p) => p.task.slug);
  }

  /**
   * Ends a job whose tasks did not all produce a result (missing data, a task the runner cannot
   * do, a task that failed): the tasks measured stay, the rest are named with their reasons and kinds.
   */
  async complete(job: LeasedJob, unmeasured: UnmeasuredTask[], retry?: RetryOptions) {
    return (await fenced(() => this.api.graphql(COMPLETE, { id: job.id, token: job.fencingToken, unmeasured }, retry)))
      .completeJob;
  }

  async fail(job: LeasedJob, reason: string, retryable: boolean, retry?: RetryOptions) {
    const variables = { id: job.id, token: job.fencingToken, reason, retryable };
    return (await fenced(() => this.api.graphql(FAIL, variables, retry))).failJob;
  }

  /** Gives the job back unfinished (the runner is stopping): queued again at once, the attempt not counted. */
  async release(job: LeasedJob, reason: string, retry?: RetryOptions) {
    return (await fenced(() => this.api.graphql(RELEASE, { id: job.id, token: job.fencingToken, reason }, retry)))
      .releaseJob;
  }

  /** One task failed: the submission shows it FAILED with the reason while the job goes on. */
  async reportTaskFailure(job: LeasedJob, task: string, reason: string, retry?: RetryOptions) {
    const variables = { id: job.id, token: job.fencingToken, task, reason };
    return (await fenced(() => this.api.graphql(TASK_FAILED, variables, retry))).reportTaskFailure;
  }
}

async function fenced<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const lost =
      err instanceof ApiError && (err.code === 'STALE_LEASE' || err.code === 'NOT_FOUND' || err.code === 'JOB_STALLED');
    if (lost) throw new LeaseLostError(err.message, err.code);
    throw err;
  }
}
