import { modelSlugFromPaperName, parseNumber, readPaperCsv } from './paper-csv';
import type { Normalization } from './types';

export type ModelFamily = 'contrastive' | 'clustering' | 'supervised';

export interface ModelProperty {
  key: string;
  value: number | string;
  /** Where the value comes from, e.g. "Table 9". */
  source: string;
}

export interface PaperModel {
  slug: string;
  name: string;
  family: ModelFamily;
  architecture: 'resnet50';
  imagenetTop1: number;
  pretrainEpochs: number;
  pretrainBatch: number;
  checkpointUrl: string;
  checkpointNotes: string;
  normalization: Normalization;
  stateDictPrefix: string;
  properties: ModelProperty[];
}

function family(raw: string): ModelFamily {
  const lower = raw.toLowerCase();
  if (lower.startsWith('supervised')) return 'supervised';
  if (lower.startsWith('clustering')) return 'clustering';
  if (lower.startsWith('contrastive')) return 'contrastive';
  throw new Error(`paper-models.csv: unknown family "${raw}"`);
}

const TABLE9_SOURCE = 'Table 9';
const TABLE10_SOURCE = 'Table 10';
const TABLE1_SOURCE = 'Table 1';

function propertiesByModel(): Map<string, ModelProperty[]> {
  const props = new Map<string, ModelProperty[]>();
  const add = (slug: string, p: ModelProperty) => props.set(slug, [...(props.get(slug) ?? []), p]);
  for (const row of readPaperCsv('paper-table9-calibration-reconstruction-attention.csv')) {
    const name = row.model ?? '';
    if (name.startsWith('Correlation')) continue; // the paper's derived row, recomputed live instead
    for (const [key, raw] of Object.entries(row)) {
      if (key !== 'model')
        add(modelSlugFromPaperName(name), {
          key,
          value: parseNumber(raw, `Table 9 ${name} ${key}`),
          source: TABLE9_SOURCE,
        });
    }
  }
  for (const row of readPaperCsv('paper-table10-pretraining-details.csv')) {
    const slug = modelSlugFromPaperName(row.model ?? '');
    for (const [key, raw] of Object.entries(row)) {
      if (key === 'model') continue;
      const numeric = key === 'epochs' || key === 'batch_size';
      add(slug, {
        key: `pretrain_${key}`,
        value: numeric ? parseNumber(raw, `Table 10 ${slug} ${key}`) : raw,
        source: TABLE10_SOURCE,
      });
    }
  }
  for (const [file, key] of [
    ['paper-table1-manyshot-linear.csv', 'paper_linear_avg'],
    ['paper-table1-manyshot-finetune.csv', 'paper_finetune_avg'],
  ] as const) {
    for (const row of readPaperCsv(file)) {
      add(modelSlugFromPaperName(row.model ?? ''), {
        key,
        value: parseNumber(row.avg ?? '', `${file} avg`),
        source: TABLE1_SOURCE,
      });
    }
  }
  return props;
}

/** The paper's 14 ResNet-50 models with their provenance, in the paper's order (by ImageNet top-1). */
export function loadPaperModels(): PaperModel[] {
  const props = propertiesByModel();
  return readPaperCsv('paper-models.csv').map((row) => {
    const slug = row.repo_name ?? '';
    return {
      slug,
      name: row.paper_name ?? slug,
      family: family(row.family_per_paper_sec3 ?? ''),
      architecture: 'resnet50' as const,
      imagenetTop1: parseNumber(row.imagenet_top1_linear_reported_by_authors_TABLE1 ?? '', `${slug} imagenet top-1`),
      pretrainEpochs: parseNumber(row.pretrain_epochs_TABLE10 ?? '', `${slug} epochs`),
      pretrainBatch: parseNumber(row.pretrain_batch_TABLE10 ?? '', `${slug} batch`),
      checkpointUrl: row.checkpoint_url_README ?? '',
      checkpointNotes: row.checkpoint_source_notes ?? '',
      normalization: (row.input_normalisation ?? '').startsWith('NO') ? 'none' : 'imagenet',
      stateDictPrefix: row['state_dict_prefix_stripped_in_download_and_prepare_models.py'] ?? '',
      properties: props.get(slug) ?? [],
    };
  });
}
