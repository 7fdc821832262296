import type { NormalMap } from '../datasets/nyuv2';
import { SpatialReader } from '../features/spatial';
import type { StopReason } from '../linalg/lbfgs';
import { PROTOCOLS } from '@transferboard/suite/protocols';
import { mulberry32 as seededRandom } from '@transferboard/suite/random';
import { AngularErrorAccumulator, type AngularMetrics } from './angular-metrics';
import { nearestCodes, paperNormalsCodebook } from './codebook';
import { DenseEngine } from './dense-graphs';
import { DenseInputError, checkSplitMatchesFeatures, type SpatialSource } from './dense-input';
import { fitStandardizer, foldStandardizer, standardizeInPlace } from '../linalg/standardizer';
import { fitSoftmaxHead, type TrainingDesign } from './softmax-head';

/**
 * The runner's frozen-feature surface-normal protocol (`normals-frozen-probe` v2): a per-pixel
 * linear classifier over the paper's own 40-direction normal codebook (vocab40.mat, codebook.ts)
 * on the frozen map upsampled bilinearly to the ground-truth resolution. Training uses a seeded
 * sample of valid pixels per image (features interpolated at exactly those pixels); testing
 * decodes every valid pixel: the probability-weighted mean of the codebook directions
 * (default, the paper's "regression via weighted codebook") or the most probable direction.
 */

export interface NormalsImage {
  id?: string;
  normalsPath?: string;
  loadNormals(): Promise<NormalMap>;
}

/** The protocol's settings (packages/suite/src/protocols.ts): every option below defaults to them. */
const PROTOCOL = PROTOCOLS['normals-frozen-probe'];

export interface NormalsProbeOptions {
  scale?: number;
  /** Valid pixels sampled per training image (seeded). */
  pixelsPerImage?: number;
  decode?: 'weighted' | 'argmax';
  /** λ = classifierL2 · rows (features standardised). */
  classifierL2?: number;
  maxIter?: number;
  seed?: number;
  log?: (message: string) => void;
  /** Sees the classifier's standardised training design before the fit (benchmarks compare solvers on it). */
  onTrainingDesign?: (design: TrainingDesign) => void | Promise<void>;
}

export interface NormalsProbeInput extends NormalsProbeOptions {
  train: readonly NormalsImage[];
  test: readonly NormalsImage[];
  trainFeatures: SpatialSource;
  testFeatures: SpatialSource;
}

export interface NormalsProbeResult {
  protocol: typeof PROTOCOL.id;
  protocolVersion: number;
  /** Degrees for the errors, percent for the within-° shares. */
  metrics: AngularMetrics;
  decode: 'weighted' | 'argmax';
  codebook: { source: 'paper-vocab40'; size: number };
  training: {
    rows: number;
    codebookSize: number;
    classifier: { l2: number; loss: number; iterations: number; evaluations: number; stop: StopReason };
  };
  sizes: { trainImages: number; testImages: number; testPixels: number; channels: number; grid: [number, number] };
  /** Non-fatal oddities (images without valid pixels, invalid normals marked valid), naming files. */
  warnings: string[];
  timings: {
    sampleSeconds: number;
    codebookSeconds: number;
    classifierSeconds: number;
    inferenceSeconds: number;
    totalSeconds: number;
  };
}

const seconds = (t: number) => (performance.now() - t) / 1000;

/** Valid pixels: mask set and a finite, (near-)unit normal. Non-unit but sane normals are renormalised. */
function validPixels(m: NormalMap, source: string, warnings: string[]): Int32Array {
  const out = new Int32Array(m.width * m.height);
  let count = 0;
  let bad = 0;
  const v = m.normals;
  for (let i = 0; i < m.width * m.height; i++) {
    if (!m.valid[i]) continue;
    const x = v[i * 3]!;
    const y = v[i * 3 + 1]!;
    const z = v[i * 3 + 2]!;
    const norm = Math.sqrt(x * x + y * y + z * z);
    if (!(norm > 0.5 && norm < 1.5)) {
      bad++;
      continue;
    }
    if (Math.abs(norm - 1) > 1e-6) {
      v[i * 3] = x / norm;
      v[i * 3 + 1] = y / norm;
      v[i * 3 + 2] = z / norm;
    }
    out[count++] = i;
  }
  if (bad)
    warnings.push(`${source}: ${bad} pixel(s) marked valid have a non-finite or non-unit normal; treated as invalid`);
  if (count === 0) warnings.push(`${source}: no valid pixel; the image is left out`);
  return out.subarray(0, count);
}

/** Bilinear sample position (PyTorch align_corners=False, edges clamped) of pixel index `i`. */
function bilinearTaps(px: number, size: number, grid: number): [number, number, number] {
  const g = Math.min(Math.max((px + 0.5) * (grid / size) - 0.5, 0), grid - 1);
  const i0 = Math.floor(g);
  const i1 = Math.min(i0 + 1, grid - 1);
  return [i0, i1, g - i0];
}

