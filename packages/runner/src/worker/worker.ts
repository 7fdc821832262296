import { hostname } from 'node:os';
import type { Progress } from '../progress/progress';
import { ApiClient, ApiUnavailableError, sleep, type RetryOptions } from './api-client';
import { ArtifactIntegrityError } from './download';
import { runJob, StopRequested, type JobSettings, type TaskOutcome } from './run-job';
import { LeaseLostError, QueueClient, type LeasedJob, type UnmeasuredTask } from './queue-client';

export interface WorkerOptions extends Omit<JobSettings, 'log' | 'step'> {
  api: string;
  /** Name recorded on the jobs this runner holds (default: host name and pid). */
  name?: string;
  /** Stop after one job (or at once when the queue is empty). */
  once?: boolean;
  /** How long to wait between claims when the queue is empty. */
  pollMs?: number;
  log?: (message: string) => void;
  /**
   * Where each job's steps go (claimed, downloaded, each task begun and ended, the job's end), with
   * the time; `off` (`--no-progress`) drops them, not the warnings and errors. Default: the log.
   */
  progress?: Progress;
  /** Resolves when the worker should stop (SIGTERM): the current job is released. */
  stopSignal?: Promise<string>;
}

export interface WorkerSummary {
  jobs: number;
  released: boolean;
}

/**
 * How long a stopping runner tries to release its job. With the task's processes killed at once,
 * this keeps the whole stop within 10 s (what a service manager waits before SIGKILL). If the API
 * cannot be reached in that time the lease is kept and expires: the queue rules count that like a
 * crash (docs/submissions.md).
 */
const RELEASE_WITHIN_MS = 6_000;

/**
 * `work`: claim a job, run it, report, repeat. Stopping (SIGTERM) kills the task in progress and
 * releases the job (`releaseJob`: queued again at once, the attempt not counted), so another
 * runner takes it without waiting for the lease to expire. API outages are waited out: between
 * jobs for as long as they last, and while holding a job for as long as the lease may still be
 * ours (the API says when it is not).
 */
export async function runWorker(opts: WorkerOptions): Promise<WorkerSummary> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`${new Date().toISOString()} ${m}\n`));
  const progress = opts.progress;
  const step = progress ? (m: string) => progress.line(`${new Date().toISOString()} ${m}`) : log;
  const name = opts.name ?? `${hostname()}-${process.pid}`;
  const api = new ApiClient({ api: opts.api, token: opts.token, log });
  const queue = new QueueClient(api);
  const stop = new AbortController();
  void opts.stopSignal?.then((why) => stop.abort(new StopRequested(`runner "${name}" stopped (${why})`)));
  // Calls about a held job: retried until the API answers, or until the runner stops.
  const holding: RetryOptions = { retryForMs: Number.POSITIVE_INFINITY, signal: stop.signal };
  let jobs = 0;
  while (!stop.signal.aborted) {
    let job: LeasedJob | null;
    try {
      job = await queue.claim(name);
    } catch (err) {
      if (stop.signal.aborted) break;
      // A long-running worker outlives API outages; a one-shot run reports them.
      if (opts.once || !(err instanceof ApiUnavailableError)) throw err;
      log(`${err.message}; still trying`);
      continue;
    }
    if (!job) {
      if (opts.once) break;
      await sleep(opts.pollMs ?? 5_000, stop.signal).catch(() => {});
      continue;
    }
    jobs++;
    if (stop.signal.aborted) {
      await release(queue, job, `${stop.signal.reason.message} before starting`, log);
      return { jobs, released: true };
    }
    step(
      `claimed job ${job.id} (submission ${job.submission.id}, model ${job.model.slug}, attempt ${job.attempt}/${job.maxAttempts})`,
    );
    const outcome = await runJob(queue, api, job, { ...opts, log, step }, { stop: stop.signal }).catch(
      (err: unknown) => ({ kind: 'error' as const, err }),
    );
    if (outcome.kind === 'stopped' || stop.signal.aborted) {
      await release(queue, job, `${stop.signal.reason?.message ?? 'runner stopped'} mid-job`, log);
      return { jobs, released: true };
    }
    try {
      if (outcome.kind === 'error') await handleError(queue, job, outcome.err, holding, log);
      else if (outcome.kind === 'finished') await finish(queue, job, outcome.tasks, holding, step);
      else
        log(`job ${job.id}: lease lost (${outcome.reason ?? 'refused'}); another runner or the submitter has it now`);
    } catch (err) {
      if (!stop.signal.aborted) throw err;
      await release(queue, job, `${stop.signal.reason.message} while ending the job`, log);
      return { jobs, released: true };
    }
    if (opts.once) break;
  }
  return { jobs, released: false };
}

/** The job's end: every task measured (the last report ended it), or completeJob naming the rest with their kinds. */
async function finish(
  queue: QueueClient,
  job: LeasedJob,
  tasks: TaskOutcome[],
  retry: RetryOptions,
  step: (m: string) => void,
): Promise<void> {
  const unmeasured = tasks.filter((t) => t.status !== 'ok' && t.status !== 'done-before');
  const allListed = tasks.length === job.tasks.length;
  if (allListed && unmeasured.length === 0) {
    step(`job ${job.id}: every task measured`);
    return;
  }
  const missing: UnmeasuredTask[] = [
    ...unmeasured.map((t) => ({ task: t.task, reason: t.message ?? t.status, kind: kindOf(t.status) })),
    ...job.tasks
      .filter((t) => !tasks.some((o) => o.task === t.slug))
      .map((t) => ({
        task: t.slug,
        reason: 'not run: outside the --tasks this runner was given',
        kind: 'NOT_RUN' as const,
      })),
  ];
  const result = await queue.complete(job, missing, retry).catch((err: unknown) => {
    if (err instanceof LeaseLostError) return { status: 'lost' };
    throw err;
  });
  step(
    `job ${job.id}: ${tasks.length - unmeasured.length} of ${job.tasks.length} tasks measured; job ${result.status}`,
  );
}

function kindOf(status: TaskOutcome['status']): UnmeasuredTask['kind'] {
  return status === 'failed' ? 'FAILED' : status === 'missing-data' ? 'MISSING_DATA' : 'NOT_RUN';
}

async function handleError(
  queue: QueueClient,
  job: LeasedJob,
  err: unknown,
  retry: RetryOptions,
  log: (m: string) => void,
): Promise<void> {
  const e = err as Error;
  if (err instanceof LeaseLostError) return log(`job ${job.id}: lease lost (${e.message})`);
  // A model the runner cannot use, or bytes that fail their hash, will fail the same way again.
  const permanent = e.name === 'ModelError' || err instanceof ArtifactIntegrityError;
  log(`job ${job.id} failed: ${e.message}`);
  try {
    const { status } = await queue.fail(job, e.message, !permanent, retry);
    log(`job ${job.id}: ${status}`);
  } catch (failure) {
    if (failure instanceof LeaseLostError)
      return log(`job ${job.id}: lease lost while failing it (${failure.message})`);
    throw failure;
  }
}

/** Gives the job back at once (the attempt does not count); bounded in time, since the runner is stopping. */
async function release(queue: QueueClient, job: LeasedJob, reason: string, log: (m: string) => void): Promise<void> {
  try {
    const { status } = await queue.release(job, reason, {
      retryForMs: Number.POSITIVE_INFINITY,
      signal: AbortSignal.timeout(RELEASE_WITHIN_MS),
    });
    log(`job ${job.id} released: ${status}`);
  } catch (err) {
    log(`job ${job.id}: could not release it (${(err as Error).message}); its lease will expire instead`);
  }
}
