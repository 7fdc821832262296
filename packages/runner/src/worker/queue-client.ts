import { ApiClient, ApiError } from './api-client';
import { graphql } from './gql';
import type { ClaimJobMutation, MeasurementInput, MetricValueInput, UnmeasuredTaskInput } from './gql/graphql';

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

type ClaimedJob = NonNullable<ClaimJobMutation['claimJob']>;

/**
 * A leased job as the runner sees it: enough to fetch the model and run the suite. The schema
 * hides a job's fencing token from tokens that may not write to it; a runner always gets it.
 */
export type LeasedJob = Omit<ClaimedJob, 'fencingToken'> & { fencingToken: number };

export type MetricValue = MetricValueInput;

/** The job's lease is gone (expired, taken over, cancelled): stop and write nothing more. */
export class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** The queue mutations, fenced: a refused write becomes LeaseLostError. */
export class QueueClient {
  constructor(readonly api: ApiClient) {}

  async claim(runner: string): Promise<LeasedJob | null> {
    const job = (await this.api.graphql(CLAIM, { runner })).claimJob;
    if (job === null) return null;
    const { fencingToken } = job;
    if (fencingToken === null) throw new ApiError(`job ${job.id} came without its fencing token: use a runner token`, 'FORBIDDEN');
    return { ...job, fencingToken };
  }

  /** `protocol`: what the numbers were measured under; the API refuses any but the task's runner protocol. */
  async report(
    job: LeasedJob, task: string, results: MetricValue[], provenance: Record<string, unknown>, protocol: { id: string; version: number },
    measurement?: MeasurementInput,
  ) {
    const variables = { id: job.id, token: job.fencingToken, task, results, provenance, protocol, measurement };
    return (await fenced(() => this.api.graphql(REPORT, variables))).reportResults;
  }

  /** Tasks of the job's submission whose measured result is already stored (an earlier attempt's). */
  async doneTasks(job: LeasedJob): Promise<string[]> {
    const data = await this.api.graphql(DONE_TASKS, { id: job.submission.id });
    return (data.submission?.progress ?? []).filter((p) => p.status === 'DONE').map((p) => p.task.slug);
  }

  /**
   * Ends a job whose tasks did not all produce a result (missing data, a task the runner cannot
   * do): the tasks measured stay, the rest are named with their reasons.
   */
  async complete(job: LeasedJob, unmeasured: UnmeasuredTaskInput[]) {
    return (await fenced(() => this.api.graphql(COMPLETE, { id: job.id, token: job.fencingToken, unmeasured }))).completeJob;
  }

  async fail(job: LeasedJob, reason: string, retryable: boolean) {
    return (await fenced(() => this.api.graphql(FAIL, { id: job.id, token: job.fencingToken, reason, retryable }))).failJob;
  }
}

async function fenced<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'STALE_LEASE' || err.code === 'NOT_FOUND')) throw new LeaseLostError(err.message);
    throw err;
  }
}
