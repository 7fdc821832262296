import { join } from 'node:path';
import { PROTOCOLS } from '@transferboard/suite/protocols';
import { readNyuv2Normals } from '../datasets/nyuv2';
import { readVocDetection } from '../datasets/voc';
import { datasetFingerprint } from '../datasets/fingerprint';
import {
  extractSpatialFeatures,
  type SpatialExtractOptions,
  type SpatialFeatures,
  type SpatialMapInfo,
} from '../features/spatial';
import type { Normalization } from '@transferboard/suite/types';
import type { ExecutionProvider } from '../onnx/runtime';
import type { Progress } from '../progress/progress';
import { runDetectionProbe, type DetectionProbeOptions } from './detection-probe';
import { runNormalsProbe, type NormalsProbeOptions } from './normals-probe';

/**
 * The two frozen-feature probe protocols end to end: read the dataset, extract (or reuse
 * cached) spatial maps for train and test, run the probe. The protocol registry
 * (src/protocols/registry.ts) calls `evaluateDetection` for `detection-frozen-probe` and
 * `evaluateNormals` for `normals-frozen-probe`; their settings default to the suite's
 * declaration of each protocol.
 */

export interface DenseTaskOptions {
  modelPath: string;
  /** Folder holding voc2007/, voc2012/, nyuv2/ (docs/datasets.md). */
  dataRoot: string;
  cacheDir: string;
  /** Side of the square input the images are warped to (default: the protocol's, 224). */
  inputSize?: number;
  /** Scales to extract, coarsest first (default 1); the probes' `scale` option picks one. */
  scales?: number;
  spatialOutputs?: string[];
  normalization?: Normalization;
  batchSize?: number;
  threads?: number;
  provider?: ExecutionProvider;
  detection?: DetectionProbeOptions;
  normals?: NormalsProbeOptions;
  /** Spatial extraction's progress (silent by default). */
  progress?: Progress;
  log?: (message: string) => void;
}

export interface DenseTaskResult {
  protocol: { id: 'detection-frozen-probe' | 'normals-frozen-probe'; version: number };
  /** Primary metric id (packages/suite metrics) and its value. */
  metric: 'ap50' | 'mean_angle_error';
  value: number;
  metrics: Record<string, number>;
  /**
   * The maps the probe read: each one's [C, h, w], and for a ViT's token sequence how it was laid
   * out (tokens, prefix tokens dropped, patch size): the provenance of a dense result.
   */
  model: { sha256: string; spatialOutputs: string[]; inputSize: number; maps: Omit<SpatialMapInfo, 'offset'>[] };
  sizes: Record<string, number>;
  seconds: { features: number; probe: number };
  /** True when both splits' maps came from the cache. */
  featuresFromCache: boolean;
  /** sha256 over the data's file list, annotations and file sizes (datasets/fingerprint.ts). */
  datasetFingerprint: string;
  warnings: string[];
  /** The probe's full result (settings, fit statistics, per-class AP, codebook). */
  details: unknown;
}

function spatialOptions(
  opts: DenseTaskOptions,
  dataset: string,
  inputSize: number,
): Omit<SpatialExtractOptions, 'images' | 'split'> {
  return {
    modelPath: opts.modelPath,
    dataset,
    cacheDir: opts.cacheDir,
    inputSize: opts.inputSize ?? inputSize,
    ...(opts.scales ? { scales: opts.scales } : {}),
    ...(opts.spatialOutputs?.length ? { spatialOutputs: opts.spatialOutputs } : {}),
    ...(opts.normalization ? { normalization: opts.normalization } : {}),
    ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
    ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
    ...(opts.provider ? { provider: opts.provider } : {}),
    ...(opts.progress ? { progress: opts.progress } : {}),
    ...(opts.log ? { log: opts.log } : {}),
  };
}

const modelOf = (f: SpatialFeatures): DenseTaskResult['model'] => ({
  sha256: f.model.sha256,
  spatialOutputs: f.maps.map((m) => m.tensor),
  inputSize: f.inputSize,
  maps: f.maps.map(({ offset: _offset, ...map }) => map),
});

