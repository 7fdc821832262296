import type { TaskThroughput } from '../features/throughput';
import { ApiError, type ApiClient, type RetryOptions } from './api-client';
import { graphql } from './gql';
import { LeaseLostError, type LeasedJob } from './queue-client';

const REPORT_THROUGHPUT = graphql(`
  mutation ReportThroughput($id: ID!, $token: Int!, $task: String!, $measurement: ThroughputInput!) {
    reportThroughput(jobId: $id, fencingToken: $token, task: $task, measurement: $measurement) { status }
  }
`);

/**
 * Reports what extracting one task's features cost (Model.cost), fenced like every job write: a
 * lost lease becomes LeaseLostError. Kept apart from the results' report: a measurement is
 * optional (nothing when the cache served every feature) and never decides a task's outcome.
 */
export async function reportThroughput(
  api: ApiClient,
  job: LeasedJob,
  task: string,
  t: TaskThroughput,
  retry?: RetryOptions,
): Promise<void> {
  const measurement = {
    device: t.device.slice(0, 200),
    provider: t.provider,
    precision: t.precision === 'fp16' ? ('FP16' as const) : ('FP32' as const),
    batchSize: t.batchSize,
    images: t.images,
    seconds: t.seconds,
    peakMemoryMiB: t.peakMemoryMiB,
    peakGpuMemoryMiB: t.peakGpuMemoryMiB,
  };
  try {
    await api.graphql(REPORT_THROUGHPUT, { id: job.id, token: job.fencingToken, task, measurement }, retry);
  } catch (err) {
    if (err instanceof ApiError && (err.code === 'STALE_LEASE' || err.code === 'NOT_FOUND'))
      throw new LeaseLostError(err.message);
    throw err;
  }
}
