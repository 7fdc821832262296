import type { DatasetSlug } from './types';

/** Images per split as the paper's protocols read them; 0 where a protocol has no such split. */
export interface SplitSizes {
  train: number;
  val: number;
  test: number;
}

/**
 * The official split sizes of each dataset (the paper's splits, docs/datasets.md): what a full
 * evaluation reads, so what the runner's cost model (packages/runner/src/evaluate/eta.ts) prices.
 * Linear datasets without a val split hold out 20% of train for the L2 search (protocols.md).
 * The CD-FSL datasets have one pool of images that episodes are drawn from (as `train`); VOC2007
 * is its classification split (train / val / test); detection adds VOC2012 trainval
 * (DETECTION_EXTRA_TRAIN). NYUv2 is the 795 / 654 normals split, ADE20K the 20,210 / 2,000 one.
 */
export const DATASET_SPLIT_SIZES = {
  aircraft: { train: 3_334, val: 3_333, test: 3_333 },
  caltech101: { train: 3_060, val: 0, test: 6_086 },
  cars: { train: 8_144, val: 0, test: 8_041 },
  cifar10: { train: 50_000, val: 0, test: 10_000 },
  cifar100: { train: 50_000, val: 0, test: 10_000 },
  dtd: { train: 1_880, val: 1_880, test: 1_880 },
  flowers: { train: 1_020, val: 1_020, test: 6_149 },
  food: { train: 75_750, val: 0, test: 25_250 },
  pets: { train: 3_680, val: 0, test: 3_669 },
  sun397: { train: 19_850, val: 0, test: 19_850 },
  voc2007: { train: 2_501, val: 2_510, test: 4_952 },
  cropdiseases: { train: 43_456, val: 0, test: 0 },
  eurosat: { train: 27_000, val: 0, test: 0 },
  isic: { train: 10_015, val: 0, test: 0 },
  chestx: { train: 25_848, val: 0, test: 0 },
  nyuv2: { train: 795, val: 0, test: 654 },
  ade20k: { train: 20_210, val: 2_000, test: 0 },
} as const satisfies Record<DatasetSlug, SplitSizes>;

/** VOC07+12 detection also trains on VOC2012 trainval. */
export const DETECTION_EXTRA_TRAIN = 11_540;

/** Every image of a dataset's splits. */
export function datasetImages(slug: DatasetSlug): number {
  const s: SplitSizes = DATASET_SPLIT_SIZES[slug];
  return s.train + s.val + s.test;
}
