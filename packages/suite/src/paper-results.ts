import { CDFSL_DATASETS, DATASET_SHORT_NAMES, KORNBLITH_DATASETS, MANY_SHOT_DATASETS } from './datasets';
import type { DatasetSlug } from './types';
import { type CsvRow, modelSlugFromPaperName, parseNumber, readPaperCsv } from './paper-csv';
import { registry } from './registry';

/** One number the paper published, addressed by (model, task, metric). */
export interface PaperResult {
  model: string;
  task: string;
  metric: string;
  value: number;
  /** Half-width of the 95% confidence interval, where the paper printed one (few-shot). */
  ci95: number | null;
  /** E.g. "Table 2". */
  table: string;
  /** The CSV cell it came from, for provenance. */
  column: string;
}

type Cell = { task: string; metric: string; column: string; ciColumn?: string };

function manyShot(prefix: 'linear' | 'finetune'): Cell[] {
  return MANY_SHOT_DATASETS.map((d) => {
    const task = `${prefix}-${d}`;
    return { task, metric: registry.task(task).primaryMetric, column: columnName(d) };
  });
}

function fewShot(datasets: readonly string[], shots: number, columnSuffix = ''): Cell[] {
  return datasets.map((d) => ({
    task: `fewshot-${d}-${shots}shot`,
    metric: 'accuracy',
    column: `${columnName(d)}${columnSuffix}_acc`,
    ciColumn: `${columnName(d)}${columnSuffix}_ci95`,
  }));
}

function columnName(dataset: string): string {
  const name = DATASET_SHORT_NAMES[dataset as DatasetSlug];
  if (!name) throw new Error(`No paper column name for dataset ${dataset}`);
  return name;
}

const FIFTY_SHOT_TABLE7 = ['aircraft', 'cifar10', 'cifar100', 'dtd', 'food', 'pets', 'sun397'];

/** How each table of the paper maps onto (task, metric). Tables 9–10 are model properties (models.ts). */
const TABLES: { file: string; table: string; cells: Cell[] }[] = [
  { file: 'paper-table1-manyshot-linear.csv', table: 'Table 1', cells: manyShot('linear') },
  { file: 'paper-table1-manyshot-finetune.csv', table: 'Table 1', cells: manyShot('finetune') },
  { file: 'paper-table2-fewshot-kornblith-5way20shot.csv', table: 'Table 2', cells: fewShot(KORNBLITH_DATASETS, 20) },
  { file: 'paper-table3-fewshot-cdfsl-5way20shot.csv', table: 'Table 3', cells: fewShot(CDFSL_DATASETS, 20) },
  {
    file: 'paper-table4-detection-voc-fasterrcnn-fpn.csv',
    table: 'Table 4',
    cells: (['frozen', 'finetune'] as const).flatMap((mode) =>
      (['AP', 'AP50', 'AP75'] as const).map((m) => ({
        task: `detection-voc-${mode}`,
        metric: m.toLowerCase(),
        column: `${mode}_${m}`,
      })),
    ),
  },
  {
    file: 'paper-table5-dense-prediction.csv',
    table: 'Table 5',
    cells: [
      { task: 'dense-nyuv2-normals', metric: 'mean_angle_error', column: 'sn_nyuv2_mean_angle_err' },
      { task: 'dense-nyuv2-normals', metric: 'median_angle_error', column: 'sn_median_angle_err' },
      { task: 'dense-nyuv2-normals', metric: 'within_11_25', column: 'sn_pct_within_11.25deg' },
      { task: 'dense-nyuv2-normals', metric: 'within_22_5', column: 'sn_pct_within_22.5deg' },
      { task: 'dense-nyuv2-normals', metric: 'within_30', column: 'sn_pct_within_30deg' },
      { task: 'dense-ade20k-segmentation', metric: 'miou', column: 'seg_ade20k_mean_iou' },
      { task: 'dense-ade20k-segmentation', metric: 'pixel_acc', column: 'seg_ade20k_pixel_acc' },
    ],
  },
  { file: 'paper-table6-fewshot-kornblith-5way5shot.csv', table: 'Table 6', cells: fewShot(KORNBLITH_DATASETS, 5) },
  { file: 'paper-table7-fewshot-kornblith-5way50shot.csv', table: 'Table 7', cells: fewShot(FIFTY_SHOT_TABLE7, 50) },
  {
    file: 'paper-table8-fewshot-cdfsl-5way5shot-50shot.csv',
    table: 'Table 8',
    cells: [...fewShot(CDFSL_DATASETS, 5, '_5shot'), ...fewShot(CDFSL_DATASETS, 50, '_50shot')],
  },
];

function cell(row: CsvRow, column: string, where: string): string {
  const raw = row[column];
  if (raw === undefined) throw new Error(`${where}: column "${column}" is missing`);
  return raw;
}

/** Every number of the paper's tables 1–8, one result per (model, task, metric). */
export function loadPaperResults(): PaperResult[] {
  const results: PaperResult[] = [];
  for (const { file, table, cells } of TABLES) {
    for (const row of readPaperCsv(file)) {
      const model = modelSlugFromPaperName(row.model ?? '');
      for (const c of cells) {
        const where = `${file} ${model}`;
        registry.task(c.task); // fails loudly if a mapping names an unknown task
        results.push({
          model,
          task: c.task,
          metric: c.metric,
          value: parseNumber(cell(row, c.column, where), `${where} ${c.column}`),
          ci95: c.ciColumn ? parseNumber(cell(row, c.ciColumn, where), `${where} ${c.ciColumn}`) : null,
          table,
          column: c.column,
        });
      }
    }
  }
  return results;
}
