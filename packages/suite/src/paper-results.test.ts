import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPaperModels } from './models';
import { loadPaperResults } from './paper-results';
import { registry } from './registry';

const results = loadPaperResults();
const find = (model: string, task: string, metric: string) =>
  results.filter((r) => r.model === model && r.task === task && r.metric === metric);

describe('paper results', () => {
  it('covers every numeric cell of tables 1–8 except the derived averages and ImageNet column', () => {
    const dir = new URL('../data/paper/', import.meta.url);
    const files = [
      'table1-manyshot-linear',
      'table1-manyshot-finetune',
      'table2-fewshot-kornblith-5way20shot',
      'table3-fewshot-cdfsl-5way20shot',
      'table4-detection-voc-fasterrcnn-fpn',
      'table5-dense-prediction',
      'table6-fewshot-kornblith-5way5shot',
      'table7-fewshot-kornblith-5way50shot',
      'table8-fewshot-cdfsl-5way5shot-50shot',
    ];
    let valueCells = 0;
    for (const f of files) {
      const [header, ...rows] = readFileSync(new URL(`paper-${f}.csv`, dir), 'utf8')
        .trim()
        .split(/\r?\n/);
      const cols = header!
        .split(',')
        .filter((c) => c !== 'model' && c !== 'avg' && !c.startsWith('imagenet') && !c.endsWith('_ci95'));
      valueCells += cols.length * rows.length;
    }
    expect(results).toHaveLength(valueCells);
    expect(new Set(results.map((r) => `${r.model}|${r.task}|${r.metric}`)).size).toBe(results.length);
  });

  it('reads exact values, CIs and source tables', () => {
    expect(find('deepcluster-v2', 'linear-aircraft', 'mean_per_class')[0]).toMatchObject({
      value: 54.49,
      table: 'Table 1',
      ci95: null,
    });
    expect(find('simclr-v2', 'detection-voc-frozen', 'ap50')[0]).toMatchObject({ value: 82.34, table: 'Table 4' });
    expect(find('insdis', 'fewshot-chestx-50shot', 'accuracy')[0]).toMatchObject({
      value: 31.77,
      ci95: 0.44,
      table: 'Table 8',
    });
    expect(find('pcl-v1', 'dense-ade20k-segmentation', 'miou')[0]).toMatchObject({ value: 0.2983, table: 'Table 5' });
    expect(find('supervised', 'fewshot-sun397-50shot', 'accuracy')).toHaveLength(1);
  });

  it('names only known tasks and the 14 paper models', () => {
    const models = new Set(loadPaperModels().map((m) => m.slug));
    expect(models.size).toBe(14);
    for (const r of results) {
      expect(registry.hasTask(r.task)).toBe(true);
      expect(models.has(r.model)).toBe(true);
    }
  });

  it('gives every ssl-transfer-v1 task a primary-metric value for all 14 models', () => {
    for (const task of registry.suiteTasks('ssl-transfer-v1')) {
      expect(results.filter((r) => r.task === task.slug && r.metric === task.primaryMetric)).toHaveLength(14);
    }
  });
});

describe('paper models', () => {
  it('reads provenance and table 9–10 properties', () => {
    const simclr = loadPaperModels().find((m) => m.slug === 'simclr-v1')!;
    expect(simclr).toMatchObject({
      name: 'SimCLR-v1',
      family: 'contrastive',
      imagenetTop1: 69.3,
      normalization: 'none',
      pretrainEpochs: 1000,
    });
    expect(simclr.properties).toContainEqual({ key: 'ece_linear_unscaled', value: 8.45, source: 'Table 9' });
    const insdis = loadPaperModels().find((m) => m.slug === 'insdis')!;
    expect(insdis.properties).toContainEqual({ key: 'pretrain_memory_bank', value: 'Y', source: 'Table 10' });
    expect(insdis.stateDictPrefix).toBe('module.encoder.');
  });
});
