import { Worker } from 'node:worker_threads';
import { print } from 'graphql';
import { graphql } from './gql';
import { LeaseLostError, type LeasedJob } from './queue-client';

/**
 * Sent by the heartbeat thread (plain JavaScript): it gets the document's text in its workerData.
 * `progress` carries the progress mark (job-progress.ts): the lease is extended only while it grows.
 */
const HEARTBEAT = graphql(`
  mutation Heartbeat($id: ID!, $token: Int!, $progress: JSON) {
    heartbeat(jobId: $id, fencingToken: $token, progress: $progress) { leaseExpiresAt }
  }
`);

export interface Heartbeat {
  /** What the next heartbeats report (per-task progress). */
  setProgress(progress: Record<string, unknown>): void;
  /** Send one now (after a task finishes, so the web page moves at once). */
  beatNow(): void;
  /** Resolves when the server refuses the lease (expired, taken over, cancelled). */
  readonly lost: Promise<string>;
  readonly isLost: () => boolean;
  /** Aborts, with a LeaseLostError as its reason, once the server refuses the lease. */
  readonly signal: AbortSignal;
  stop(): Promise<void>;
}

/**
 * Beats every third of the lease the server granted (at least every second), so two beats can
 * be lost before the lease runs out.
 */
export function heartbeatInterval(job: Pick<LeasedJob, 'leaseExpiresAt'>, now = Date.now()): number {
  const lease = job.leaseExpiresAt ? Date.parse(job.leaseExpiresAt) - now : 60_000;
  return Math.max(1_000, Math.min(60_000, Math.floor(lease / 3)));
}

export function startHeartbeat(opts: {
  api: string;
  token: string;
  job: LeasedJob;
  log: (m: string) => void;
}): Heartbeat {
  const intervalMs = heartbeatInterval(opts.job);
  const worker = new Worker(new URL('./heartbeat-thread.mjs', import.meta.url), {
    workerData: {
      url: `${opts.api}/graphql`,
      query: print(HEARTBEAT),
      token: opts.token,
      jobId: opts.job.id,
      fencingToken: opts.job.fencingToken,
      intervalMs,
    },
  });
  worker.unref();
  let lost = false;
  let resolveLost: (m: string) => void = () => {};
  const lostPromise = new Promise<string>((resolve) => (resolveLost = resolve));
  let failures = 0;
  const lostController = new AbortController();
  worker.on('message', (msg: { type: string; message?: string; code?: string }) => {
    if (msg.type === 'lost') {
      lost = true;
      resolveLost(msg.message ?? 'lease lost');
      lostController.abort(new LeaseLostError(msg.message ?? 'lease lost', msg.code));
    } else if (msg.type === 'error') {
      if (failures++ % 5 === 0) opts.log(`heartbeat failed (${msg.message}); retrying`);
    } else if (msg.type === 'beat') failures = 0;
  });
  worker.on('error', (err) => opts.log(`heartbeat thread crashed: ${err.message}`));
  return {
    setProgress: (progress) => worker.postMessage({ type: 'progress', progress }),
    beatNow: () => worker.postMessage({ type: 'beat-now' }),
    lost: lostPromise,
    isLost: () => lost,
    signal: lostController.signal,
    stop: async () => {
      worker.postMessage({ type: 'stop' });
      await worker.terminate();
    },
  };
}
