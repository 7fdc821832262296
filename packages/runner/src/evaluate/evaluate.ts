import { cpus, platform, release } from 'node:os';
import { registry } from '@transferboard/suite/registry';
import type { Normalization, TaskDef } from '@transferboard/suite/types';
import { DatasetError } from '../datasets/errors';
import type { Precision } from '../features/extract';
import { planExtraction, type ExtractionPlan } from '../gpu/device-plan';
import { datasetFingerprint } from '../datasets/fingerprint';
import { readDataset } from '../datasets/registry';
import type { ClassificationDataset } from '../datasets/types';
import { ImageDecodeError } from '../images/preprocess';
import type { DeclarationSource } from '@transferboard/onnx-intake/declaration';
import { inspectModel, type FeatureSource, type SpatialSource } from '@transferboard/onnx-intake/inspect';
import type { ProviderRequest } from '../onnx/providers';
import { onnxruntimeVersion } from '../onnx/runtime';
import { ProbeInputError } from '../probes/probe-input';
import { protocolRunner } from '../protocols/registry';
import { emptyResult, type ProtocolContext, type TaskResult } from '../protocols/types';
import { SplitFeatureStore, type ExtractDefaults, type PrecisionState } from './split-features';

export type { TaskResult, TaskStatus } from '../protocols/types';

/**
 * `evaluate`: a suite's tasks end to end on one ONNX model: features (cached) → the task's
 * protocol → its primary metric, with the provenance a result needs to be trusted and re-run.
 * Each task runs through the protocol registry (src/protocols/registry.ts), keyed by its
 * protocol id. Tasks without a runner protocol (fine-tuning) are reported as skipped, never
 * silently dropped.
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
  progress?: boolean;
  /** Seed of the linear validation split and the few-shot episodes (the paper: 0). */
  seed?: number;
  /** Non-standard few-shot settings (small data, smoke tests); recorded as protocol overrides. */
  fewShot?: { episodes?: number; queries?: number };
  log?: (message: string) => void;
  runnerVersion: string;
}

/** `used`: what the pooled features were computed in (fp16 falls back to fp32 when the gate rejects it); `gate`: the check against an fp32 sample. */
export type PrecisionRecord = PrecisionState;

export interface EvaluationReport {
  suite: { slug: string; version: number };
  /** The tensors every result was computed from, and why those (docs/runner.md, "Which features"). */
  model: {
    file: string;
    sha256: string;
    sizeBytes: number;
    featureOutput: string;
    featureSource: FeatureSource;
    spatialOutputs: string[];
    spatialSource: SpatialSource;
    normalization: string;
    producer: string;
    opset: number;
  };
  runner: {
    version: string;
    onnxruntime: string;
    node: string;
    executionProvider: string;
    /** Why that provider (the line printed at the start). */
    executionProviderReason: string;
    gpu: string | null;
    driver: string | null;
    gpuMemoryMiB: number | null;
    /** Images per forward pass and decoding as planned for the device (a fixed-batch model keeps its own). */
    batchSize: number;
    decode: { kind: 'threads' | 'processes'; count: number };
    precision: PrecisionRecord;
    platform: string;
    cpu: string;
    cores: number;
  };
  seeds: { linearValidationSplit: number; fewShotEpisodes: number };
  protocolOverrides: Record<string, unknown> | null;
  startedAt: string;
  finishedAt: string;
  seconds: number;
  results: TaskResult[];
}

