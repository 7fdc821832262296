import { CDFSL_DATASETS, KORNBLITH_DATASETS, MANY_SHOT_DATASETS } from './datasets';
import type { AnalysisGroupDef, SuiteDef } from './types';

const REPO = 'github.com/linusericsson/ssl-transfer';

const fewShotSlugs = (datasets: readonly string[], shots: number) => datasets.map((d) => `fewshot-${d}-${shots}shot`);

function cdfslGroup(shots: 5 | 20 | 50): AnalysisGroupDef {
  const slug = `fewshot-cdfsl-${shots}shot`;
  return {
    slug,
    title: `Few-shot, CD-FSL (5-way ${shots}-shot)`,
    metric: 'accuracy',
    taskSlugs: fewShotSlugs(CDFSL_DATASETS, shots),
  };
}

/** The paper's figure-1 settings, by group slug; each suite picks those its tasks cover. */
const GROUPS = {
  linear: {
    slug: 'linear',
    title: 'Many-shot linear',
    metric: 'primary',
    taskSlugs: MANY_SHOT_DATASETS.map((d) => `linear-${d}`),
  },
  finetune: {
    slug: 'finetune',
    title: 'Many-shot fine-tuned',
    metric: 'primary',
    taskSlugs: MANY_SHOT_DATASETS.map((d) => `finetune-${d}`),
  },
  'fewshot-kornblith-20shot': {
    slug: 'fewshot-kornblith-20shot',
    title: 'Few-shot, Kornblith datasets (5-way 20-shot)',
    metric: 'accuracy',
    taskSlugs: fewShotSlugs(KORNBLITH_DATASETS, 20),
  },
  'fewshot-cdfsl-5shot': cdfslGroup(5),
  'fewshot-cdfsl-20shot': cdfslGroup(20),
  'fewshot-cdfsl-50shot': cdfslGroup(50),
  'detection-frozen': {
    slug: 'detection-frozen',
    title: 'Detection, frozen backbone (AP50)',
    metric: 'ap50',
    taskSlugs: ['detection-voc-frozen'],
  },
  'detection-finetune': {
    slug: 'detection-finetune',
    title: 'Detection, fine-tuned (AP50)',
    metric: 'ap50',
    taskSlugs: ['detection-voc-finetune'],
  },
  'surface-normals': {
    slug: 'surface-normals',
    title: 'Surface normals (% within 11.25°)',
    metric: 'within_11_25',
    taskSlugs: ['dense-nyuv2-normals'],
  },
  segmentation: {
    slug: 'segmentation',
    title: 'Semantic segmentation (mIoU)',
    metric: 'miou',
    taskSlugs: ['dense-ade20k-segmentation'],
  },
} satisfies Record<string, AnalysisGroupDef>;

const groups = (...slugs: (keyof typeof GROUPS)[]): AnalysisGroupDef[] => slugs.map((s) => GROUPS[s]);

export const SSL_TRANSFER_V1: SuiteDef = {
  slug: 'ssl-transfer-v1',
  title: 'SSL transfer, 25 tasks (arXiv v1, Nov 2020)',
  description:
    "The 25-task suite of the paper's first version: 11 many-shot linear tasks, cross-domain few-shot (CD-FSL) at 5, 20 " +
    'and 50 shots, VOC detection with a frozen backbone and NYUv2 surface normals. That version did not publish its ' +
    "task list; this one is reconstructed from its code and README. Its reported numbers are the CVPR 2021 version's tables.",
  version: 1,
  taskSlugs: [
    ...MANY_SHOT_DATASETS.map((d) => `linear-${d}`),
    ...CDFSL_DATASETS.flatMap((d) => [5, 20, 50].map((k) => `fewshot-${d}-${k}shot`)),
    'detection-voc-frozen',
    'dense-nyuv2-normals',
  ],
  provenance: {
    reportedNumbers:
      "The first version's tables are not in this project's material, so the REPORTED numbers on this suite are the " +
      "CVPR 2021 version's tables (tables 1, 3, 4, 5 and 8) for the same 14 models. Where the first version printed " +
      'another value, it is not shown here.',
    taskList:
      'Reconstructed, not published: the 25-task count of the first version (arXiv 2011.13377v1, Nov 2020), filled ' +
      `with the tasks its code and README of the time evaluate (${REPO}, commits of 22 Nov 2020 to 27 Jan 2021).`,
    reconstructed: true,
    evidenceFor: [
      'The code of that time has exactly two evaluations: many_shot_eval.py (linear) and few_shot_eval.py, whose ' +
        'datasets are the four CD-FSL sets alone (CropDiseases, EuroSAT, ISIC, ChestX). Its README quotes 5-way ' +
        '5-shot EuroSAT and 5-way 50-shot ChestX from "Table 2" (88.39 ± 0.49 for DeepCluster-v2 and 32.34 ± 0.45 ' +
        'for supervised, as the CVPR table 8 prints them): CD-FSL at several shot counts, and no Kornblith few-shot.',
      `Issue #1 of ${REPO} (8 Feb 2021, between the first and the CVPR version) quotes "table 3 frozen backbone" ` +
        'detection for the supervised model: AP 51.99, AP50 81.53, AP75 56.21, the numbers of the CVPR table 4. So ' +
        'the first version had frozen-backbone VOC detection, as its third table.',
      '11 linear + 4 CD-FSL datasets × 3 shot counts + detection + surface normals = 25, the count of the first version.',
    ],
    evidenceAgainst: [
      'The code of that time also had a Birdsnap reader (datasets/birdsnap.py, added 22 Nov 2020 in 674c1d6, removed ' +
        '8 Feb 2021 in e433c8e "removed birdsnap"): the first version may have had a Birdsnap linear task, which this ' +
        'list lacks.',
      'In the same issue #1 the reporter asks for the configurations of the "frozen and fine-tune experiments", and ' +
        'the author answers about the fine-tuning configs and re-running "the end-to-end finetuning": the first version ' +
        'may already have had fine-tuned detection, which this list lacks.',
      'No dense-prediction code was published before 18 Mar 2021 (31997e7): surface normals in the first version ' +
        'rest on the task count alone.',
      'Not every number of the first version equals the CVPR one: its README quotes CIFAR-10 linear at 94.07% for ' +
        'DeepCluster-v2 ("reported in Table 1") and 91.47% for supervised, where the CVPR table 1 prints 94.02 and 91.42.',
    ],
  },
  analysisGroups: groups(
    'linear',
    'fewshot-cdfsl-5shot',
    'fewshot-cdfsl-20shot',
    'fewshot-cdfsl-50shot',
    'detection-frozen',
    'surface-normals',
  ),
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
  provenance: {
    reportedNumbers: "The CVPR 2021 version's tables 1–5 (40 tasks, 14 models).",
    taskList: "The CVPR 2021 version's own: the 40 tasks of its tables 1–5.",
    reconstructed: false,
    evidenceFor: [],
    evidenceAgainst: [],
  },
  analysisGroups: groups(
    'linear',
    'finetune',
    'fewshot-kornblith-20shot',
    'fewshot-cdfsl-20shot',
    'detection-frozen',
    'detection-finetune',
    'surface-normals',
    'segmentation',
  ),
};

export const SUITES: readonly SuiteDef[] = [SSL_TRANSFER_V1, SSL_TRANSFER_CVPR];
