import {
  evaluateDetection,
  evaluateNormals,
  type DenseTaskOptions,
  type DenseTaskResult,
} from '../dense/evaluate-dense';
import { DenseInputError } from '../dense/dense-input';
import { ModelError } from '@transferboard/onnx-intake/model-error';
import { emptyResult, type ProtocolContext, type TaskResult, type TaskWith } from './types';

type DenseId = 'detection-frozen-probe' | 'normals-frozen-probe';

/** `detection-frozen-probe`: the frozen spatial-map detection probe, with the protocol's settings. */
export function runDetectionTask(task: TaskWith<'detection-frozen-probe'>, ctx: ProtocolContext): Promise<TaskResult> {
  const { inputSize, scale, ...probe } = task.protocol.params;
  return runDense(task, ctx, (o) => evaluateDetection({ ...o, inputSize, detection: { ...probe, scale } }));
}

/** `normals-frozen-probe`: the frozen spatial-map surface-normal probe, with the protocol's settings. */
export function runNormalsTask(task: TaskWith<'normals-frozen-probe'>, ctx: ProtocolContext): Promise<TaskResult> {
  const { inputSize, scale, pixelsPerImage, decode, classifierL2, maxIter, seed } = task.protocol.params;
  return runDense(task, ctx, (o) =>
    evaluateNormals({ ...o, inputSize, normals: { scale, pixelsPerImage, decode, classifierL2, maxIter, seed } }),
  );
}

async function runDense<K extends DenseId>(
  task: TaskWith<K>,
  ctx: ProtocolContext,
  run: (o: DenseTaskOptions) => Promise<DenseTaskResult>,
): Promise<TaskResult> {
  try {
    const r = await run({
      modelPath: ctx.modelPath,
      dataRoot: ctx.dataRoot,
      cacheDir: ctx.cacheDir,
      normalization: ctx.normalization,
      ...(ctx.spatialOutputs.length ? { spatialOutputs: ctx.spatialOutputs } : {}),
      provider: ctx.plan.provider,
      batchSize: ctx.plan.batchSize,
      ...(ctx.threads !== undefined ? { threads: ctx.threads } : {}),
      progress: ctx.progress,
      log: ctx.log,
    });
    if (r.metric !== task.primaryMetric)
      throw new Error(
        `${task.slug}: the dense probe reports '${r.metric}', the task's primary metric is '${task.primaryMetric}'`,
      );
    if (r.protocol.id !== task.protocol.id || r.protocol.version !== task.protocol.version) {
      throw new Error(
        `${task.slug}: the probe ran ${r.protocol.id} v${r.protocol.version}, the task's protocol is ${task.protocol.id} v${task.protocol.version}`,
      );
    }
    const secondary = Object.fromEntries(Object.entries(r.metrics).filter(([k]) => k !== r.metric));
    const warnings = r.warnings.length
      ? `${r.warnings.length} data warning(s): ${r.warnings.slice(0, 3).join('; ')}${r.warnings.length > 3 ? '; …' : ''}`
      : null;
    return {
      ...emptyResult(task, 'ok', warnings),
      value: r.value,
      secondary,
      sizes: r.sizes,
      seconds: r.seconds,
      datasetFingerprint: r.datasetFingerprint,
      details: { spatial: r.model, featuresFromCache: r.featuresFromCache, warnings: r.warnings, probe: r.details },
    };
  } catch (err) {
    // A model without usable spatial maps, or unusable dense annotations, fails this task only.
    if (err instanceof ModelError || err instanceof DenseInputError) return emptyResult(task, 'failed', err.message);
    throw err;
  }
}
