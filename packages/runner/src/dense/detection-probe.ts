import type { DetectionObject } from '../datasets/voc';
import { SpatialReader } from '../features/spatial';
import type { StopReason } from '../linalg/lbfgs';
import { PROTOCOLS } from '@transferboard/suite/protocols';
import { mulberry32 as seededRandom } from '@transferboard/suite/random';
import { assignLocations, BACKGROUND, cellCentre, IGNORE, type Grid } from './assign';
import { clipBox, decodeBox, nms } from './boxes';
import { DenseEngine } from './dense-graphs';
import { DenseInputError, checkSplitMatchesFeatures, type SpatialSource } from './dense-input';
import { fitRidge } from '../linalg/ridge';
import { fitStandardizer, foldStandardizer, standardizeInPlace } from '../linalg/standardizer';
import { fitSoftmaxHead, type TrainingDesign } from './softmax-head';

export type { TrainingDesign };
import { evaluateVocDetections, type ApMethod, type Box, type GroundTruthImage, type ScoredDetection } from './voc-ap';

/**
 * The runner's frozen-feature detection protocol (`detection-frozen-probe`): per-location
 * linear heads on one frozen spatial map. Classification into background + C classes is a
 * multinomial logistic regression (L-BFGS), box regression a closed-form ridge on the positive
 * locations (assign.ts says which location learns which object). Test maps give one box per
 * location and a score per class; class-wise NMS and a per-image cap follow, and the result is
 * scored with VOC AP (voc-ap.ts). Every fit is convex: no SGD, no schedule, no seed-dependent
 * optimum (the seed only picks the background sample).
 */

export interface DetectionImage {
  width: number;
  height: number;
  objects: DetectionObject[];
  /** For messages. */
  id?: string;
}

/** The protocol's settings (packages/suite/src/protocols.ts): every option below defaults to them. */
const PROTOCOL = PROTOCOLS['detection-frozen-probe'];
const P0 = PROTOCOL.defaults;

export interface DetectionProbeOptions {
  numClasses?: number;
  /** Which cached map to use (0: the coarsest, the one pooled into the features). */
  scale?: number;
  /** L2 strength of the classifier per training row: λ = classifierL2 · rows (features standardised). */
  classifierL2?: number;
  /** Ridge strength as a fraction of the mean Gram diagonal. */
  ridgeAlpha?: number;
  maxIter?: number;
  /** Background locations kept per positive one (seeded sample; the background bias is corrected for it). */
  backgroundRatio?: number;
  /** Cap on classifier training rows (memory: rows × channels × 4 bytes). */
  maxTrainRows?: number;
  scoreThreshold?: number;
  nmsIou?: number;
  maxPerImage?: number;
  /** 'voc07-11point' for VOC2007 test, as detectron2 scores it. */
  apMethod?: ApMethod;
  seed?: number;
  log?: (message: string) => void;
  /** Sees the classifier's standardised training design before the fit (benchmarks compare solvers on it). */
  onTrainingDesign?: (design: TrainingDesign) => void | Promise<void>;
}

export interface DetectionProbeInput extends DetectionProbeOptions {
  train: readonly DetectionImage[];
  test: readonly DetectionImage[];
  trainFeatures: SpatialSource;
  testFeatures: SpatialSource;
}

export interface DetectionProbeResult {
  protocol: typeof PROTOCOL.id;
  protocolVersion: number;
  /** Percent. */
  metrics: { ap50: number; ap: number; ap75: number };
  perClassAp50: (number | null)[];
  byThreshold: { iou: number; map: number }[];
  apMethod: ApMethod;
  training: {
    rows: number;
    positives: number;
    background: number;
    backgroundKept: number;
    backgroundKeepRate: number;
    ignored: number;
    unassignedObjects: number;
    classifier: { l2: number; loss: number; iterations: number; evaluations: number; stop: StopReason };
    ridge: { lambda: number; rows: number };
  };
  sizes: { trainImages: number; testImages: number; channels: number; grid: [number, number]; detections: number };
  timings: {
    gatherSeconds: number;
    classifierSeconds: number;
    ridgeSeconds: number;
    inferenceSeconds: number;
    scoringSeconds: number;
    totalSeconds: number;
  };
}

const seconds = (t: number) => (performance.now() - t) / 1000;