export async function evaluate(opts: EvaluateOptions): Promise<EvaluationReport> {
  const started = Date.now();
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const suite = registry.suite(opts.suite);
  const tasks = selectTasks(suite.slug, opts.tasks);
  // Validate the model and settle the provider once, before any dataset work.
  const { info } = await inspectModel(opts.modelPath, {
    ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
    ...(opts.spatialOutputs?.length ? { spatialOutputs: opts.spatialOutputs } : {}),
    ...(opts.declarationSource ? { source: opts.declarationSource } : {}),
  });
  const plan = await planOnce(opts.provider ?? 'cpu', opts.batchSize, info.input.fixedBatch);
  log(`${plan.reason}; batch ${plan.batchSize}; decoding on ${decoders(plan.decode)}`);
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const store = new SplitFeatureStore(extractDefaults(opts, plan, normalization, log), opts.precision ?? 'fp32');
  const datasets = new Map<string, Promise<ClassificationDataset>>();
  const ctx: ProtocolContext = {
    modelPath: opts.modelPath,
    dataRoot: opts.dataRoot,
    cacheDir: opts.cacheDir,
    store,
    dataset: (slug) => {
      let ds = datasets.get(slug);
      if (!ds) {
        ds = readDataset(slug, opts.dataRoot);
        datasets.set(slug, ds);
      }
      return ds;
    },
    ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
    ...(opts.fewShot ? { fewShot: opts.fewShot } : {}),
    plan,
    provider: opts.provider ?? 'cpu',
    normalization,
    spatialOutputs: info.spatialOutputs,
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    log,
  };
  const results: TaskResult[] = [];
  for (const task of tasks) {
    log(`task ${task.slug}`);
    results.push(await runTask(task, ctx));
  }
  const seed = opts.seed ?? 0;
  return {
    suite: { slug: suite.slug, version: suite.version },
    model: {
      file: info.file,
      sha256: info.sha256,
      sizeBytes: info.sizeBytes,
      featureOutput: info.featureOutput,
      featureSource: info.featureSource,
      spatialOutputs: info.spatialOutputs,
      spatialSource: info.spatialSource,
      normalization,
      producer: info.producer,
      opset: info.opset,
    },
    runner: {
      version: opts.runnerVersion,
      onnxruntime: onnxruntimeVersion(),
      node: process.version,
      executionProvider: plan.provider,
      executionProviderReason: plan.reason,
      gpu: plan.provenance.gpu,
      driver: plan.provenance.driver,
      gpuMemoryMiB: plan.provenance.gpuMemoryMiB,
      batchSize: plan.batchSize,
      decode: plan.decode,
      precision: store.precisionRecord(),
      platform: `${platform()} ${release()}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      cores: cpus().length,
    },
    seeds: { linearValidationSplit: seed, fewShotEpisodes: seed },
    protocolOverrides: opts.fewShot && Object.keys(opts.fewShot).length ? { fewShot: opts.fewShot } : null,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date().toISOString(),
    seconds: (Date.now() - started) / 1000,
    results,
  };
}

function decoders({ kind, count }: ExtractionPlan['decode']): string {
  const noun = kind === 'threads' ? 'worker thread' : 'worker process';
  return `${count} ${noun}${count === 1 ? '' : kind === 'threads' ? 's' : 'es'}`;
}

/**
 * The queue worker calls evaluate once per task: probing CUDA (ldd, a throwaway session,
 * nvidia-smi) once per process is enough, and keeps one run on one device.
 */
const plans = new Map<string, Promise<ExtractionPlan>>();

function planOnce(provider: ProviderRequest, batchSize: number | undefined, fixedBatch: number | null): Promise<ExtractionPlan> {
  const key = `${provider}/${batchSize ?? ''}/${fixedBatch ?? ''}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = planExtraction(provider, { ...(batchSize ? { batchSize } : {}), fixedBatch });
    // A failed resolution (explicit cuda on a host without it) is not remembered: the user may fix it and retry in-process.
    plan.catch(() => plans.delete(key));
    plans.set(key, plan);
  }
  return plan;
}

function selectTasks(suiteSlug: string, only: string[] | undefined): TaskDef[] {
  const all = registry.suiteTasks(suiteSlug);
  if (!only?.length) return all;
  return only.map((slug) => {
    const task = registry.task(slug);
    if (!all.includes(task)) throw new ProbeInputError(`task '${slug}' is not in suite '${suiteSlug}'`);
    return task;
  });
}

function extractDefaults(opts: EvaluateOptions, plan: ExtractionPlan, normalization: Normalization, log: (m: string) => void): ExtractDefaults {
  return {
    modelPath: opts.modelPath,
    cacheDir: opts.cacheDir,
    normalization,
    plan,
    log,
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.featureOutput ? { featureOutput: opts.featureOutput } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(opts.decodeWorkers !== undefined ? { decodeWorkers: opts.decodeWorkers } : {}),
    skipCorrupt: opts.skipCorrupt ?? false,
    progress: opts.progress ?? false,
  };
}

/**
 * One task through its protocol's runner. Trouble with the user's data or the model's outputs
 * fails this task, with the reason, and the others still run; an unknown protocol throws.
 */
async function runTask(task: TaskDef, ctx: ProtocolContext): Promise<TaskResult> {
  if (!task.protocol) {
    return emptyResult(task, 'skipped', `${task.category} task without a runner protocol (the paper fine-tuned the whole network; this runner evaluates frozen backbones)`);
  }
  const run = protocolRunner(task);
  try {
    const result = await run(ctx);
    const classification = task.category === 'linear' || task.category === 'few_shot';
    return classification ? { ...result, datasetFingerprint: await datasetFingerprint(await ctx.dataset(task.dataset)) } : result;
  } catch (err) {
    if (err instanceof DatasetError) return emptyResult(task, err.kind === 'missing' ? 'missing-data' : 'failed', err.message);
    if (err instanceof ProbeInputError || err instanceof ImageDecodeError) return emptyResult(task, 'failed', err.message);
    throw err;
  }
}
