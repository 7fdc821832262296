/**
 * The ETA's cost model against this host (docs/runner.md, "How long a run takes"):
 *
 *   node --import tsx scripts/bench/eta/run.ts [--n 2000] [--val 500] [--test 2000] [--d 512] [--classes 50] [--suite-only]
 *
 * 1. calibrates the host as a run does (float32 products through onnxruntime);
 * 2. runs the linear probe (the full 45-point grid and refit) on seeded class-structured
 *    features of the given shape, and compares its seconds with the model's estimate made from
 *    the calibration of the same run (the error quoted in the docs);
 * 3. prints the full 25-task suite's estimate at the official sizes for a ResNet-50 (d 2048,
 *    8.2 GFLOPs per image) on this host as calibrated now, on this kind of host unloaded
 *    (ENVIRONMENT.md's figures), and on the 16-core and GPU hosts of docs/gpu.md.
 * `--suite-only` skips step 2.
 */
import { parseArgs } from 'node:util';
import { calibrateHost, measureGflops } from '@transferboard/runner/evaluate/calibrate';
import { estimateTask, probeSeconds, taskShapes, type HostRates } from '@transferboard/runner/evaluate/eta';
import { runLinearProbe } from '@transferboard/runner/probes/linear-probe';
import { NumpyRandomState as MT19937 } from '@transferboard/runner/random/numpy-random';
import { registry } from '@transferboard/suite/registry';
import { startRecord } from '../lib/record';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2000' },
    val: { type: 'string', default: '500' },
    test: { type: 'string', default: '2000' },
    d: { type: 'string', default: '512' },
    classes: { type: 'string', default: '50' },
    seed: { type: 'string', default: '0' },
    'suite-only': { type: 'boolean', default: false },
  },
});
const [n, nVal, nTest, d, k] = [args.n, args.val, args.test, args.d, args.classes].map(Number) as [
  number,
  number,
  number,
  number,
  number,
];
const RESNET50 = { dim: 2048, gflopsPerImage: 8.2 };

function features(rows: number, centres: Float32Array, rng: MT19937) {
  const x = new Float32Array(rows * d);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const c = rng.randomInterval(k - 1);
    y[i] = c;
    for (let j = 0; j < d; j++) x[i * d + j] = Math.max(0, centres[c * d + j]! + (rng.random() - 0.5) * 3);
  }
  return { x, y, n: rows, d };
}

function suiteSeconds(rates: HostRates): { total: number; extraction: number; probe: number } {
  const slugs = registry.suiteTasks('ssl-transfer-v1').map((t) => t.slug);
  const estimates = taskShapes(slugs, RESNET50.dim).map((s) => estimateTask(s, rates));
  const sum = (f: (e: (typeof estimates)[number]) => number) => estimates.reduce((s, e) => s + f(e), 0);
  return {
    total: sum((e) => e.seconds),
    extraction: sum((e) => e.extractionSeconds),
    probe: sum((e) => e.probeSeconds),
  };
}

const record = startRecord('eta');

/** The linear probe on a synthetic shape: its seconds, and the model's from the GFLOP/s measured around it. */
async function probeAgainstEstimate() {
  const rng = new MT19937(Number(args.seed));
  const centres = Float32Array.from({ length: k * d }, () => rng.random() * 0.6);
  const gflopsBefore = await measureGflops();
  const started = performance.now();
  await runLinearProbe({
    train: features(n, centres, rng),
    val: features(nVal, centres, rng),
    test: features(nTest, centres, rng),
    numClasses: k,
    metric: 'top1',
    calibration: false,
  });
  const actualSeconds = (performance.now() - started) / 1000;
  const gflopsAfter = await measureGflops();
  const shape = {
    slug: 'synthetic',
    category: 'linear' as const,
    images: 0,
    nFit: n,
    nVal,
    nTest,
    classes: k,
    dim: d,
    episodes: 0,
  };
  const estimatedSeconds = probeSeconds(shape, (gflopsBefore + gflopsAfter) / 2);
  return {
    n,
    nVal,
    nTest,
    d,
    classes: k,
    gflopsBefore,
    gflopsAfter,
    actualSeconds,
    estimatedSeconds,
    error: estimatedSeconds / actualSeconds - 1,
  };
}

const probe = args['suite-only'] ? null : await probeAgainstEstimate();
const here = await calibrateHost(RESNET50.gflopsPerImage);
/** ENVIRONMENT.md: 95 GFLOP/s of float32 products and a ResNet-50 at 14–20 img/s end to end on the two cores. */
const TWO_CORES = 95;
const hosts: Record<string, HostRates> = {
  'this host, calibrated now': here,
  '2-core CPU, unloaded': { imagesPerSecond: 17, gflops: TWO_CORES, basis: 'ENVIRONMENT.md' },
  // docs/gpu.md: onnxruntime on the GPU host's 16 CPU cores, 148 ResNet-50 img/s; products ×8 the two cores'.
  '16-core CPU': { imagesPerSecond: 148, gflops: 8 * TWO_CORES, basis: 'docs/gpu.md, scaled' },
  // docs/gpu.md: decoding (sharp, 16 threads) limits extraction at 419 img/s; the probe on its 16 cores.
  'GPU host (estimate, not measured)': { imagesPerSecond: 419, gflops: 8 * TWO_CORES, basis: 'docs/gpu.md, scaled' },
};
const suite = Object.fromEntries(Object.entries(hosts).map(([host, r]) => [host, { rates: r, ...suiteSeconds(r) }]));
const figures = { probe, suite };
console.log(JSON.stringify(figures, null, 2));
console.log(`record: ${record.write(figures)}`);
