import type { ProtocolSpec, RunnerProtocolId } from '@transferboard/suite/protocols';
import type { Normalization, TaskDef } from '@transferboard/suite/types';
import type { ClassificationDataset } from '../datasets/types';
import type { SplitFeatureStore } from '../evaluate/split-features';
import type { ExtractionPlan } from '../gpu/device-plan';
import type { ProviderRequest } from '../onnx/providers';
import type { Progress } from '../progress/progress';

export type TaskStatus = 'ok' | 'failed' | 'missing-data' | 'skipped';

export interface TaskResult {
  task: string;
  taskVersion: number;
  category: TaskDef['category'];
  dataset: string;
  status: TaskStatus;
  /** The protocol the number was measured under (the task's runner protocol); null where the runner has none. */
  protocol: { id: string; version: number } | null;
  /** Settings changed from the protocol's (smoke runs): such a number is not the protocol's, and is never reported. */
  overrides: Record<string, unknown> | null;
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
  /** sha256 over the dataset's file list and sizes (datasets/fingerprint.ts); every task that read data has one. */
  datasetFingerprint?: string | null;
}

/** A task whose runner protocol is `K`. */
export type TaskWith<K extends RunnerProtocolId> = TaskDef & { protocol: ProtocolSpec<K> };

/** What a protocol needs from the evaluation around it. */
export interface ProtocolContext {
  modelPath: string;
  dataRoot: string;
  cacheDir: string;
  /** Pooled features per dataset split and preprocessing, extracted once per evaluation. */
  store: SplitFeatureStore;
  dataset(slug: string): Promise<ClassificationDataset>;
  /** Seed of the linear validation split and the few-shot episodes (default: the protocol's, the paper's 0). */
  seed?: number;
  /** Non-standard few-shot settings (small data, smoke tests): recorded as overrides. */
  fewShot?: { episodes?: number; queries?: number };
  plan: ExtractionPlan;
  provider: ProviderRequest;
  normalization: Normalization;
  /** The intake's decision (declared or default), so every dense task reads the same maps. */
  spatialOutputs: string[];
  threads?: number;
  /** Where extraction and fits report progress (silent unless the command asked for it). */
  progress: Progress;
  log: (message: string) => void;
}

export function emptyResult(task: TaskDef, status: TaskStatus, message: string | null): TaskResult {
  return {
    task: task.slug,
    taskVersion: task.version,
    category: task.category,
    dataset: task.dataset,
    status,
    protocol: task.protocol ? { id: task.protocol.id, version: task.protocol.version } : null,
    overrides: null,
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

/** A note when the data's classes differ from the task's: the number is then not comparable with published ones. */
export function classCountNote(task: TaskDef, ds: ClassificationDataset): string | null {
  return ds.classes.length === task.numClasses
    ? null
    : `data has ${ds.classes.length} classes, the task defines ${task.numClasses} (not comparable with published results)`;
}