export async function runDetectionProbe(input: DetectionProbeInput): Promise<DetectionProbeResult> {
  const t0 = performance.now();
  const C = input.numClasses ?? P0.numClasses;
  const K = C + 1;
  const scale = input.scale ?? P0.scale;
  checkSplitMatchesFeatures('train', input.train.length, input.trainFeatures, scale);
  checkSplitMatchesFeatures('test', input.test.length, input.testFeatures, scale);
  const map = input.trainFeatures.maps[scale]!;
  const testMap = input.testFeatures.maps[scale]!;
  if (testMap.channels !== map.channels || testMap.height !== map.height || testMap.width !== map.width) {
    throw new DenseInputError(
      `test maps are ${testMap.channels}×${testMap.height}×${testMap.width}, train maps ${map.channels}×${map.height}×${map.width}: extract both with the same model and input size`,
    );
  }
  const d = map.channels;
  const P = map.height * map.width;
  for (const [role, split] of [
    ['train', input.train],
    ['test', input.test],
  ] as const) {
    split.forEach((img, i) => {
      if (!(img.width > 0 && img.height > 0))
        throw new DenseInputError(`${role} image ${img.id ?? i}: size ${img.width}×${img.height} is not positive`);
      for (const o of img.objects)
        if (!(o.label >= 0 && o.label < C))
          throw new DenseInputError(`${role} image ${img.id ?? i}: object label ${o.label} outside 0..${C - 1}`);
    });
  }

  if (!input.test.some((img) => img.objects.some((o) => !o.difficult))) {
    throw new DenseInputError(
      'the test annotations hold no non-difficult object: VOC AP is undefined; check the VOC2007 test Annotations folder',
    );
  }

  const engine = await DenseEngine.create();
  const trainReader = new SpatialReader(input.trainFeatures);
  const testReader = new SpatialReader(input.testFeatures);
  try {
    // 1. Assign locations, choose training rows, gather their features.
    const tGather = performance.now();
    const grids = input.train.map(
      (img): Grid => ({ w: map.width, h: map.height, width: img.width, height: img.height }),
    );
    const assignments = input.train.map((img, i) => assignLocations(img.objects, grids[i]!));
    let positives = 0;
    let background = 0;
    let ignored = 0;
    for (const a of assignments)
      for (const l of a.labels) l === IGNORE ? ignored++ : l === BACKGROUND ? background++ : positives++;
    if (positives === 0) {
      throw new DenseInputError(
        'the training annotations hold no non-difficult object: the detection probe has nothing to learn; check the VOC Annotations folders (images without objects alone cannot train a detector)',
      );
    }
    const maxRows = input.maxTrainRows ?? P0.maxTrainRows;
    const posKeep = Math.min(1, maxRows / 2 / positives);
    const bgKeep =
      background === 0
        ? 1
        : Math.min(
            1,
            ((input.backgroundRatio ?? P0.backgroundRatio) * positives * posKeep) / background,
            Math.max(1, maxRows - positives * posKeep) / background,
          );
    const rand = seededRandom(input.seed ?? P0.seed);
    const chosen: { image: number; p: number }[] = [];
    assignments.forEach((a, image) => {
      for (let p = 0; p < P; p++) {
        const l = a.labels[p]!;
        if (l === IGNORE) continue;
        if (rand() < (l === BACKGROUND ? bgKeep : posKeep)) chosen.push({ image, p });
      }
    });
    const n = chosen.length;
    const x = new Float32Array(n * d);
    const labels = new Int32Array(n);
    let lastImage = -1;
    let current: Float32Array = new Float32Array(0);
    chosen.forEach(({ image, p }, r) => {
      if (image !== lastImage) {
        current = trainReader.map(image, scale);
        lastImage = image;
      }
      for (let c = 0; c < d; c++) x[r * d + c] = current[c * P + p]!;
      labels[r] = assignments[image]!.labels[p]!;
    });
    checkFinite(x, input.trainFeatures.path);
    const stdz = fitStandardizer(x, n, d);
    standardizeInPlace(x, n, d, stdz);
    const gatherSeconds = seconds(tGather);
    input.log?.(
      `detection probe: ${n} training locations (${positives} positive, background kept at rate ${bgKeep.toFixed(3)}), ${d} channels`,
    );

    // 2. Classifier.
    const l2 = (input.classifierL2 ?? P0.classifierL2) * n;
    await input.onTrainingDesign?.({ x, n, d, labels, k: K, l2 });
    const tCls = performance.now();
    const cls = await fitSoftmaxHead(x, n, d, labels, K, l2, input.maxIter ?? P0.maxIter);
    // Background was sampled at rate bgKeep (positives at posKeep): shift its log-odds back.
    cls.b[BACKGROUND] = cls.b[BACKGROUND]! - Math.log(bgKeep / posKeep);
    const classifierSeconds = seconds(tCls);

    // 3. Box regression on the positive rows.
    const tRidge = performance.now();
    const posRows = chosen.map((_, r) => (labels[r]! > 0 ? r : -1)).filter((r) => r >= 0);
    const xp = new Float32Array(posRows.length * d);
    const yp = new Float32Array(posRows.length * 4);
    posRows.forEach((r, i) => {
      xp.set(x.subarray(r * d, (r + 1) * d), i * d);
      const { image, p } = chosen[r]!;
      yp.set(assignments[image]!.targets.subarray(p * 4, p * 4 + 4), i * 4);
    });
    const ridge = await fitRidge(engine, xp, posRows.length, d, yp, 4, input.ridgeAlpha ?? P0.ridgeAlpha);
    const ridgeSeconds = seconds(tRidge);

    // 4. Inference: both heads in one product per test image.
    const tInf = performance.now();
    const joint = new Float64Array(d * (K + 4));
    for (let j = 0; j < d; j++) {
      for (let c = 0; c < K; c++) joint[j * (K + 4) + c] = cls.w[j * K + c]!;
      for (let t = 0; t < 4; t++) joint[j * (K + 4) + K + t] = ridge.w[j * 4 + t]!;
    }
    const heads = foldStandardizer(joint, Float64Array.from([...cls.b, ...ridge.b]), stdz, d, K + 4);
    const detections: ScoredDetection[] = [];
    for (let i = 0; i < input.test.length; i++) {
      const img = input.test[i]!;
      const z = await engine.applyHeads(testReader.map(i, scale), d, P, heads.W, heads.b);
      detections.push(
        ...decodeImage(z, i, img, { w: map.width, h: map.height, width: img.width, height: img.height }, K, input),
      );
    }
    const inferenceSeconds = seconds(tInf);

    // 5. VOC AP.
    const tScore = performance.now();
    const gts: GroundTruthImage[] = input.test.map((img) => ({
      boxes: img.objects.map((o) => o.box as Box),
      labels: img.objects.map((o) => o.label),
      difficult: img.objects.map((o) => o.difficult),
    }));
    const ap = evaluateVocDetections(gts, detections, C, input.apMethod ?? P0.apMethod);
    const scoringSeconds = seconds(tScore);

    return {
      protocol: PROTOCOL.id,
      protocolVersion: PROTOCOL.version,
      metrics: { ap50: ap.ap50, ap: ap.ap, ap75: ap.ap75 },
      perClassAp50: ap.perClassAp50,
      byThreshold: ap.byThreshold,
      apMethod: ap.method,
      training: {
        rows: n,
        positives,
        background,
        backgroundKept: n - posRows.length,
        backgroundKeepRate: bgKeep,
        ignored,
        unassignedObjects: assignments.reduce((s, a) => s + a.unassigned, 0),
        classifier: { l2, loss: cls.loss, iterations: cls.iterations, evaluations: cls.evaluations, stop: cls.stop },
        ridge: { lambda: ridge.lambda, rows: posRows.length },
      },
      sizes: {
        trainImages: input.train.length,
        testImages: input.test.length,
        channels: d,
        grid: [map.height, map.width],
        detections: detections.length,
      },
      timings: {
        gatherSeconds,
        classifierSeconds,
        ridgeSeconds,
        inferenceSeconds,
        scoringSeconds,
        totalSeconds: seconds(t0),
      },
    };
  } finally {
    trainReader.close();
    testReader.close();
    await engine.release();
  }
}