/** `detection-frozen-probe`: VOC07+12 trainval → VOC07 test. */
export async function evaluateDetection(opts: DenseTaskOptions): Promise<DenseTaskResult> {
  const log = opts.log ?? (() => undefined);
  const tFeat = performance.now();
  const data = await readVocDetection(opts.dataRoot);
  const base = spatialOptions(opts, 'voc0712-detection', PROTOCOLS['detection-frozen-probe'].defaults.inputSize);
  log(`detection: ${data.splits.train.length} train / ${data.splits.test.length} test images`);
  const trainFeatures = await extractSpatialFeatures({
    ...base,
    images: data.splits.train.map((s) => s.image),
    split: 'trainval0712',
  });
  const testFeatures = await extractSpatialFeatures({
    ...base,
    images: data.splits.test.map((s) => s.image),
    split: 'test07',
  });
  const features = (performance.now() - tFeat) / 1000;
  const r = await runDetectionProbe({
    ...opts.detection,
    log,
    train: data.splits.train.map((s) => ({
      width: s.width,
      height: s.height,
      objects: s.objects,
      id: s.image.path ?? s.image.id,
    })),
    test: data.splits.test.map((s) => ({
      width: s.width,
      height: s.height,
      objects: s.objects,
      id: s.image.path ?? s.image.id,
    })),
    trainFeatures,
    testFeatures,
  });
  return {
    protocol: { id: r.protocol, version: r.protocolVersion },
    metric: 'ap50',
    value: r.metrics.ap50,
    metrics: { ...r.metrics },
    model: modelOf(trainFeatures),
    sizes: {
      train: r.sizes.trainImages,
      test: r.sizes.testImages,
      trainLocations: r.training.rows,
      detections: r.sizes.detections,
    },
    seconds: { features, probe: r.timings.totalSeconds },
    featuresFromCache: trainFeatures.fromCache && testFeatures.fromCache,
    datasetFingerprint: await datasetFingerprint(data),
    warnings: data.warnings,
    details: r,
  };
}

/** `normals-frozen-probe`: NYUv2 795 train → 654 test. */
export async function evaluateNormals(opts: DenseTaskOptions): Promise<DenseTaskResult> {
  const log = opts.log ?? (() => undefined);
  const tFeat = performance.now();
  const data = await readNyuv2Normals(join(opts.dataRoot, 'nyuv2'));
  const base = spatialOptions(opts, 'nyuv2-normals', PROTOCOLS['normals-frozen-probe'].defaults.inputSize);
  log(`normals: ${data.splits.train.length} train / ${data.splits.test.length} test images`);
  const trainFeatures = await extractSpatialFeatures({
    ...base,
    images: data.splits.train.map((s) => s.image),
    split: 'train',
  });
  const testFeatures = await extractSpatialFeatures({
    ...base,
    images: data.splits.test.map((s) => s.image),
    split: 'test',
  });
  const features = (performance.now() - tFeat) / 1000;
  const r = await runNormalsProbe({
    ...opts.normals,
    log,
    train: data.splits.train,
    test: data.splits.test,
    trainFeatures,
    testFeatures,
  });
  return {
    protocol: { id: r.protocol, version: r.protocolVersion },
    metric: 'mean_angle_error',
    value: r.metrics.mean_angle_error,
    metrics: { ...r.metrics },
    model: modelOf(trainFeatures),
    sizes: {
      train: r.sizes.trainImages,
      test: r.sizes.testImages,
      trainPixels: r.training.rows,
      testPixels: r.sizes.testPixels,
    },
    seconds: { features, probe: r.timings.totalSeconds },
    featuresFromCache: trainFeatures.fromCache && testFeatures.fromCache,
    datasetFingerprint: await datasetFingerprint(data),
    warnings: r.warnings,
    details: r,
  };
}
