import { CDFSL_DATASETS, KORNBLITH_DATASETS, MANY_SHOT_DATASETS } from './datasets';
import type { SuiteDef } from './types';

export const SSL_TRANSFER_V1: SuiteDef = {
  slug: 'ssl-transfer-v1',
  title: 'SSL transfer, 25 tasks (arXiv v1, Nov 2020)',
  description:
    "The 25-task suite of the paper's first version: 11 many-shot linear tasks, cross-domain few-shot (CD-FSL) at 5, 20 " +
    'and 50 shots, VOC detection with a frozen backbone and NYUv2 surface normals. That version did not publish its ' +
    'task list; this one is reconstructed from its code and README.',
  version: 1,
  taskSlugs: [
    ...MANY_SHOT_DATASETS.map((d) => `linear-${d}`),
    ...CDFSL_DATASETS.flatMap((d) => [5, 20, 50].map((k) => `fewshot-${d}-${k}shot`)),
    'detection-voc-frozen',
    'dense-nyuv2-normals',
  ],
};

export const SSL_TRANSFER_CVPR: SuiteDef = {
  slug: 'ssl-transfer-cvpr',
  title: 'SSL transfer, 40 tasks (CVPR 2021)',
  description:
    'The 40 tasks of the CVPR 2021 version: many-shot linear and fine-tuned classification on 11 datasets, 5-way ' +
    '20-shot few-shot on 10 Kornblith and 4 CD-FSL datasets, VOC detection frozen and fine-tuned, NYUv2 surface ' +
    'normals and ADE20K segmentation.',
  version: 1,
  taskSlugs: [
    ...MANY_SHOT_DATASETS.map((d) => `linear-${d}`),
    ...MANY_SHOT_DATASETS.map((d) => `finetune-${d}`),
    ...KORNBLITH_DATASETS.map((d) => `fewshot-${d}-20shot`),
    ...CDFSL_DATASETS.map((d) => `fewshot-${d}-20shot`),
    'detection-voc-frozen',
    'detection-voc-finetune',
    'dense-nyuv2-normals',
    'dense-ade20k-segmentation',
  ],
};

export const SUITES: readonly SuiteDef[] = [SSL_TRANSFER_V1, SSL_TRANSFER_CVPR];
