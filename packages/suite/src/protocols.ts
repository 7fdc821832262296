import type { ProtocolSpec } from './types';

/**
 * Protocols as data. Linear and few-shot: the runner reproduces the paper exactly, so reported
 * and measured results share one protocol id and rank together. Detection and dense: the paper
 * fine-tuned detectron2 / PSPNet heads; the runner fits frozen-feature probes instead, under its
 * own ids, so the two are never ranked together silently.
 */

export const L2_GRID = { from: 1e-6, to: 1e5, count: 45, spacing: 'log' } as const;
const PREPROCESSING = 'resize shorter side 224 (bicubic), centre crop 224, ImageNet mean/std unless the model declares none';

export function linearProtocol(validation: 'official' | 'random-20pct', multiLabel: boolean): ProtocolSpec {
  return {
    id: 'linear-lbfgs',
    version: 1,
    description:
      'Frozen pooled features; multinomial logistic regression (L-BFGS, softmax cross-entropy + L2); ' +
      'L2 from 45 log-spaced values in [1e-6, 1e5] chosen on validation; refit on train+val; scored on test.',
    params: {
      features: 'pooled',
      preprocessing: PREPROCESSING,
      solver: 'lbfgs',
      loss: multiLabel ? 'binary-cross-entropy-per-class' : 'softmax-cross-entropy',
      l2Grid: L2_GRID,
      validation: validation === 'official' ? { kind: 'official' } : { kind: 'random', fraction: 0.2, seed: 0 },
      refit: 'train+val',
      ...(multiLabel ? { difficult: 'negative' } : {}),
      calibration: { eceBins: 15, temperatureScaling: true },
    },
  };
}

export function fewShotProtocol(shots: number): ProtocolSpec {
  return {
    id: 'fewshot-protonet',
    version: 1,
    description: `Frozen pooled features; 5-way ${shots}-shot episodes, 15 queries per class, 600 seeded episodes from train+val+test pooled; nearest class mean (squared Euclidean); mean accuracy ± 1.96·std/√600.`,
    params: { features: 'pooled', preprocessing: PREPROCESSING, ways: 5, shots, queries: 15, episodes: 600, pool: 'train+val+test', distance: 'squared-euclidean', ci: '1.96*std/sqrt(episodes)' },
  };
}

export const FINETUNE_PAPER: ProtocolSpec = {
  id: 'finetune-sgd',
  version: 1,
  description: 'Paper: whole network fine-tuned with SGD (Nesterov, cosine LR, 5,000 steps, batch 64), lr × wd grid on validation.',
  params: { steps: 5000, batch: 64, optimizer: 'sgd-nesterov', momentum: 0.9, schedule: 'cosine', lr: [1e-1, 1e-2, 1e-3, 1e-4], wd: [0, 1e-6, 1e-5, 1e-4, 1e-3] },
};

export const DETECTION_FROZEN_PAPER: ProtocolSpec = {
  id: 'detection-frcnn-fpn-frozen',
  version: 1,
  description: 'Paper: detectron2 Faster R-CNN + FPN on VOC07+12 trainval, backbone frozen up to res4 (FREEZE_AT 4), 144k iterations; VOC07 test.',
  params: { framework: 'detectron2', config: 'Base-RCNN-FPN', freezeAt: 4, iterations: 144000, lr: 0.0025, batch: 2 },
};

export const DETECTION_FINETUNE_PAPER: ProtocolSpec = {
  id: 'detection-frcnn-fpn-finetune',
  version: 1,
  description: 'Paper: detectron2 Faster R-CNN + FPN on VOC07+12 trainval, all layers trained (FREEZE_AT 0); VOC07 test.',
  params: { framework: 'detectron2', config: 'Base-RCNN-FPN', freezeAt: 0, iterations: 144000, lr: 0.0025, batch: 2 },
};

export const DETECTION_FROZEN_RUNNER = {
  id: 'detection-frozen-probe',
  version: 1,
  description: 'Runner: per-location linear heads on frozen spatial maps (logistic-regression classification over 20 classes + background, ridge box regression), NMS; VOC07 test AP50 / AP / AP75.',
  params: { features: 'spatial', classifier: 'logistic-regression', boxes: 'ridge', nmsIou: 0.5, train: 'voc07+12 trainval', test: 'voc07 test' },
} as const satisfies ProtocolSpec;

export const NORMALS_PAPER: ProtocolSpec = {
  id: 'normals-pspnet-frozen',
  version: 1,
  description: 'Paper: PSPNet-style decoder (dilated ResNet-50, PPM) trained on frozen features, 40-direction normal codebook, 150 epochs; NYUv2 795 / 654.',
  params: { decoder: 'ppm', codebook: 40, epochs: 150, lr: 0.02, frozen: true },
};

export const NORMALS_RUNNER = {
  id: 'normals-frozen-probe',
  version: 1,
  description: 'Runner: per-pixel linear head on upsampled frozen spatial maps (classification over a 40-direction normal codebook); angular errors over valid pixels.',
  params: { features: 'spatial', codebook: 40, head: 'logistic-regression', train: 795, test: 654 },
} as const satisfies ProtocolSpec;

export const SEGMENTATION_PAPER: ProtocolSpec = {
  id: 'segmentation-upernet-finetune',
  version: 1,
  description: 'Paper: CSAIL semantic-segmentation toolkit, UperNet decoder, whole network trained 150k iterations; ADE20K val.',
  params: { decoder: 'upernet', iterations: 150000, lr: 0.02, frozen: false },
};
