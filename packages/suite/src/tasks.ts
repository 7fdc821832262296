import {
  CDFSL_DATASETS,
  DATASET_SHORT_NAMES,
  DATASETS,
  FIFTY_SHOT_KORNBLITH_DATASETS,
  KORNBLITH_DATASETS,
  MANY_SHOT_DATASETS,
} from './datasets';
import {
  DETECTION_FINETUNE_PAPER,
  DETECTION_FROZEN_PAPER,
  DETECTION_FROZEN_RUNNER,
  FINETUNE_PAPER,
  fewShotProtocol,
  linearProtocol,
  NORMALS_PAPER,
  NORMALS_RUNNER,
  SEGMENTATION_PAPER,
} from './protocols';
import type { DatasetSlug, TaskDef } from './types';
import { paperProtocolBeforeBump } from './versions';

type ManyShotDataset = (typeof MANY_SHOT_DATASETS)[number];

/** The paper reports mean per-class accuracy where classes are imbalanced, 11-point mAP for VOC. */
const MANY_SHOT_METRIC: Record<ManyShotDataset, 'top1' | 'mean_per_class' | 'map11'> = {
  aircraft: 'mean_per_class',
  caltech101: 'mean_per_class',
  cars: 'top1',
  cifar10: 'top1',
  cifar100: 'top1',
  dtd: 'top1',
  flowers: 'mean_per_class',
  food: 'top1',
  pets: 'mean_per_class',
  sun397: 'top1',
  voc2007: 'map11',
};
/** Datasets whose own validation split the paper used; the rest hold out a seeded 20% of train. */
const OFFICIAL_VAL = new Set<DatasetSlug>(['aircraft', 'dtd', 'flowers', 'voc2007']);

export function datasetShortName(slug: DatasetSlug): string {
  return DATASET_SHORT_NAMES[slug];
}

function linearTask(dataset: ManyShotDataset): TaskDef {
  const protocol = linearProtocol(OFFICIAL_VAL.has(dataset) ? 'official' : 'random-20pct', dataset === 'voc2007');
  return {
    slug: `linear-${dataset}`,
    title: `${DATASET_SHORT_NAMES[dataset]} · linear`,
    category: 'linear',
    dataset,
    numClasses: DATASETS[dataset].numClasses,
    primaryMetric: MANY_SHOT_METRIC[dataset],
    secondaryMetrics: ['ece', 'ece_temp_scaled'],
    protocol,
    paperProtocol: protocol,
    version: 1,
  };
}

function finetuneTask(dataset: ManyShotDataset): TaskDef {
  return {
    slug: `finetune-${dataset}`,
    title: `${DATASET_SHORT_NAMES[dataset]} · fine-tune`,
    category: 'finetune',
    dataset,
    numClasses: DATASETS[dataset].numClasses,
    primaryMetric: MANY_SHOT_METRIC[dataset],
    secondaryMetrics: [],
    protocol: null,
    paperProtocol: FINETUNE_PAPER,
    version: 1,
  };
}

function fewShotTask(dataset: DatasetSlug, shots: 5 | 20 | 50): TaskDef {
  const protocol = fewShotProtocol(shots, dataset);
  return {
    slug: `fewshot-${dataset}-${shots}shot`,
    title: `${DATASET_SHORT_NAMES[dataset]} · 5-way ${shots}-shot`,
    category: 'few_shot',
    dataset,
    numClasses: DATASETS[dataset].numClasses,
    primaryMetric: 'accuracy',
    secondaryMetrics: [],
    protocol,
    paperProtocol: protocol,
    version: 1,
  };
}

const DETECTION_AND_DENSE: TaskDef[] = [
  {
    slug: 'detection-voc-frozen',
    title: 'VOC07+12 detection · frozen',
    category: 'detection',
    dataset: 'voc2007',
    numClasses: 20,
    primaryMetric: 'ap50',
    secondaryMetrics: ['ap', 'ap75'],
    protocol: DETECTION_FROZEN_RUNNER,
    paperProtocol: DETECTION_FROZEN_PAPER,
    version: 1,
  },
  {
    slug: 'detection-voc-finetune',
    title: 'VOC07+12 detection · fine-tune',
    category: 'detection',
    dataset: 'voc2007',
    numClasses: 20,
    primaryMetric: 'ap50',
    secondaryMetrics: ['ap', 'ap75'],
    protocol: null,
    paperProtocol: DETECTION_FINETUNE_PAPER,
    version: 1,
  },
  {
    slug: 'dense-nyuv2-normals',
    title: 'NYUv2 surface normals',
    category: 'dense',
    dataset: 'nyuv2',
    numClasses: 40,
    primaryMetric: 'mean_angle_error',
    secondaryMetrics: ['median_angle_error', 'within_11_25', 'within_22_5', 'within_30'],
    protocol: NORMALS_RUNNER,
    paperProtocol: NORMALS_PAPER,
    version: 1,
  },
  {
    slug: 'dense-ade20k-segmentation',
    title: 'ADE20K segmentation',
    category: 'dense',
    dataset: 'ade20k',
    numClasses: 150,
    primaryMetric: 'miou',
    secondaryMetrics: ['pixel_acc'],
    protocol: null,
    paperProtocol: SEGMENTATION_PAPER,
    version: 1,
  },
];

/** Every task the platform knows, in display order. */
export const TASKS: readonly TaskDef[] = [
  ...MANY_SHOT_DATASETS.map(linearTask),
  ...MANY_SHOT_DATASETS.map(finetuneTask),
  ...KORNBLITH_DATASETS.map((d) => fewShotTask(d, 20)),
  ...CDFSL_DATASETS.flatMap((d) => [fewShotTask(d, 5), fewShotTask(d, 20), fewShotTask(d, 50)]),
  ...KORNBLITH_DATASETS.map((d) => fewShotTask(d, 5)),
  ...FIFTY_SHOT_KORNBLITH_DATASETS.map((d) => fewShotTask(d, 50)),
  ...DETECTION_AND_DENSE,
].map(paperProtocolBeforeBump) satisfies readonly TaskDef[];
