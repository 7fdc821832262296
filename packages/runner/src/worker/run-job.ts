import { join } from 'node:path';
import { isNormalization, type Normalization } from '@transferboard/suite/types';
import { SUBMISSION_SOURCE } from '@transferboard/onnx-intake/declaration';
import type { EvaluateOptions, EvaluationReport, TaskResult } from '../evaluate/evaluate';
import { ApiError, type ApiClient, type RetryOptions } from './api-client';
import { downloadArtifact } from './download';
import { estimateRun, type RunEstimate } from '../evaluate/run-estimate';
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { formatSeconds } from '../progress/progress';
import { JobProgress } from './job-progress';
import { LeaseLostError, type LeasedJob, type QueueClient } from './queue-client';
import { reportedProtocol, taskMeasurement, taskMetrics, taskProvenance } from './task-report';
import { reportThroughput } from './throughput-client';
import { runTaskProcess, type TaskProcessOutcome } from './task-process';
import { taskTimeLimit, type TimeLimitSettings } from './time-limits';

export interface JobSettings {
  dataRoot: string;
  workDir: string;
  token: string;
  /** Only these tasks of the suite (tests, smoke runs); default: every task the job lists. */
  tasks?: string[];
  evaluate: Pick<EvaluateOptions, 'provider' | 'threads' | 'batchSize' | 'decodeWorkers' | 'fewShot' | 'runnerVersion'>;
  /** Each task's wall-clock limit (--task-time-limit, --task-time-scale). */
  timeLimits?: TimeLimitSettings;
  /** A download is given up and resumed after this long without a byte (--download-idle-timeout). */
  downloadIdleTimeoutMs?: number;
  log: (message: string) => void;
  /**
   * The job's steps (the download, each task begun and ended): progress, which `work --no-progress`
   * turns off. Warnings and errors go to `log` whatever this is. Default: `log`.
   */
  step?: (message: string) => void;
}

export type TaskOutcome = {
  task: string;
  status: 'ok' | 'failed' | 'missing-data' | 'skipped' | 'done-before';
  message: string | null;
};

export interface JobOutcome {
  /** `lost`: the lease went away mid-job (nothing more was written); `stopped`: the runner is stopping. */
  kind: 'finished' | 'lost' | 'stopped';
  tasks: TaskOutcome[];
  /** Why the lease was lost, in the API's words. */
  reason?: string;
}

/** Errors of the job, not of one task: the model cannot be used, the device asked for is not there. */
const JOB_LEVEL_ERRORS = new Set(['ModelError', 'ExecutionProviderError']);

/** The runner is stopping (SIGTERM): the reason a job's signal aborts with. */
export class StopRequested extends Error {
  override name = 'StopRequested';
}

/**
 * Evaluates one leased job task by task and reports each result as soon as it exists, so a
 * runner that dies loses at most the task in progress: the next runner skips the tasks already
 * stored. Each task runs in a process group of its own, killed at the task's time limit, when
 * the lease is lost and when the runner stops. Heartbeats run on their own thread for the whole
 * job and carry a progress mark that grows with the work (bytes downloaded, images through the
 * backbone, onnxruntime steps, tasks ended), which is what keeps the lease alive.
 *
 * Every call about the job retries through API outages for as long as the job may still be
 * this runner's: until the API says the lease is gone, or the runner stops.
 */