/** Scores and boxes of one test image → thresholded, class-wise NMS, capped detections. */
function decodeImage(
  z: Float32Array,
  image: number,
  img: DetectionImage,
  g: Grid,
  K: number,
  o: DetectionProbeOptions,
): ScoredDetection[] {
  const P = g.w * g.h;
  const width = K + 4;
  const sx = g.width / g.w;
  const sy = g.height / g.h;
  const threshold = o.scoreThreshold ?? P0.scoreThreshold;
  const perClass: { boxes: Box[]; scores: number[] }[] = Array.from({ length: K }, () => ({ boxes: [], scores: [] }));
  const prob = new Float64Array(K);
  for (let p = 0; p < P; p++) {
    const row = p * width;
    let max = -Infinity;
    for (let c = 0; c < K; c++) max = Math.max(max, z[row + c]!);
    let sum = 0;
    for (let c = 0; c < K; c++) sum += prob[c] = Math.exp(z[row + c]! - max);
    const [cx, cy] = cellCentre(g, p);
    const box = clipBox(decodeBox(z.subarray(row + K, row + K + 4), cx, cy, sx, sy), img.width, img.height);
    if (!(box[2] > box[0] && box[3] > box[1])) continue;
    for (let c = 1; c < K; c++) {
      const s = prob[c]! / sum;
      if (s >= threshold) {
        perClass[c]!.boxes.push(box);
        perClass[c]!.scores.push(s);
      }
    }
  }
  const out: ScoredDetection[] = [];
  perClass.forEach(({ boxes, scores }, c) => {
    for (const k of nms(boxes, scores, o.nmsIou ?? P0.nmsIou))
      out.push({ image, label: c - 1, score: scores[k]!, box: boxes[k]! });
  });
  out.sort((a, b) => b.score - a.score);
  return out.slice(0, o.maxPerImage ?? P0.maxPerImage);
}

function checkFinite(x: Float32Array, source: string): void {
  for (let i = 0; i < x.length; i++) {
    if (x[i]! - x[i]! !== 0)
      throw new DenseInputError(`${source}: non-finite feature value ${x[i]}; delete this cache folder and re-extract`);
  }
}
