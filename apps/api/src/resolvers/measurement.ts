import type { Measurement } from '@transferboard/db/queries/report-job-results';
import { badInput } from '../errors';
import type { MeasurementInput } from '../generated/resolvers-types';

const SHORT_TEXT = 200;
const PROVIDERS = new Set(['cpu', 'cuda']);
const PRECISIONS = new Set(['fp32', 'fp16']);
const FINGERPRINT = /^[0-9a-f]{64}$/;

/**
 * A report's typed provenance, checked: the task version must be the task's current one (a
 * number measured on another task version is not this task's), the provider and precision one
 * of the runner's, the fingerprint a sha256, every text short.
 */
export function checkMeasurement(task: { slug: string; version: number }, input: MeasurementInput): Measurement {
  const arg = (name: string) => `measurement.${name}`;
  if (input.taskVersion !== task.version) {
    throw badInput(
      `"measurement.taskVersion" is ${input.taskVersion}, but task "${task.slug}" is version ${task.version}: ` +
        'update the runner and measure the current version.',
      arg('taskVersion'),
    );
  }
  const text = (name: keyof MeasurementInput, value: string | null | undefined): string | null => {
    if (value === null || value === undefined) return null;
    if (value.length === 0 || value.length > SHORT_TEXT) {
      throw badInput(`"${arg(name)}" must be 1 to ${SHORT_TEXT} characters long.`, arg(name));
    }
    return value;
  };
  if (!PROVIDERS.has(input.executionProvider)) {
    throw badInput(
      `"${arg('executionProvider')}" must be one of ${[...PROVIDERS].join(', ')}.`,
      arg('executionProvider'),
    );
  }
  if (!PRECISIONS.has(input.precision))
    throw badInput(`"${arg('precision')}" must be one of ${[...PRECISIONS].join(', ')}.`, arg('precision'));
  if (input.datasetFingerprint != null && !FINGERPRINT.test(input.datasetFingerprint)) {
    throw badInput(
      `"${arg('datasetFingerprint')}" must be a sha256: 64 lowercase hex digits.`,
      arg('datasetFingerprint'),
    );
  }
  return {
    taskVersion: input.taskVersion,
    runnerVersion: text('runnerVersion', input.runnerVersion),
    runnerCommit: text('runnerCommit', input.runnerCommit),
    onnxruntimeVersion: text('onnxruntimeVersion', input.onnxruntimeVersion),
    executionProvider: input.executionProvider,
    precision: input.precision,
    datasetFingerprint: input.datasetFingerprint ?? null,
    featureTensor: text('featureTensor', input.featureTensor),
  };
}