export async function runNormalsProbe(input: NormalsProbeInput): Promise<NormalsProbeResult> {
  const t0 = performance.now();
  const P0 = PROTOCOL.defaults;
  const scale = input.scale ?? P0.scale;
  checkSplitMatchesFeatures('train', input.train.length, input.trainFeatures, scale);
  checkSplitMatchesFeatures('test', input.test.length, input.testFeatures, scale);
  const map = input.trainFeatures.maps[scale]!;
  const tm = input.testFeatures.maps[scale]!;
  if (tm.channels !== map.channels || tm.height !== map.height || tm.width !== map.width) {
    throw new DenseInputError(
      `test maps are ${tm.channels}×${tm.height}×${tm.width}, train maps ${map.channels}×${map.height}×${map.width}: extract both with the same model and input size`,
    );
  }
  const d = map.channels;
  const { height: h, width: w } = map;
  const P = h * w;
  const codebook = paperNormalsCodebook();
  const k = codebook.length / 3;
  const perImage = input.pixelsPerImage ?? P0.pixelsPerImage;
  const warnings: string[] = [];
  const rand = seededRandom(input.seed ?? P0.seed);
  const engine = await DenseEngine.create();
  const trainReader = new SpatialReader(input.trainFeatures);
  const testReader = new SpatialReader(input.testFeatures);
  try {
    // 1. Sample valid training pixels; interpolate the map at each.
    const tSample = performance.now();
    const rowsX: Float32Array[] = [];
    const rowsN: number[] = [];
    for (let t = 0; t < input.train.length; t++) {
      const img = input.train[t]!;
      const gt = await img.loadNormals();
      const valid = validPixels(gt, img.normalsPath ?? img.id ?? `train image ${t}`, warnings);
      if (valid.length === 0) continue;
      // Partial Fisher-Yates: the first m entries become a uniform sample without replacement.
      const m = Math.min(perImage, valid.length);
      for (let i = 0; i < m; i++) {
        const j = i + Math.floor(rand() * (valid.length - i));
        const tmp = valid[i]!;
        valid[i] = valid[j]!;
        valid[j] = tmp;
      }
      const f = trainReader.map(t, scale);
      const block = new Float32Array(m * d);
      for (let s = 0; s < m; s++) {
        const pix = valid[s]!;
        const [x0, x1, fx] = bilinearTaps(pix % gt.width, gt.width, w);
        const [y0, y1, fy] = bilinearTaps(Math.floor(pix / gt.width), gt.height, h);
        const p00 = y0 * w + x0,
          p01 = y0 * w + x1,
          p10 = y1 * w + x0,
          p11 = y1 * w + x1;
        const w00 = (1 - fy) * (1 - fx),
          w01 = (1 - fy) * fx,
          w10 = fy * (1 - fx),
          w11 = fy * fx;
        for (let c = 0, base = 0; c < d; c++, base += P) {
          block[s * d + c] = w00 * f[base + p00]! + w01 * f[base + p01]! + w10 * f[base + p10]! + w11 * f[base + p11]!;
        }
        rowsN.push(gt.normals[pix * 3]!, gt.normals[pix * 3 + 1]!, gt.normals[pix * 3 + 2]!);
      }
      rowsX.push(block);
    }
    const n = rowsN.length / 3;
    if (n === 0)
      throw new DenseInputError(
        'no valid ground-truth normal in any training image: check the normals/*_valid.png masks and normals/*.npy files',
      );
    const x = new Float32Array(n * d);
    let off = 0;
    for (const b of rowsX) {
      x.set(b, off);
      off += b.length;
    }
    for (let i = 0; i < x.length; i++)
      if (x[i]! - x[i]! !== 0)
        throw new DenseInputError(
          `${input.trainFeatures.path}: non-finite feature value; delete this cache folder and re-extract`,
        );
    const normals = Float32Array.from(rowsN);
    const stdz = fitStandardizer(x, n, d);
    standardizeInPlace(x, n, d, stdz);
    const sampleSeconds = seconds(tSample);

    // 2. Labels: the nearest direction of the paper's codebook.
    const tCode = performance.now();
    const labels = nearestCodes(normals, n, codebook, k);
    const codebookSeconds = seconds(tCode);
    input.log?.(`normals probe: ${n} training pixels, ${k}-direction codebook, ${d} channels`);

    // 3. Classifier.
    const l2 = (input.classifierL2 ?? P0.classifierL2) * n;
    await input.onTrainingDesign?.({ x, n, d, labels, k: k, l2 });
    const tCls = performance.now();
    const cls = await fitSoftmaxHead(x, n, d, labels, k, l2, input.maxIter ?? P0.maxIter);
    const head = foldStandardizer(cls.w, cls.b, stdz, d, k);
    const classifierSeconds = seconds(tCls);

    // 4. Dense decoding at ground-truth resolution; errors over valid pixels.
    const tInf = performance.now();
    const decode = input.decode ?? P0.decode;
    const acc = new AngularErrorAccumulator();
    for (let t = 0; t < input.test.length; t++) {
      const img = input.test[t]!;
      const gt = await img.loadNormals();
      const valid = validPixels(gt, img.normalsPath ?? img.id ?? `test image ${t}`, warnings);
      if (valid.length === 0) continue;
      const angles = await engine.normalAngles(
        testReader.map(t, scale),
        d,
        h,
        w,
        head.W,
        head.b,
        codebook,
        gt.normals,
        gt.height,
        gt.width,
        decode,
      );
      acc.addPixels(angles, valid);
    }
    const metrics = acc.result();
    const inferenceSeconds = seconds(tInf);
    return {
      protocol: PROTOCOL.id,
      protocolVersion: PROTOCOL.version,
      metrics,
      decode,
      codebook: { source: P0.codebook.source, size: k },
      training: {
        rows: n,
        codebookSize: k,
        classifier: { l2, loss: cls.loss, iterations: cls.iterations, evaluations: cls.evaluations, stop: cls.stop },
      },
      sizes: {
        trainImages: input.train.length,
        testImages: input.test.length,
        testPixels: acc.pixels,
        channels: d,
        grid: [h, w],
      },
      warnings,
      timings: { sampleSeconds, codebookSeconds, classifierSeconds, inferenceSeconds, totalSeconds: seconds(t0) },
    };
  } finally {
    trainReader.close();
    testReader.close();
    await engine.release();
  }
}