export async function runJob(
  queue: QueueClient,
  api: ApiClient,
  job: LeasedJob,
  settings: JobSettings,
  opts: { stop?: AbortSignal; onHeartbeat?: (hb: Heartbeat) => void } = {},
): Promise<JobOutcome> {
  const prefix = `[job ${job.id.slice(0, 8)} attempt ${job.attempt}]`;
  const log = (m: string) => settings.log(`${prefix} ${m}`);
  const step = (m: string) => (settings.step ?? settings.log)(`${prefix} ${m}`);
  const heartbeat = startHeartbeat({ api: api.base, token: settings.token, job, log });
  opts.onHeartbeat?.(heartbeat);
  const signal = opts.stop ? AbortSignal.any([heartbeat.signal, opts.stop]) : heartbeat.signal;
  const retry: RetryOptions = { retryForMs: Number.POSITIVE_INFINITY, signal };
  const wanted = settings.tasks?.length ? job.tasks.filter((t) => settings.tasks!.includes(t.slug)) : job.tasks;
  const outcomes: TaskOutcome[] = [];
  const progress = new JobProgress(
    wanted.map((t) => t.slug),
    (p) => heartbeat.setProgress(p),
  );
  try {
    const done = new Set(await queue.doneTasks(job, retry));
    for (const slug of done) progress.setTask(slug, 'done-before');
    step(`downloading model ${job.artifact.sha256.slice(0, 12)} (${job.artifact.size} bytes)`);
    progress.setPhase('download');
    const modelPath = await downloadArtifact(api, job.artifact, settings.workDir, {
      signal,
      log,
      onChunk: (bytes) => progress.addBytes(bytes),
      ...(settings.downloadIdleTimeoutMs ? { idleTimeoutMs: settings.downloadIdleTimeoutMs } : {}),
    });
    const estimate = await jobEstimate(
      wanted.map((t) => t.slug).filter((slug) => !done.has(slug)),
      modelPath,
      job,
      {
        threads: settings.evaluate.threads,
        dataRoot: settings.dataRoot,
        episodes: settings.evaluate.fewShot?.episodes,
      },
      { step, log },
    );
    if (estimate) progress.setEta(estimate.tracker.eta());
    for (const [i, task] of wanted.entries()) {
      signal.throwIfAborted();
      if (done.has(task.slug)) {
        step(`task ${i + 1}/${wanted.length} ${task.slug}: measured by an earlier attempt, skipped`);
        outcomes.push({ task: task.slug, status: 'done-before', message: 'measured by an earlier attempt' });
        continue;
      }
      const limit = taskTimeLimit(task.slug, settings.timeLimits);
      progress.startTask(task.slug, i);
      step(`task ${i + 1}/${wanted.length} ${task.slug} (time limit ${limit.seconds} s, ${limit.basis})`);
      const started = performance.now();
      const ran = await runTaskProcess({
        request: {
          type: 'run',
          options: {
            ...settings.evaluate,
            modelPath,
            dataRoot: settings.dataRoot,
            suite: job.suite.slug,
            tasks: [task.slug],
            cacheDir: join(settings.workDir, 'features'),
            normalization: modelNormalization(job),
            // The submitter's declaration overrides the file's metadata, as it did when the API checked it.
            ...(job.model.featureTensor ? { featureOutput: job.model.featureTensor } : {}),
            ...(job.model.spatialTensors?.length ? { spatialOutputs: job.model.spatialTensors } : {}),
            declarationSource: SUBMISSION_SOURCE,
          },
        },
        timeLimitMs: limit.seconds * 1000,
        log,
        onProgress: (counts) => progress.setTaskCounts(counts),
        onStart: (pid) => step(`task ${task.slug}: process group ${pid}`),
        signal,
      });
      signal.throwIfAborted();
      let outcome = taskOutcome(task.slug, ran, limit);
      if (outcome.status === 'ok' && ran.kind === 'report')
        outcome = await reportTask(queue, job, ran.report, retry, log);
      // The API takes reasons of up to 2,000 characters (a native error can be far longer).
      if (outcome.status === 'failed')
        await queue.reportTaskFailure(job, task.slug, (outcome.message ?? 'failed').slice(0, 1_900), retry);
      const took = formatSeconds((performance.now() - started) / 1000);
      if (outcome.status === 'ok') step(`task ${i + 1}/${wanted.length} ${task.slug}: ok (${took})`);
      else log(`${task.slug}: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''} (${took})`);
      outcomes.push(outcome);
      if (estimate) {
        estimate.tracker.settle(task.slug, outcome.status === 'ok', (performance.now() - started) / 1000);
        progress.setEta(estimate.tracker.eta());
      }
      progress.endTask(task.slug, outcome.status);
      heartbeat.beatNow();
    }
    return { kind: 'finished', tasks: outcomes };
  } catch (err) {
    const reason = signal.aborted ? signal.reason : err;
    if (reason instanceof LeaseLostError) {
      log(`lease lost: ${reason.message}`);
      return { kind: 'lost', tasks: outcomes, reason: reason.message };
    }
    if (reason instanceof StopRequested) return { kind: 'stopped', tasks: outcomes };
    throw err;
  } finally {
    await heartbeat.stop();
  }
}

/**
 * The job's estimate (evaluate/eta.ts) for the tasks still to run, on this host with this model;
 * null, logged, when it cannot be made: an estimate never decides a job's outcome.
 */
