/**
 * Benchmark: the dense probes' fit + evaluation from cached spatial features at realistic sizes
 * (ResNet-50 layer4 at 224 px: 2048×7×7), against the 2-minute target, and the classifier fit
 * side by side with scikit-learn's lbfgs on the very same training design, in one run.
 *
 *   node --import tsx scripts/bench/dense/run.ts [--det-train 1600] [--det-test 400]
 *        [--nyu-train 795] [--nyu-test 654] [--channels 2048] [--h 7] [--w 7] [--gh 480] [--gw 640]
 *        [--threads 2] [--skip-sklearn] [--only detection|normals]
 *
 * Features are synthetic with a planted signal (packages/runner/src/dense/synthetic.ts), written
 * in the spatial cache's format; their generation is not timed. The NYUv2 ground truth is
 * 640×480, as the dataset's.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDetectionProbe } from '@transferboard/runner/dense/detection-probe';
import { runNormalsProbe } from '@transferboard/runner/dense/normals-probe';
import type { TrainingDesign } from '@transferboard/runner/dense/detection-probe';
import { syntheticDetection, syntheticNormals } from '@transferboard/runner/dense/synthetic';
import { writeNpy } from '@transferboard/runner/npy/npy';
import { startRecord } from '../lib/record';

const { values: args } = parseArgs({
  options: {
    'det-train': { type: 'string', default: '1600' },
    'det-test': { type: 'string', default: '400' },
    'nyu-train': { type: 'string', default: '795' },
    'nyu-test': { type: 'string', default: '654' },
    channels: { type: 'string', default: '2048' },
    h: { type: 'string', default: '7' },
    w: { type: 'string', default: '7' },
    gh: { type: 'string', default: '480' },
    gw: { type: 'string', default: '640' },
    threads: { type: 'string', default: '2' },
    'skip-sklearn': { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const num = (k: keyof typeof args) => Number(args[k]);
const TARGET_SECONDS = 120;
const record = startRecord('dense');
const figures: Record<string, unknown> = {};
const dir = mkdtempSync(join(tmpdir(), 'tb-bench-dense-'));
const shape = { channels: num('channels'), h: num('h'), w: num('w') };
console.log(
  `== dense probes bench: ${shape.channels}×${shape.h}×${shape.w} maps, ${cpus().length} cores (${cpus()[0]?.model ?? '?'})`,
);

/** Keeps the design for scikit-learn; the probe's own fit is timed by the probe. */
function capture(name: string, out: { path?: string; labels?: string; l2?: number; n?: number; seconds?: number }) {
  return (d: TrainingDesign) => {
    if (args['skip-sklearn']) return;
    const t0 = performance.now();
    out.path = join(dir, `${name}-x.npy`);
    out.labels = join(dir, `${name}-y.npy`);
    out.l2 = d.l2;
    out.n = d.n;
    writeNpy(out.path, d.x, [d.n, d.d]);
    writeNpy(out.labels, d.labels, [d.n]);
    out.seconds = (performance.now() - t0) / 1000;
  };
}

