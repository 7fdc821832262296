import { cpus, platform, release } from 'node:os';
import { registry } from '@transferboard/suite/registry';
import type { Normalization, TaskDef } from '@transferboard/suite/types';
import { DatasetError } from '../datasets/errors';
import { evaluateDenseTask, isDenseTask } from '../dense/evaluate-dense';
import type { Precision } from '../features/extract';
import { planExtraction, type ExtractionPlan } from '../gpu/device-plan';
import { readDataset } from '../datasets/registry';
import type { ClassificationDataset } from '../datasets/types';
import { ImageDecodeError } from '../images/preprocess';
import type { DeclarationSource } from '@transferboard/onnx-intake/declaration';
import { inspectModel, type FeatureSource, type SpatialSource } from '@transferboard/onnx-intake/inspect';
import { ModelError } from '@transferboard/onnx-intake/model-error';
import type { ProviderRequest } from '../onnx/providers';
import { onnxruntimeVersion } from '../onnx/runtime';
import { runFewShot } from '../probes/few-shot';
import { runLinearProbe, type LinearMetric } from '../probes/linear-probe';
import { ProbeInputError } from '../probes/probe-input';
import { concatSplits, SplitFeatureStore, type ExtractDefaults, type PrecisionState } from './split-features';

/**
 * `evaluate`: a suite's tasks end to end on one ONNX model: features (cached) → the task's
 * protocol → its primary metric, with the provenance a result needs to be trusted and re-run.
 * Linear and few-shot tasks run on pooled features here; detection and dense tasks run the
 * frozen spatial-map probes (src/dense). Tasks without a runner protocol (fine-tuning) are
 * reported as skipped, never silently dropped.
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
  featureOutput?: string;
  spatialOutputs?: string[];
  /** How errors name where those overrides came from (default: the CLI flags). */
  declarationSource?: DeclarationSource;
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

export type TaskStatus = 'ok' | 'failed' | 'missing-data' | 'skipped';

export interface TaskResult {
  task: string;
  taskVersion: number;
  category: TaskDef['category'];
  dataset: string;
  status: TaskStatus;
  protocol: { id: string; version: number } | null;
  metric: string;
  /** Primary metric, in the unit the paper prints (percent). */
  value: number | null;
  ci95: number | null;
  secondary: Record<string, number>;
  /** Why the task did not produce a value, with the fix where there is one. */
  message: string | null;
  sizes: Record<string, number>;
  seconds: { features: number; probe: number };
  details: unknown;
}

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

const LINEAR_METRICS: Record<string, LinearMetric> = { top1: 'top1', mean_per_class: 'mean-per-class', map11: 'map11' };

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
  const seed = opts.seed ?? 0;
  const store = new SplitFeatureStore(extractDefaults(opts, plan, normalization, log), opts.precision ?? 'fp32');
  const datasets = new Map<string, Promise<ClassificationDataset>>();
  const results: TaskResult[] = [];
  for (const task of tasks) {
    log(`task ${task.slug}`);
    results.push(await runTask(task, opts, { store, datasets, seed, plan, normalization, spatialOutputs: info.spatialOutputs, log }));
  }
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

function emptyResult(task: TaskDef, status: TaskStatus, message: string | null): TaskResult {
  return {
    task: task.slug,
    taskVersion: task.version,
    category: task.category,
    dataset: task.dataset,
    status,
    protocol: task.protocol ? { id: task.protocol.id, version: task.protocol.version } : null,
    metric: task.primaryMetric,
    value: null,
    ci95: null,
    secondary: {},
    message,
    sizes: {},
    seconds: { features: 0, probe: 0 },
    details: null,
  };
}

interface RunContext {
  store: SplitFeatureStore;
  datasets: Map<string, Promise<ClassificationDataset>>;
  seed: number;
  plan: ExtractionPlan;
  normalization: Normalization;
  /** The intake's decision (declared or default), so every dense task reads the same maps. */
  spatialOutputs: string[];
  log: (message: string) => void;
}

async function runTask(task: TaskDef, opts: EvaluateOptions, ctx: RunContext): Promise<TaskResult> {
  const { store, datasets, seed } = ctx;
  if (isDenseTask(task.slug)) return runDenseTask(task, opts, ctx);
  if (task.category !== 'linear' && task.category !== 'few_shot') {
    return emptyResult(task, 'skipped', `${task.category} task without a runner protocol (the paper fine-tuned the whole network; this runner evaluates frozen backbones)`);
  }
  try {
    let ds = datasets.get(task.dataset);
    if (!ds) {
      ds = readDataset(task.dataset, opts.dataRoot);
      datasets.set(task.dataset, ds);
    }
    const dataset = await ds;
    return task.category === 'linear' ? await runLinearTask(task, dataset, store, seed) : await runFewShotTask(task, dataset, store, seed, opts.fewShot);
  } catch (err) {
    // The user's data or the probe's input: report it on this task and go on with the others.
    if (err instanceof DatasetError) return emptyResult(task, err.kind === 'missing' ? 'missing-data' : 'failed', `${err.message}`);
    if (err instanceof ProbeInputError || err instanceof ImageDecodeError) return emptyResult(task, 'failed', err.message);
    throw err;
  }
}

