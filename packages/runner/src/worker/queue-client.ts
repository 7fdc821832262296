import { ApiClient, ApiError, type RetryOptions } from './api-client';

/** A leased job as the runner sees it: enough to fetch the model and run the suite. */
export interface LeasedJob {
  id: string;
  attempt: number;
  maxAttempts: number;
  fencingToken: number;
  leaseExpiresAt: string | null;
  suite: { slug: string };
  submission: { id: string };
  model: { slug: string; normalization: string | null };
  artifact: { id: string; sha256: string; size: number };
  tasks: { slug: string }[];
}

export interface MetricValue {
  metric: string;
  value: number;
  ciLow: number | null;
  ciHigh: number | null;
}

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

/** A task without a result, as completeJob takes it: FAILED ones are retried by the queue. */
export interface UnmeasuredTask {
  task: string;
  reason: string;
  kind: 'FAILED' | 'MISSING_DATA' | 'NOT_RUN';
}

const JOB_FIELDS = `id attempt maxAttempts fencingToken leaseExpiresAt suite { slug } submission { id }
  model { slug normalization } artifact { id sha256 size } tasks { slug }`;

/** The queue mutations, fenced: a refused write becomes LeaseLostError. */
export class QueueClient {
  constructor(readonly api: ApiClient) {}

  async claim(runner: string): Promise<LeasedJob | null> {
    const data = await this.api.graphql<{ claimJob: LeasedJob | null }>(`mutation Claim($runner: String!) { claimJob(runner: $runner) { ${JOB_FIELDS} } }`, { runner });
    return data.claimJob;
  }

  async heartbeat(job: LeasedJob, progress: Record<string, unknown>, retry?: RetryOptions): Promise<{ leaseExpiresAt: string | null }> {
    const data = await fenced(() =>
      this.api.graphql<{ heartbeat: { leaseExpiresAt: string | null } }>(
        'mutation Beat($id: ID!, $token: Int!, $progress: JSON) { heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt } }',
        { id: job.id, token: job.fencingToken, progress },
        retry,
      ),
    );
    return data.heartbeat;
  }

  async report(job: LeasedJob, task: string, results: MetricValue[], provenance: Record<string, unknown>, retry?: RetryOptions): Promise<{ status: string }> {
    const data = await fenced(() =>
      this.api.graphql<{ reportResults: { status: string } }>(
        'mutation Report($id: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $provenance: JSON) { reportResults(jobId: $id, fencingToken: $token, task: $task, results: $results, provenance: $provenance) { status } }',
        { id: job.id, token: job.fencingToken, task, results, provenance },
        retry,
      ),
    );
    return data.reportResults;
  }

  /** Tasks of the job's submission whose measured result is already stored (an earlier attempt's). */
  async doneTasks(job: LeasedJob, retry?: RetryOptions): Promise<string[]> {
    const data = await this.api.graphql<{ submission: { progress: { task: { slug: string }; status: string }[] } | null }>(
      'query Done($id: ID!) { submission(id: $id) { progress { task { slug } status } } }',
      { id: job.submission.id },
      retry,
    );
    return (data.submission?.progress ?? []).filter((p) => p.status === 'DONE').map((p) => p.task.slug);
  }

  /**
   * Ends a job whose tasks did not all produce a result (missing data, a task the runner cannot
   * do): the tasks measured stay, the rest are named with their reasons.
   */
  async complete(job: LeasedJob, unmeasured: UnmeasuredTask[], retry?: RetryOptions): Promise<{ status: string }> {
    const data = await fenced(() =>
      this.api.graphql<{ completeJob: { status: string } }>(
        'mutation Complete($id: ID!, $token: Int!, $unmeasured: [UnmeasuredTaskInput!]!) { completeJob(jobId: $id, fencingToken: $token, unmeasured: $unmeasured) { status } }',
        { id: job.id, token: job.fencingToken, unmeasured },
        retry,
      ),
    );
    return data.completeJob;
  }

  async fail(job: LeasedJob, reason: string, retryable: boolean, retry?: RetryOptions): Promise<{ status: string }> {
    const data = await fenced(() =>
      this.api.graphql<{ failJob: { status: string } }>(
        'mutation Fail($id: ID!, $token: Int!, $reason: String!, $retryable: Boolean!) { failJob(jobId: $id, fencingToken: $token, reason: $reason, retryable: $retryable) { status } }',
        { id: job.id, token: job.fencingToken, reason, retryable },
        retry,
      ),
    );
    return data.failJob;
  }

  /** Gives the job back unfinished (the runner is stopping): queued again at once, the attempt not counted. */
  async release(job: LeasedJob, reason: string, retry?: RetryOptions): Promise<{ status: string }> {
    const data = await fenced(() =>
      this.api.graphql<{ releaseJob: { status: string } }>(
        'mutation Release($id: ID!, $token: Int!, $reason: String!) { releaseJob(jobId: $id, fencingToken: $token, reason: $reason) { status } }',
        { id: job.id, token: job.fencingToken, reason },
        retry,
      ),
    );
    return data.releaseJob;
  }

  /** One task failed: the submission shows it FAILED with the reason while the job goes on. */
  async reportTaskFailure(job: LeasedJob, task: string, reason: string, retry?: RetryOptions): Promise<{ status: string }> {
    const data = await fenced(() =>
      this.api.graphql<{ reportTaskFailure: { status: string } }>(
        'mutation TaskFailed($id: ID!, $token: Int!, $task: String!, $reason: String!) { reportTaskFailure(jobId: $id, fencingToken: $token, task: $task, reason: $reason) { status } }',
        { id: job.id, token: job.fencingToken, task, reason },
        retry,
      ),
    );
    return data.reportTaskFailure;
  }
}

async function fenced<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'STALE_LEASE' || err.code === 'NOT_FOUND' || err.code === 'JOB_STALLED')) throw new LeaseLostError(err.message, err.code);
    throw err;
  }
}
