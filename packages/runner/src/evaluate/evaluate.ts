import { registry } from '@transferboard/suite/registry';
import type { Normalization } from '@transferboard/suite/types';
import type { DeclarationSource } from '@transferboard/onnx-intake/declaration';
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import type { Precision } from '../features/extract';
import type { ProviderRequest } from '../onnx/providers';
import { formatSeconds, silentProgress, type Progress } from '../progress/progress';
import type { TaskResult } from '../protocols/types';
import { describePlan, planOnce } from './device-plans';
import { protocolContext } from './protocol-context';
import { modelRecord, runnerRecord, type EvaluationReport } from './report';
import { estimateLines, estimateRun, taskFinished } from './run-estimate';
import { runTask } from './run-task';
import { selectTasks } from './select-tasks';
import { measureTask, taskDevice } from './task-throughput';

export type { EvaluationReport, PrecisionRecord } from './report';
export type { TaskResult, TaskStatus } from '../protocols/types';

/**
 * `evaluate`: a suite's tasks end to end on one ONNX model: features (cached) → the task's
 * protocol → its primary metric, with the provenance a result needs to be trusted and re-run.
 * The model is validated and the device settled once, before any dataset work; then each task
 * runs through the protocol registry (run-task.ts), keyed by its protocol id, and the report
 * (report.ts) records what every number was computed from.
 */

export interface EvaluateOptions {
  modelPath: string;
  dataRoot: string;
  suite: string;
  /** Subset of the suite's tasks (default: all). */
  tasks?: string[];
  cacheDir: string;
  batchSize?: number;
  normalization?: Normalization;
  /** Overrides of the model's declared (metadata) or default feature tensors: `--feature-output`, or `submitModel`'s declaration. */
  spatialOutputs?: string[];
  /** How errors name where those overrides came from (default: the CLI flags). */
  declarationSource?: DeclarationSource;
  featureOutput?: string;
  /** `--ep`: resolved once per process (src/gpu/execution-provider.ts); an explicit cuda that cannot work throws ExecutionProviderError. */
  provider?: ProviderRequest;
  /** fp16 extracts pooled features with a half-precision conversion of the model, after it passes the acceptance gate. */
  precision?: Precision;
  threads?: number;
  decodeWorkers?: number;
  skipCorrupt?: boolean;
  /** Each task begun and ended, images extracted, the linear grid's fits (default: none). */
  progress?: Progress;
  /**
   * Estimate how long the run takes (calibrating the host first, under a second), print it per
   * task and in total before the first task, and what is left after each one (eta.ts).
   */
  estimate?: boolean;
  /** Seed of the linear validation split and the few-shot episodes (the paper: 0). */
  seed?: number;
  /** Non-standard few-shot settings (small data, smoke tests); recorded as protocol overrides. */
  fewShot?: { episodes?: number; queries?: number };
  log?: (message: string) => void;
  runnerVersion: string;
}

export async function evaluate(opts: EvaluateOptions): Promise<EvaluationReport> {
  const started = Date.now();
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const suite = registry.suite(opts.suite);
  const tasks = selectTasks(suite.slug, opts.tasks);
  const { info } = await inspectModel(opts.modelPath, {
    ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
    ...(opts.spatialOutputs?.length ? { spatialOutputs: opts.spatialOutputs } : {}),
    ...(opts.declarationSource ? { source: opts.declarationSource } : {}),
  });
  const plan = await planOnce(opts.provider ?? 'cpu', opts.batchSize, info.input.fixedBatch);
  log(describePlan(plan));
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const ctx = protocolContext(opts, plan, normalization, info.spatialOutputs, log);
  const progress = opts.progress ?? silentProgress;
  const results: TaskResult[] = [];
  const throughput: EvaluationReport['throughput'] = [];
  const device = taskDevice(plan, opts.threads);
  const estimate = opts.estimate
    ? await estimateRun(
        tasks.map((t) => t.slug),
        info,
        { threads: opts.threads, dataRoot: opts.dataRoot, episodes: opts.fewShot?.episodes },
      )
    : null;
  if (estimate) for (const line of estimateLines(estimate)) progress.line(line);
  for (const [i, task] of tasks.entries()) {
    const step = `task ${i + 1}/${tasks.length} ${task.slug}`;
    progress.line(step);
    const taskStarted = performance.now();
    const result = await runTask(task, ctx);
    progress.line(`${step}: ${outcome(result)}`);
    if (estimate) progress.line(taskFinished(estimate, result, (performance.now() - taskStarted) / 1000));
    results.push(result);
    const measured = await measureTask(ctx.store, device, plan.provider);
    if (measured) throughput.push({ task: task.slug, measurement: measured });
  }
  const seed = opts.seed ?? 0;
  return {
    suite: { slug: suite.slug, version: suite.version },
    model: modelRecord(info, normalization),
    runner: runnerRecord(opts.runnerVersion, plan, ctx.store.precisionRecord()),
    seeds: { linearValidationSplit: seed, fewShotEpisodes: seed },
    protocolOverrides: opts.fewShot && Object.keys(opts.fewShot).length ? { fewShot: opts.fewShot } : null,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    results,
    throughput,
  };
}

/** A task's end for the progress lines: "ok, top1 71.23 (12.3 s)" or "failed: why". */
function outcome(r: TaskResult): string {
  const seconds = formatSeconds(r.seconds.features + r.seconds.probe);
  if (r.status !== 'ok') return `${r.status}${r.message ? `: ${r.message}` : ''}`;
  return `ok, ${r.metric} ${r.value === null ? '—' : r.value.toFixed(2)} (${seconds})`;
}