function sklearn(design: {
  path?: string;
  labels?: string;
  l2?: number;
}): { seconds: number; iterations: number; objective: number } | null {
  if (!design.path) return null;
  const out = execFileSync(
    '/usr/bin/python3',
    [
      join(import.meta.dirname, 'sklearn_heads.py'),
      design.path,
      design.labels!,
      String(design.l2),
      String(args.threads),
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

/** CPU seconds (user + system, all threads) since `from`: on a shared machine, wall time inflates with other load, CPU time much less. */
const cpuSince = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1e6;
};

function report(
  name: string,
  total: number,
  cpu: number,
  classifier: { seconds: number; iterations: number; loss: number },
  ref: ReturnType<typeof sklearn>,
): void {
  figures[name] = {
    ...(figures[name] as object),
    wallSeconds: total,
    cpuSeconds: cpu,
    targetSeconds: TARGET_SECONDS,
    classifier,
    sklearn: ref,
    sklearnOverRunner: ref ? ref.seconds / classifier.seconds : null,
  };
  console.log(
    `${name}: fit + evaluation ${total.toFixed(1)} s wall (target ≤ ${TARGET_SECONDS} s: ${(total / TARGET_SECONDS).toFixed(2)} of it), ${cpu.toFixed(1)} CPU s; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `  classifier: runner L-BFGS ${classifier.seconds.toFixed(1)} s, ${classifier.iterations} iterations, objective ${classifier.loss.toFixed(3)}`,
  );
  if (ref) {
    console.log(
      `  classifier: scikit-learn lbfgs ${ref.seconds.toFixed(1)} s, ${ref.iterations} iterations, objective ${ref.objective.toFixed(3)}`,
    );
    console.log(
      `  classifier speed ratio (scikit-learn / runner): ${(ref.seconds / classifier.seconds).toFixed(2)}x; objective gap ${((classifier.loss - ref.objective) / Math.abs(ref.objective)).toExponential(2)} (relative)`,
    );
  }
}

try {
  if (args.only !== 'normals') {
    const train = syntheticDetection(join(dir, 'det-train.npy'), { images: num('det-train'), seed: 1, ...shape });
    const test = syntheticDetection(join(dir, 'det-test.npy'), { images: num('det-test'), seed: 2, ...shape });
    const design: { path?: string; labels?: string; l2?: number; seconds?: number } = {};
    const cpu0 = process.cpuUsage();
    const r = await runDetectionProbe({
      train: train.images,
      test: test.images,
      trainFeatures: train.features,
      testFeatures: test.features,
      onTrainingDesign: capture('det', design),
    });
    console.log(
      `detection: ${num('det-train')} train + ${num('det-test')} test images, ${r.training.rows} training locations (${r.training.positives} positive), AP50 ${r.metrics.ap50.toFixed(1)} AP ${r.metrics.ap.toFixed(1)} AP75 ${r.metrics.ap75.toFixed(1)}`,
    );
    console.log(
      `  timings: ${JSON.stringify(Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Number(v.toFixed(2))])))}`,
    );
    const images = { train: num('det-train'), test: num('det-test') };
    figures.detection = { images, metrics: r.metrics, timings: r.timings };
    // Writing the design for scikit-learn is not the probe's work: it is left out of the total.
    report(
      'detection',
      r.timings.totalSeconds - (design.seconds ?? 0),
      cpuSince(cpu0),
      {
        seconds: r.timings.classifierSeconds,
        iterations: r.training.classifier.iterations,
        loss: r.training.classifier.loss,
      },
      sklearn(design),
    );
  }
  if (args.only !== 'detection') {
    const o = { ...shape, gh: num('gh'), gw: num('gw') };
    const train = syntheticNormals(join(dir, 'nyu-train.npy'), { images: num('nyu-train'), seed: 3, ...o });
    const test = syntheticNormals(join(dir, 'nyu-test.npy'), { images: num('nyu-test'), seed: 4, ...o });
    const design: { path?: string; labels?: string; l2?: number; seconds?: number } = {};
    const cpu0 = process.cpuUsage();
    const r = await runNormalsProbe({
      train: train.images,
      test: test.images,
      trainFeatures: train.features,
      testFeatures: test.features,
      onTrainingDesign: capture('nyu', design),
    });
    const m = r.metrics;
    console.log(
      `normals: ${num('nyu-train')} train + ${num('nyu-test')} test images (${o.gw}×${o.gh} ground truth), ${r.training.rows} training pixels, ${r.sizes.testPixels} test pixels; mean ${m.mean_angle_error.toFixed(2)}° median ${m.median_angle_error.toFixed(2)}° within 11.25/22.5/30: ${m.within_11_25.toFixed(1)}/${m.within_22_5.toFixed(1)}/${m.within_30.toFixed(1)}%`,
    );
    console.log(
      `  timings: ${JSON.stringify(Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Number(v.toFixed(2))])))}`,
    );
    figures.normals = { images: { train: num('nyu-train'), test: num('nyu-test') }, metrics: m, timings: r.timings };
    report(
      'normals',
      r.timings.totalSeconds - (design.seconds ?? 0),
      cpuSince(cpu0),
      {
        seconds: r.timings.classifierSeconds,
        iterations: r.training.classifier.iterations,
        loss: r.training.classifier.loss,
      },
      sklearn(design),
    );
  }
  record.write({ shape, ...figures });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
