import type { ProtocolSpec, RunnerProtocolSpec } from './protocols';

/** The vocabulary shared by the suite, the database, the API, the web app and the runner. */

export const TASK_CATEGORIES = ['linear', 'few_shot', 'detection', 'dense', 'finetune'] as const;
export type TaskCategory = (typeof TASK_CATEGORIES)[number];

export const DATASET_SLUGS = [
  'aircraft',
  'caltech101',
  'cars',
  'cifar10',
  'cifar100',
  'dtd',
  'flowers',
  'food',
  'pets',
  'sun397',
  'voc2007',
  'cropdiseases',
  'eurosat',
  'isic',
  'chestx',
  'nyuv2',
  'ade20k',
] as const;
export type DatasetSlug = (typeof DATASET_SLUGS)[number];

/** The input normalisation a model expects: ImageNet mean/std, or pixels in [0, 1] (SimCLR). */
export const NORMALIZATIONS = ['imagenet', 'none'] as const;
export type Normalization = (typeof NORMALIZATIONS)[number];

export function isNormalization(value: unknown): value is Normalization {
  return (NORMALIZATIONS as readonly unknown[]).includes(value);
}

/**
 * Where a result comes from: the paper's tables, or a Transferboard runner. The comparability
 * rule never ranks the two against each other.
 */
export const RESULT_SOURCES = ['reported', 'measured'] as const;
export type ResultSource = (typeof RESULT_SOURCES)[number];

/**
 * The GraphQL API spells this vocabulary in upper case (`LINEAR`, `FEW_SHOT`, `IMAGENET`,
 * `REPORTED`); these keep the two spellings tied together in the types.
 */
export const upperCase = <T extends string>(value: T): Uppercase<T> => value.toUpperCase() as Uppercase<T>;
export const lowerCase = <T extends string>(value: T): Lowercase<T> => value.toLowerCase() as Lowercase<T>;

/** Where a metric's value lives: percent (0–100), degrees, or a fraction (0–1, as the paper prints mIoU). */
export type MetricUnit = 'percent' | 'degrees' | 'fraction';

export interface MetricDef {
  id: string;
  title: string;
  unit: MetricUnit;
  higherIsBetter: boolean;
  /** Bounded in [0, 1] after unit conversion, so the paper's logit transform applies. */
  bounded: boolean;
}

/** Stable id + version stored with every result (rankings never mix them), one line for people, typed parameters. */
export type { ProtocolSpec, RunnerProtocolSpec } from './protocols';

export interface TaskDef {
  slug: string;
  title: string;
  category: TaskCategory;
  dataset: DatasetSlug;
  /** Classes of the dataset (for few-shot tasks: of the pool episodes are drawn from). */
  numClasses: number;
  primaryMetric: string;
  secondaryMetrics: readonly string[];
  /** What the Transferboard runner computes for measured results; null where it cannot (fine-tuning). */
  protocol: RunnerProtocolSpec | null;
  /** What the paper did for its reported numbers. */
  paperProtocol: ProtocolSpec;
  version: number;
}

export interface SuiteDef {
  slug: string;
  title: string;
  description: string;
  version: number;
  taskSlugs: readonly string[];
  /** Where the task list and the reported numbers come from, and the evidence for a reconstruction. */
  provenance: SuiteProvenance;
  /** The paper's analysis settings (figure 1) over this suite's tasks. */
  analysisGroups: readonly AnalysisGroupDef[];
}

export interface SuiteProvenance {
  /** Where the suite's REPORTED numbers come from. */
  reportedNumbers: string;
  /** Where the task list comes from. */
  taskList: string;
  /** True when no published list of the version's tasks exists and this one was reconstructed. */
  reconstructed: boolean;
  /** Evidence that the reconstruction matches the version it stands for (empty when not reconstructed). */
  evidenceFor: readonly string[];
  /** Evidence that it may not. */
  evidenceAgainst: readonly string[];
}

/**
 * One setting of the paper's correlation analysis (figure 1): tasks whose values are averaged
 * (per model, after the logit transform) into one point. All its tasks share one paper protocol,
 * and only results on that protocol are pooled.
 */
export interface AnalysisGroupDef {
  slug: string;
  title: string;
  /** A metric id every task of the group has, or 'primary': each task's primary metric (they differ). */
  metric: string;
  taskSlugs: readonly string[];
}

export interface DatasetDef {
  slug: DatasetSlug;
  title: string;
  numClasses: number;
  homepage: string;
  splits: string;
}
