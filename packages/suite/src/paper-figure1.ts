import { CDFSL_DATASETS, DATASET_SHORT_NAMES, KORNBLITH_DATASETS, MANY_SHOT_DATASETS } from './datasets';
import type { DatasetSlug } from './types';
import { modelSlugFromPaperName, readPaperCsv } from './paper-csv';
import { logit, pearson, spearman } from './statistics';

/**
 * The paper's figure-1 analysis recomputed straight from its tables (data/paper/*.csv), by its
 * method, with no part of the platform in between (no seeding, no protocol pooling): per model,
 * x = logit(ImageNet top-1) and y = the mean over the setting's columns of logit(value), then
 * Pearson's r and Spearman's rho over the 14 models. Tests hold the API's `correlation(group:)`
 * to these numbers. (The paper's repository has no analysis code; the method is section 4's.)
 */

const names = (datasets: readonly string[], suffix = '') =>
  datasets.map((d) => `${DATASET_SHORT_NAMES[d as DatasetSlug]}${suffix}`);

/** Where each group's numbers are printed: file, columns, and whether values are fractions (mIoU) rather than percent. */
export const FIGURE1_COLUMNS: Record<string, { file: string; columns: string[]; fraction?: true }> = {
  linear: { file: 'paper-table1-manyshot-linear.csv', columns: names(MANY_SHOT_DATASETS) },
  finetune: { file: 'paper-table1-manyshot-finetune.csv', columns: names(MANY_SHOT_DATASETS) },
  'fewshot-kornblith-20shot': {
    file: 'paper-table2-fewshot-kornblith-5way20shot.csv',
    columns: names(KORNBLITH_DATASETS, '_acc'),
  },
  'fewshot-cdfsl-20shot': { file: 'paper-table3-fewshot-cdfsl-5way20shot.csv', columns: names(CDFSL_DATASETS, '_acc') },
  'fewshot-cdfsl-5shot': {
    file: 'paper-table8-fewshot-cdfsl-5way5shot-50shot.csv',
    columns: names(CDFSL_DATASETS, '_5shot_acc'),
  },
  'fewshot-cdfsl-50shot': {
    file: 'paper-table8-fewshot-cdfsl-5way5shot-50shot.csv',
    columns: names(CDFSL_DATASETS, '_50shot_acc'),
  },
  'detection-frozen': { file: 'paper-table4-detection-voc-fasterrcnn-fpn.csv', columns: ['frozen_AP50'] },
  'detection-finetune': { file: 'paper-table4-detection-voc-fasterrcnn-fpn.csv', columns: ['finetune_AP50'] },
  'surface-normals': { file: 'paper-table5-dense-prediction.csv', columns: ['sn_pct_within_11.25deg'] },
  segmentation: { file: 'paper-table5-dense-prediction.csv', columns: ['seg_ade20k_mean_iou'], fraction: true },
};

export interface Figure1Setting {
  /** Per model slug: [x, y]. */
  points: Map<string, [number, number]>;
  pearson: number;
  spearman: number;
}

export function paperFigure1(group: string): Figure1Setting {
  const where = FIGURE1_COLUMNS[group];
  if (!where) throw new Error(`No figure-1 columns for group "${group}"`);
  const top1 = new Map(
    readPaperCsv('paper-models.csv').map((m) => [
      m.repo_name!,
      Number(m.imagenet_top1_linear_reported_by_authors_TABLE1),
    ]),
  );
  const points = new Map<string, [number, number]>();
  for (const row of readPaperCsv(where.file)) {
    const slug = modelSlugFromPaperName(row.model!);
    if (!top1.has(slug)) continue; // derived rows ("avg", "Correlation to ImageNet")
    const ys = where.columns.map((c) => logit(Number(row[c]) / (where.fraction ? 1 : 100)));
    points.set(slug, [logit(top1.get(slug)! / 100), ys.reduce((a, b) => a + b, 0) / ys.length]);
  }
  const xs = [...points.values()].map((p) => p[0]);
  const ys = [...points.values()].map((p) => p[1]);
  return { points, pearson: pearson(xs, ys)!, spearman: spearman(xs, ys)! };
}
