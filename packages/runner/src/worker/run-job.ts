import { join } from 'node:path';
import { isNormalization, type Normalization } from '@transferboard/suite/types';
import { SUBMISSION_SOURCE } from '@transferboard/onnx-intake/declaration';
import { evaluate, type EvaluateOptions } from '../evaluate/evaluate';
import { ApiError, type ApiClient } from './api-client';
import { downloadArtifact } from './download';
import { startHeartbeat, type Heartbeat } from './heartbeat';
import { LeaseLostError, type LeasedJob, type QueueClient } from './queue-client';
import { reportedProtocol, taskMeasurement, taskMetrics, taskProvenance } from './task-report';

export interface JobSettings {
  dataRoot: string;
  workDir: string;
  token: string;
  /** Only these tasks of the suite (tests, smoke runs); default: every task the job lists. */
  tasks?: string[];
  evaluate: Pick<EvaluateOptions, 'provider' | 'threads' | 'batchSize' | 'decodeWorkers' | 'fewShot' | 'runnerVersion'>;
  log: (message: string) => void;
}

export type TaskOutcome = { task: string; status: 'ok' | 'failed' | 'missing-data' | 'skipped' | 'done-before'; message: string | null };

export interface JobOutcome {
  /** `lost`: the lease went away mid-job (nothing more was written). */
  kind: 'finished' | 'lost';
  tasks: TaskOutcome[];
}

/**
 * Evaluates one leased job task by task and reports each result as soon as it exists, so a
 * runner that dies loses at most the task in progress: the next runner skips the tasks already
 * stored. Heartbeats run on their own thread for the whole job.
 */
export async function runJob(queue: QueueClient, api: ApiClient, job: LeasedJob, settings: JobSettings, onHeartbeat?: (hb: Heartbeat) => void): Promise<JobOutcome> {
  const log = (m: string) => settings.log(`[job ${job.id.slice(0, 8)} attempt ${job.attempt}] ${m}`);
  const heartbeat = startHeartbeat({ api: api.base, token: settings.token, job, log });
  onHeartbeat?.(heartbeat);
  try {
    const wanted = settings.tasks?.length ? job.tasks.filter((t) => settings.tasks!.includes(t.slug)) : job.tasks;
    const done = new Set(await queue.doneTasks(job));
    const outcomes: TaskOutcome[] = [];
    const progress = () => ({
      taskCount: wanted.length,
      tasks: Object.fromEntries(wanted.map((t) => [t.slug, outcomes.find((o) => o.task === t.slug)?.status ?? (done.has(t.slug) ? 'done-before' : 'pending')])),
    });
    log(`downloading model ${job.artifact.sha256.slice(0, 12)} (${job.artifact.size} bytes)`);
    heartbeat.setProgress({ ...progress(), phase: 'download' });
    const modelPath = await downloadArtifact(api, job.artifact, settings.workDir);
    for (const [i, task] of wanted.entries()) {
      if (heartbeat.isLost()) return { kind: 'lost', tasks: outcomes };
      if (done.has(task.slug)) {
        log(`task ${i + 1}/${wanted.length} ${task.slug}: measured by an earlier attempt, skipped`);
        outcomes.push({ task: task.slug, status: 'done-before', message: 'measured by an earlier attempt' });
        continue;
      }
      heartbeat.setProgress({ ...progress(), phase: 'evaluate', task: task.slug, taskIndex: i, fraction: i / wanted.length });
      log(`task ${i + 1}/${wanted.length} ${task.slug}`);
      const report = await evaluate({
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
        progress: false,
        log: (m) => log(m),
      });
      const result = report.results[0]!;
      if (heartbeat.isLost()) return { kind: 'lost', tasks: outcomes };
      const metrics = taskMetrics(result);
      const measured = reportedProtocol(result);
      let outcome: TaskOutcome = { task: task.slug, status: result.status === 'ok' && !metrics.length ? 'failed' : result.status, message: result.message };
      if (outcome.status === 'ok' && !measured.protocol) outcome = { task: task.slug, status: 'failed', message: measured.reason };
      if (outcome.status === 'ok' && measured.protocol) {
        try {
          await queue.report(job, task.slug, metrics, taskProvenance(report, result, job), measured.protocol, taskMeasurement(report, result));
          log(`reported ${task.slug}: ${result.metric} = ${result.value?.toFixed(2)}`);
        } catch (err) {
          // The API refused this task's numbers (out of range, another protocol): a task failure, not the job's.
          if (!(err instanceof ApiError) || (err.code !== 'BAD_USER_INPUT' && err.code !== 'PROTOCOL_MISMATCH')) throw err;
          outcome = { task: task.slug, status: 'failed', message: `the API refused the result: ${err.message}` };
        }
      }
      if (outcome.status !== 'ok') log(`${task.slug}: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}`);
      outcomes.push(outcome);
      heartbeat.setProgress({ ...progress(), phase: 'evaluate', fraction: (i + 1) / wanted.length });
      heartbeat.beatNow();
    }
    return { kind: 'finished', tasks: outcomes };
  } catch (err) {
    if (err instanceof LeaseLostError) {
      log(`lease lost: ${err.message}`);
      return { kind: 'lost', tasks: [] };
    }
    throw err;
  } finally {
    await heartbeat.stop();
  }
}

/** The model's input normalisation as the API stores it (lower case; ImageNet's unless declared otherwise). */
function modelNormalization(job: LeasedJob): Normalization {
  const declared = job.model.normalization.toLowerCase();
  return isNormalization(declared) ? declared : 'imagenet';
}
