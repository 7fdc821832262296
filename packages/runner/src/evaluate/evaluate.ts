import { cpus, platform, release } from 'node:os';
import { registry } from '@transferboard/suite/registry';
import type { TaskDef } from '@transferboard/suite/types';
import { DatasetError } from '../datasets/errors';
import { readDataset } from '../datasets/registry';
import type { ClassificationDataset } from '../datasets/types';
import { ImageDecodeError } from '../images/preprocess';
import { inspectModel } from '../onnx/inspect';
import { chooseProvider, type ProviderRequest } from '../onnx/providers';
import { onnxruntimeVersion, probeCuda } from '../onnx/runtime';
import { runFewShot } from '../probes/few-shot';
import { runLinearProbe, type LinearMetric } from '../probes/linear-probe';
import { ProbeInputError } from '../probes/probe-input';
import { concatSplits, SplitFeatureStore, type ExtractDefaults } from './split-features';

/**
 * `evaluate`: a suite's linear and few-shot tasks end to end on one ONNX model: features
 * (cached) → the task's protocol → its primary metric, with the provenance a result needs to be
 * trusted and re-run. Detection and dense tasks need the spatial-map probes, which this runner
 * version does not have yet: they are reported as skipped, never silently dropped.
 */

export interface EvaluateOptions {
  modelPath: string;
  dataRoot: string;
  suite: string;
  /** Subset of the suite's tasks (default: all). */
  tasks?: string[];
  cacheDir: string;
  batchSize?: number;
  normalization?: 'imagenet' | 'none';
  featureOutput?: string;
  provider?: ProviderRequest;
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
  model: { file: string; sha256: string; sizeBytes: number; featureOutput: string; normalization: string; producer: string; opset: number };
  runner: { version: string; onnxruntime: string; node: string; executionProvider: string; platform: string; cpu: string; cores: number };
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
  const { info } = await inspectModel(opts.modelPath, opts.featureOutput ? { featureOutput: opts.featureOutput } : {});
  const choice = await chooseProvider(opts.provider ?? 'cpu', probeCuda);
  if (choice.message) log(choice.message);
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const seed = opts.seed ?? 0;
  const store = new SplitFeatureStore(extractDefaults(opts, choice.provider, normalization, log));
  const datasets = new Map<string, Promise<ClassificationDataset>>();
  const results: TaskResult[] = [];
  for (const task of tasks) {
    log(`task ${task.slug}`);
    results.push(await runTask(task, opts, store, datasets, seed));
  }
  return {
    suite: { slug: suite.slug, version: suite.version },
    model: { file: info.file, sha256: info.sha256, sizeBytes: info.sizeBytes, featureOutput: info.featureOutput, normalization, producer: info.producer, opset: info.opset },
    runner: {
      version: opts.runnerVersion,
      onnxruntime: onnxruntimeVersion(),
      node: process.version,
      executionProvider: choice.provider,
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

function selectTasks(suiteSlug: string, only: string[] | undefined): TaskDef[] {
  const all = registry.suiteTasks(suiteSlug);
  if (!only?.length) return all;
  return only.map((slug) => {
    const task = registry.task(slug);
    if (!all.includes(task)) throw new ProbeInputError(`task '${slug}' is not in suite '${suiteSlug}'`);
    return task;
  });
}

function extractDefaults(opts: EvaluateOptions, provider: 'cpu' | 'cuda', normalization: 'imagenet' | 'none', log: (m: string) => void): ExtractDefaults {
  return {
    modelPath: opts.modelPath,
    cacheDir: opts.cacheDir,
    normalization,
    provider,
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

async function runTask(
  task: TaskDef,
  opts: EvaluateOptions,
  store: SplitFeatureStore,
  datasets: Map<string, Promise<ClassificationDataset>>,
  seed: number,
): Promise<TaskResult> {
  if (task.category !== 'linear' && task.category !== 'few_shot') {
    return emptyResult(task, 'skipped', `${task.category} tasks need the spatial-map probes, which this runner version does not implement yet`);
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

function src(ds: ClassificationDataset, split: string) {
  return { features: `${ds.dataset} ${split} features`, labels: `${ds.dataset} ${split} labels` };
}

function classCountNote(task: TaskDef, ds: ClassificationDataset): string | null {
  return ds.classes.length === task.numClasses ? null : `data has ${ds.classes.length} classes, the task defines ${task.numClasses} (not comparable with published results)`;
}
