import { describe, expect, it } from 'vitest';
import { DATASET_SPLIT_SIZES, datasetImages } from './dataset-sizes';
import { DATASETS } from './datasets';
import { DATASET_SLUGS } from './types';

describe('the official split sizes', () => {
  it('cover every dataset, with a training split each', () => {
    expect(Object.keys(DATASET_SPLIT_SIZES).sort()).toEqual([...DATASET_SLUGS].sort());
    for (const slug of DATASET_SLUGS) expect(DATASET_SPLIT_SIZES[slug].train, slug).toBeGreaterThan(0);
  });

  it('agree with the split rules the datasets state', () => {
    // Caltech-101: 30 images per class for training (the paper's split).
    expect(DATASET_SPLIT_SIZES.caltech101.train).toBe(30 * DATASETS.caltech101.numClasses);
    // The sizes the split descriptions spell out.
    expect(DATASETS.nyuv2.splits).toContain(
      `${DATASET_SPLIT_SIZES.nyuv2.train} train / ${DATASET_SPLIT_SIZES.nyuv2.test} test`,
    );
    expect(DATASETS.ade20k.splits).toContain('20,210 train / 2,000 val');
    expect(DATASET_SPLIT_SIZES.ade20k).toMatchObject({ train: 20_210, val: 2_000 });
    expect(datasetImages('food')).toBe(101_000);
    expect(datasetImages('voc2007')).toBe(9_963);
  });
});