async function jobEstimate(
  slugs: string[],
  modelPath: string,
  job: LeasedJob,
  where: { threads: number | undefined; dataRoot: string; episodes: number | undefined },
  { step, log }: { step: (m: string) => void; log: (m: string) => void },
): Promise<RunEstimate | null> {
  try {
    // The submitter's declaration, as the tasks read the model: its features set d.
    const { info } = await inspectModel(modelPath, {
      ...(job.model.featureTensor ? { featureOutput: job.model.featureTensor } : {}),
      source: SUBMISSION_SOURCE,
    });
    const estimate = await estimateRun(slugs, info, where);
    const total = estimate.tracker.secondsLeft();
    step(`estimate: ${formatSeconds(total)} for ${slugs.length} task(s) (${estimate.rates.basis})`);
    return estimate;
  } catch (err) {
    log(`no estimate of the job's duration: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
}

/** What one task's process came back with, as the job sees it; job-level errors are thrown. */
function taskOutcome(task: string, ran: TaskProcessOutcome, limit: { seconds: number; basis: string }): TaskOutcome {
  switch (ran.kind) {
    case 'report': {
      const result = ran.report.results[0]!;
      const empty = result.status === 'ok' && !taskMetrics(result).length;
      return {
        task,
        status: empty ? 'failed' : result.status,
        message: empty ? 'the task produced no metric value' : result.message,
      };
    }
    case 'timeout':
      return {
        task,
        status: 'failed',
        message: `time limit: ${task} was still running after ${limit.seconds} s, its limit (${limit.basis}); its processes were killed (change the limit with --task-time-limit or --task-time-scale)`,
      };
    case 'crashed':
      return { task, status: 'failed', message: ran.message };
    case 'error': {
      if (JOB_LEVEL_ERRORS.has(ran.name)) throw Object.assign(new Error(ran.message), { name: ran.name });
      return { task, status: 'failed', message: `${ran.name}: ${ran.message}` };
    }
    case 'aborted':
      // The caller checks the job's signal first; an abort without one is a bug worth a loud failure.
      throw new Error(`task ${task} was aborted without a reason`);
  }
}

/**
 * Reports a measured task under the protocol it was measured with. A result that is not its
 * protocol's number (overridden settings), or that the API refuses (out of range, another
 * protocol), is a failure of this task, not of the job.
 */
async function reportTask(
  queue: QueueClient,
  job: LeasedJob,
  report: EvaluationReport,
  retry: RetryOptions,
  log: (m: string) => void,
): Promise<TaskOutcome> {
  const result: TaskResult = report.results[0]!;
  const measured = reportedProtocol(result);
  if (!measured.protocol) return { task: result.task, status: 'failed', message: measured.reason };
  try {
    await queue.report(
      job,
      result.task,
      taskMetrics(result),
      taskProvenance(report, result, job),
      measured.protocol,
      taskMeasurement(report, result),
      retry,
    );
    log(`reported ${result.task}: ${result.metric} = ${result.value?.toFixed(2)}`);
    await reportTaskThroughput(queue.api, job, result.task, report, retry, log);
    return { task: result.task, status: 'ok', message: result.message };
  } catch (err) {
    if (!(err instanceof ApiError) || (err.code !== 'BAD_USER_INPUT' && err.code !== 'PROTOCOL_MISMATCH')) throw err;
    return { task: result.task, status: 'failed', message: `the API refused the result: ${err.message}` };
  }
}

/** The model's input normalisation as the API stores it (lower case; ImageNet's unless declared otherwise). */
function modelNormalization(job: LeasedJob): Normalization {
  const declared = job.model.normalization.toLowerCase();
  return isNormalization(declared) ? declared : 'imagenet';
}

/** The task's feature-extraction cost, when it ran any images; the API refusing it is logged, never a task failure. */
async function reportTaskThroughput(
  api: ApiClient,
  job: LeasedJob,
  task: string,
  report: EvaluationReport,
  retry: RetryOptions,
  log: (m: string) => void,
): Promise<void> {
  const measured = report.throughput?.find((t) => t.task === task)?.measurement;
  if (!measured) return;
  try {
    await reportThroughput(api, job, task, measured, retry);
    log(
      `throughput ${task}: ${(measured.images / measured.seconds).toFixed(1)} img/s on ${measured.device} (${measured.precision}, batch ${measured.batchSize})`,
    );
  } catch (err) {
    if (!(err instanceof ApiError) || err.code === 'STALE_LEASE' || err.code === 'NOT_FOUND') throw err;
    log(`throughput ${task} not reported: ${err.message}`);
  }
}
