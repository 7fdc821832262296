import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { metricRange, snapToMetricRange } from '@transferboard/suite/metrics';
import { registry } from '@transferboard/suite/registry';
import type { EvaluationReport, TaskResult } from '../evaluate/evaluate';
import type { MeasurementInput } from './gql/graphql';
import type { MetricValue } from './queue-client';

/**
 * One task's outcome as the API stores it: the primary metric (with its 95% interval where the
 * protocol gives one) and the secondary metrics, plus the provenance that makes the number
 * re-runnable: model hash, runner and onnxruntime versions, execution provider, seeds, protocol
 * overrides, sizes and timings. Only the metrics the task declares are sent (the API refuses
 * others); anything else the probe computed stays in the provenance's details.
 */
/**
 * The protocol a result was measured under, as the API checks it against the task's runner
 * protocol; null (with the reason) when the number is not that protocol's: measured with
 * overridden settings, or by a task without a runner protocol.
 */
export function reportedProtocol(
  result: TaskResult,
): { protocol: { id: string; version: number } } | { protocol: null; reason: string } {
  if (!result.protocol) return { protocol: null, reason: 'the task has no runner protocol' };
  if (result.overrides) {
    return {
      protocol: null,
      reason: `measured with protocol overrides ${JSON.stringify(result.overrides)}: not ${result.protocol.id} v${result.protocol.version}'s number, so not reported`,
    };
  }
  return { protocol: { id: result.protocol.id, version: result.protocol.version } };
}

export function taskMetrics(result: TaskResult): MetricValue[] {
  if (result.value === null) return [];
  const ci = result.ci95;
  const [lo, hi] = metricRange(result.metric);
  const value = snapped(result.metric, result.value);
  // value ± 1.96·std/√n is a normal approximation: near 100% it overshoots the metric's range.
  const primary: MetricValue = {
    metric: result.metric,
    value,
    ciLow: ci === null ? null : Math.max(lo, value - ci),
    ciHigh: ci === null ? null : Math.min(hi, value + ci),
  };
  const declared = new Set(registry.task(result.task).secondaryMetrics);
  const secondary = Object.entries(result.secondary)
    .filter(([name, v]) => name !== result.metric && declared.has(name) && Number.isFinite(v))
    .map(([metric, value]) => ({ metric, value: snapped(metric, value), ciLow: null, ciHigh: null }));
  return [primary, ...secondary];
}

/**
 * Within rounding of a bound is the bound (the suite's METRIC_BOUND_TOLERANCE, as the API
 * applies it); a value really out of range is sent as it is, for the API to refuse with its reason.
 */
function snapped(metric: string, value: number): number {
  const s = snapToMetricRange(metric, value);
  return s.ok ? s.value : value;
}

export function taskProvenance(
  report: EvaluationReport,
  result: TaskResult,
  job: { id: string; attempt: number },
): Record<string, unknown> {
  return {
    suite: report.suite,
    task: { slug: result.task, version: result.taskVersion, protocol: result.protocol },
    model: report.model,
    runner: report.runner,
    seeds: report.seeds,
    protocolOverrides: report.protocolOverrides,
    note: result.message,
    sizes: result.sizes,
    seconds: result.seconds,
    details: result.details,
    job: { id: job.id, attempt: job.attempt },
    measuredAt: report.finishedAt,
  };
}

/**
 * What made the number, as the API stores it in typed columns (Result.runnerVersion …): the
 * task version, the runner's version and commit, onnxruntime's version, the execution provider,
 * the precision features were extracted in, the dataset fingerprint and the feature tensor.
 */
export function taskMeasurement(report: EvaluationReport, result: TaskResult): MeasurementInput {
  return {
    taskVersion: result.taskVersion,
    runnerVersion: report.runner.version,
    runnerCommit: runnerCommit(),
    onnxruntimeVersion: report.runner.onnxruntime,
    executionProvider: report.runner.executionProvider,
    precision: report.runner.precision.used,
    datasetFingerprint: result.datasetFingerprint ?? null,
    featureTensor: report.model.featureOutput,
  };
}

let commit: string | null | undefined;

/**
 * The git commit the runner runs from: TRANSFERBOARD_RUNNER_COMMIT where a build sets it, else
 * the checkout's HEAD (read once), else null (an installed package without its history).
 */
export function runnerCommit(): string | null {
  if (commit !== undefined) return commit;
  commit = process.env.TRANSFERBOARD_RUNNER_COMMIT?.trim() || null;
  if (!commit) {
    try {
      const dir = fileURLToPath(new URL('.', import.meta.url));
      commit =
        execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], {
          encoding: 'utf8',
          timeout: 5000,
          stdio: ['ignore', 'pipe', 'ignore'],
        }).trim() || null;
    } catch {
      commit = null;
    }
  }
  return commit;
}