async function runLinearTask(task: TaskDef, ds: ClassificationDataset, store: SplitFeatureStore, seed: number): Promise<TaskResult> {
  const t0 = performance.now();
  const train = await store.get(ds, 'train');
  const val = ds.splits.val?.length ? await store.get(ds, 'val') : undefined;
  const test = await store.get(ds, 'test');
  const t1 = performance.now();
  const metric = LINEAR_METRICS[task.primaryMetric];
  if (!metric) throw new ProbeInputError(`task ${task.slug}: primary metric '${task.primaryMetric}' has no linear-probe scorer`);
  const res = await runLinearProbe({
    train,
    ...(val ? { val } : {}),
    test,
    numClasses: ds.classes.length,
    metric,
    multiLabel: ds.multiLabel,
    seed,
    sources: { train: src(ds, 'train'), ...(val ? { val: src(ds, 'val') } : {}), test: src(ds, 'test') },
  });
  const secondary: Record<string, number> = {};
  if (res.ece) {
    secondary.ece = res.ece.before;
    secondary.ece_temp_scaled = res.ece.afterTemperature;
  }
  return {
    ...emptyResult(task, 'ok', classCountNote(task, ds)),
    value: res.testScore,
    secondary,
    sizes: { ...res.sizes },
    seconds: { features: (t1 - t0) / 1000, probe: res.timings.totalSeconds },
    details: { chosenL2: res.chosenL2, chosenC: res.chosenC, bestValScore: res.bestValScore, validationSource: res.validationSource, ece: res.ece },
  };
}

async function runFewShotTask(
  task: TaskDef,
  ds: ClassificationDataset,
  store: SplitFeatureStore,
  seed: number,
  overrides: EvaluateOptions['fewShot'],
): Promise<TaskResult> {
  if (ds.multiLabel) throw new ProbeInputError(`task ${task.slug}: few-shot episodes need single-label data`);
  const t0 = performance.now();
  const parts = [await store.get(ds, 'train'), ...(ds.splits.val?.length ? [await store.get(ds, 'val')] : []), await store.get(ds, 'test')];
  const pooled = concatSplits(parts);
  const t1 = performance.now();
  const params = (task.protocol?.params ?? {}) as { ways?: number; shots?: number; queries?: number; episodes?: number };
  const res = runFewShot({
    x: pooled.x,
    n: pooled.n,
    d: pooled.d,
    labels: pooled.y,
    ways: params.ways ?? 5,
    shots: params.shots ?? 5,
    queries: overrides?.queries ?? params.queries ?? 15,
    episodes: overrides?.episodes ?? params.episodes ?? 600,
    seed,
    sources: { features: `${ds.dataset} features (train+val+test)`, labels: `${ds.dataset} labels` },
  });
  return {
    ...emptyResult(task, 'ok', classCountNote(task, ds)),
    value: res.accuracy,
    ci95: res.ci95,
    sizes: { pooled: pooled.n, d: pooled.d, eligibleClasses: res.eligibleClasses },
    seconds: { features: (t1 - t0) / 1000, probe: res.timings.totalSeconds },
    details: { std: res.std, episodes: res.episodes, ways: res.ways, shots: res.shots, queries: res.queries },
  };
}

/** Detection and surface normals: the frozen spatial-map probes (src/dense), on the same device plan. */
async function runDenseTask(task: TaskDef, opts: EvaluateOptions, ctx: RunContext): Promise<TaskResult> {
  try {
    const r = await evaluateDenseTask(task.slug, {
      modelPath: opts.modelPath,
      dataRoot: opts.dataRoot,
      cacheDir: opts.cacheDir,
      normalization: ctx.normalization,
      ...(ctx.spatialOutputs.length ? { spatialOutputs: ctx.spatialOutputs } : {}),
      provider: ctx.plan.provider,
      batchSize: ctx.plan.batchSize,
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      log: ctx.log,
    });
    if (r.metric !== task.primaryMetric) throw new Error(`${task.slug}: the dense probe reports '${r.metric}', the task's primary metric is '${task.primaryMetric}'`);
    const secondary = Object.fromEntries(Object.entries(r.metrics).filter(([k]) => k !== r.metric));
    return {
      ...emptyResult(task, 'ok', r.warnings.length ? `${r.warnings.length} data warning(s): ${r.warnings.slice(0, 3).join('; ')}${r.warnings.length > 3 ? '; …' : ''}` : null),
      protocol: r.protocol,
      value: r.value,
      secondary,
      sizes: r.sizes,
      seconds: r.seconds,
      details: { spatial: r.model, featuresFromCache: r.featuresFromCache, warnings: r.warnings, probe: r.details },
    };
  } catch (err) {
    if (err instanceof DatasetError) return emptyResult(task, err.kind === 'missing' ? 'missing-data' : 'failed', err.message);
    // A model without usable spatial maps fails these two tasks only; the pooled-feature tasks still stand.
    if (err instanceof ModelError || err instanceof ImageDecodeError || err instanceof ProbeInputError) return emptyResult(task, 'failed', err.message);
    throw err;
  }
}

function src(ds: ClassificationDataset, split: string) {
  return { features: `${ds.dataset} ${split} features`, labels: `${ds.dataset} ${split} labels` };
}

function classCountNote(task: TaskDef, ds: ClassificationDataset): string | null {
  return ds.classes.length === task.numClasses ? null : `data has ${ds.classes.length} classes, the task defines ${task.numClasses} (not comparable with published results)`;
}
