import { hostname } from 'node:os';
import { ApiClient, ApiUnavailableError } from './api-client';
import { ArtifactIntegrityError } from './download';
import { runJob, type JobSettings, type TaskOutcome } from './run-job';
import { LeaseLostError, QueueClient, type LeasedJob } from './queue-client';

export interface WorkerOptions extends Omit<JobSettings, 'log'> {
  api: string;
  /** Name recorded on the jobs this runner holds (default: host name and pid). */
  name?: string;
  /** Stop after one job (or at once when the queue is empty). */
  once?: boolean;
  /** How long to wait between claims when the queue is empty. */
  pollMs?: number;
  log?: (message: string) => void;
  /** Resolves when the worker should stop (SIGTERM): the current job is released, retryable. */
  stopSignal?: Promise<string>;
}

export interface WorkerSummary {
  jobs: number;
  released: boolean;
}

/**
 * `work`: claim a job, run it, report, repeat. Stopping (SIGTERM) releases the job in hand
 * with a retryable failure so another runner takes it at once instead of waiting for the lease
 * to expire.
 */
export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`));
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const api = new ApiClient({ api: opts.api, token: opts.token, log });
  const queue = new QueueClient(api);
  let stopping: string | null = null;
  let current: LeasedJob | null = null;
  let wake: () => void = () => {};
  const stopped = (opts.stopSignal ?? new Promise<string>(() => {})).then((why) => {
    stopping = why;
    wake();
    return why;
  });
  let jobs = 0;
  while (!stopping) {
    let job: LeasedJob | null;
    try {
      job = await queue.claim(name);
    } catch (err) {
      // A long-running worker outlives API outages; a one-shot run reports them.
      if (opts.once || !(err instanceof ApiUnavailableError)) throw err;
      log(`${err.message}; still trying`);
      continue;
    }
    if (!job) {
      if (opts.once) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, opts.pollMs ?? 5_000);
      });
      continue;
    }
    if (stopping) {
      await release(queue, job, `runner "${name}" stopped (${stopping}) before starting; queued again`, true, log);
      return { jobs, released: true };
    }
    current = job;
    jobs++;
    log(`claimed job ${job.id} (submission ${job.submission.id}, model ${job.model.slug}, attempt ${job.attempt}/${job.maxAttempts})`);
    const outcome = await Promise.race([
      runJob(queue, api, job, { ...opts, log }).then((o) => ({ ...o, stop: null as string | null })).catch((err: unknown) => ({ kind: 'error' as const, err, stop: null })),
      stopped.then((why) => ({ kind: 'stopped' as const, stop: why })),
    ]);
    if (outcome.kind === 'stopped') {
      await release(queue, job, `runner "${name}" stopped (${outcome.stop}) mid-job; queued again`, true, log);
      return { jobs, released: true };
    }
    if (outcome.kind === 'error') await handleError(queue, job, outcome.err, log);
    else if (outcome.kind === 'finished') await finish(queue, job, outcome.tasks, log);
    else log(`job ${job.id}: lease lost; another runner or the submitter has it now`);
    current = null;
    if (opts.once) break;
  }
  void current;
  return { jobs, released: false };
}

async function finish(queue: QueueClient, job: LeasedJob, tasks: TaskOutcome[], log: (m: string) => void): Promise<void> {
  const unmeasured = tasks.filter((t) => t.status !== 'ok' && t.status !== 'done-before');
  const allListed = tasks.length === job.tasks.length;
  if (allListed && unmeasured.length === 0) {
    log(`job ${job.id}: every task measured`);
    return;
  }
  const missing = [
    ...unmeasured.map((t) => ({ task: t.task, reason: `${t.status}${t.message ? `: ${t.message}` : ''}` })),
    ...job.tasks.filter((t) => !tasks.some((o) => o.task === t.slug)).map((t) => ({ task: t.slug, reason: 'not run: outside the --tasks this runner was given' })),
  ];
  const result = await queue.complete(job, missing).catch((err: unknown) => {
    if (err instanceof LeaseLostError) return { status: 'lost' };
    throw err;
  });
  log(`job ${job.id}: ${tasks.length - unmeasured.length} of ${job.tasks.length} tasks measured; job ${result.status}`);
}

async function handleError(queue: QueueClient, job: LeasedJob, err: unknown, log: (m: string) => void): Promise<void> {
  const e = err as Error;
  if (err instanceof LeaseLostError) return log(`job ${job.id}: lease lost (${e.message})`);
  if (err instanceof ApiUnavailableError) throw err;
  // A model the runner cannot use, or bytes that fail their hash, will fail the same way again.
  const permanent = e.name === 'ModelError' || err instanceof ArtifactIntegrityError;
  log(`job ${job.id} failed: ${e.message}`);
  await release(queue, job, e.message, !permanent, log);
}

async function release(queue: QueueClient, job: LeasedJob, reason: string, retryable: boolean, log: (m: string) => void): Promise<void> {
  try {
    const { status } = await queue.fail(job, reason, retryable);
    log(`job ${job.id} released: ${status}`);
  } catch (err) {
    log(`job ${job.id}: could not release it (${(err as Error).message}); its lease will expire instead`);
  }
}
