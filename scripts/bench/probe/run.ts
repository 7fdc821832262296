/**
 * Benchmark: the runner's linear probe (45-point L2 search + refit) against scikit-learn swept
 * the same way (the paper's linear.py), on the same seeded features, in one run; plus 600
 * few-shot episodes for K = 5, 20, 50.
 *
 *   node --import tsx scripts/bench/probe/run.ts [--n 20000] [--test 5000] [--d 2048]
 *        [--classes 100] [--grid-points 45] [--seed 1] [--threads 0] [--skip-sklearn] [--skip-linear] [--keep]
 *        [--points] [--precondition auto|never] [--refit-start chosen|last-grid-point] [--skip-few-shot]
 *   node --import tsx scripts/bench/probe/run.ts --grid [--cells 384x2000x10,512x4000x50] [--test 10000]
 *
 * --grid runs issue 18's shapes, d ∈ {384, 512, 768, 2048} × train rows ∈ {2,000, 4,000, 20,000}
 * × classes ∈ {10, 50, 100}, cheapest first (or the `--cells` given, each d×n×classes), each
 * cell both sides in one run on its own seeded features with a test set of --test rows (10,000
 * unless given, the same for every cell), then prints a Markdown table and writes one record
 * (bench `probe-grid`). No few-shot in this mode.
 *
 * --points prints both sides' grid point by point (iterations, how the runner's fit stopped and in
 * which variables, validation score). --precondition never runs the runner in scikit-learn's
 * plain variables throughout (linear-probe.ts), to see what the preconditioner buys;
 * --refit-start last-grid-point starts the refit where the paper's did (linear-probe.ts).
 *
 * --threads N gives both sides N threads (onnxruntime intra-op; OPENBLAS_NUM_THREADS for numpy);
 * 0 lets each use every core.
 *
 * Features: seeded and class-structured (features.ts).
 */
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, promisify } from 'node:util';
import { readNpy, writeNpy } from '@transferboard/runner/npy/npy';
import { runFewShot } from '@transferboard/runner/probes/few-shot';
import { L2_GRID } from '@transferboard/suite/protocols';
import { gridValues, runLinearProbe } from '@transferboard/runner/probes/linear-probe';
import { startRecord } from '../lib/record';
import { FeatureGenerator } from './features';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '20000' },
    test: { type: 'string' },
    d: { type: 'string', default: '2048' },
    classes: { type: 'string', default: '100' },
    'grid-points': { type: 'string', default: '45' },
    grid: { type: 'boolean', default: false },
    cells: { type: 'string' },
    seed: { type: 'string', default: '1' },
    'centre-scale': { type: 'string', default: '0.15' },
    threads: { type: 'string', default: '0' },
    'skip-sklearn': { type: 'boolean', default: false },
    'skip-linear': { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    points: { type: 'boolean', default: false },
    precondition: { type: 'string', default: 'auto' },
    'refit-start': { type: 'string', default: 'chosen' },
    'skip-few-shot': { type: 'boolean', default: false },
  },
});
const nTest = Number(args.test ?? (args.grid ? 10000 : 5000));
const gridSize = Number(args['grid-points']);
const threads = Number(args.threads);

interface SklearnResult {
  cpuSeconds: number;
  totalSeconds: number;
  gridSeconds: number;
  refitSeconds: number;
  chosenL2: number;
  bestValScore: number;
  testScore: number;
  validation: { iterations: number; valScore: number }[];
}

interface Shape {
  n: number;
  d: number;
  k: number;
}

interface Files {
  trainX: string;
  trainY: string;
  testX: string;
  testY: string;
}

/** One side's figures in a record. */
interface Side {
  wallSeconds: number;
  cpuSeconds: number;
  gridSeconds: number;
  refitSeconds: number;
  gridIterations: number;
  chosenL2: number;
  valScore: number;
  testTop1: number;
}

interface Comparison {
  runner: Side & { dataPasses: number; precondition: string | undefined; refitStart: string | undefined };
  sklearn?: Side;
  ratios?: { sklearnOverRunnerWall: number; sklearnOverRunnerCpu: number; testTop1Difference: number };
}

const execFileAsync = promisify(execFile);
/** The scikit-learn sweep running now, to stop with the run. */
let sklearnChild: ChildProcess | undefined;

const grid = gridValues({ ...L2_GRID, count: gridSize });
const dir = mkdtempSync(join(tmpdir(), 'tb-bench-probe-'));
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; node ${process.version}; ${new Date().toISOString()}`,
);
try {
  if (args.grid) await runGrid();
  else await runOne({ n: Number(args.n), d: Number(args.d), k: Number(args.classes) });
} finally {
  if (args.keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

/** The default mode: one shape, the linear probe compared, then few-shot. */
async function runOne(shape: Shape) {
  const record = startRecord('probe');
  const figures: Record<string, unknown> = {
    n: shape.n,
    test: nTest,
    d: shape.d,
    classes: shape.k,
    grid: gridSize,
    threads,
  };
  const files = writeFeatures(shape);
  if (!args['skip-linear']) Object.assign(figures, await compareLinear(files, shape.k));
  const pooled = load(files.trainX, files.trainY);
  for (const shots of args['skip-few-shot'] ? [] : [5, 20, 50]) {
    if (shape.n / shape.k < 1.2 * (shots + 15)) {
      console.log(
        `few-shot 5-way ${shots}-shot: skipped, ${shape.n} examples over ${shape.k} classes are too few for ${shots} + 15 per class`,
      );
      continue;
    }
    const c0 = process.cpuUsage();
    const r = runFewShot({ x: pooled.x, n: pooled.n, d: shape.d, labels: pooled.y, shots });
    const c = process.cpuUsage(c0);
    console.log(
      `few-shot 5-way ${shots}-shot, 600 episodes: ${r.timings.totalSeconds.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(2)} s CPU, accuracy ${r.accuracy.toFixed(2)} ± ${r.ci95.toFixed(2)}`,
    );
    const cpuSeconds = (c.user + c.system) / 1e6;
    const wallSeconds = r.timings.totalSeconds;
    figures[`fewShot${shots}`] = { wallSeconds, cpuSeconds, accuracy: r.accuracy, ci95: r.ci95 };
  }
  record.write(figures);
}

/** Issue 18's grid of shapes (or the --cells given), both sides per cell, one record. */
async function runGrid() {
  const cells = args.cells ? parseCells(args.cells) : gridCells();
  const record = startRecord('probe-grid');
  const results: (Shape & Comparison & { loadAverageAfter: number[] })[] = [];
  const write = () =>
    record.write({ test: nTest, grid: gridSize, threads, cells: results, table: markdownTable(results) });
  // A run stopped early (the large cells take long) still writes what it measured.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      sklearnChild?.kill();
      console.log(`\n${markdownTable(results)}\nstopped`);
      write();
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
  for (const [i, shape] of cells.entries()) {
    console.log(`\ncell ${i + 1}/${cells.length}: d ${shape.d}, train ${shape.n}, ${shape.k} classes`);
    const files = writeFeatures(shape);
    const comparison = await compareLinear(files, shape.k);
    for (const f of Object.values(files)) rmSync(f);
    results.push({ ...shape, ...comparison, loadAverageAfter: loadavg().map((l) => Math.round(l * 100) / 100) });
  }
  console.log(`\n${markdownTable(results)}`);
  write();
}

/** d ∈ {384, 512, 768, 2048} × train rows ∈ {2,000, 4,000, 20,000} × classes ∈ {10, 50, 100}, cheapest first. */
function gridCells(): Shape[] {
  const cells: Shape[] = [];
  for (const d of [384, 512, 768, 2048])
    for (const n of [2000, 4000, 20000]) for (const k of [10, 50, 100]) cells.push({ n, d, k });
  return cells.sort((a, b) => a.n * a.d * a.k - b.n * b.d * b.k);
}

/** `--cells 512x4000x50,384x2000x10`: d × train rows × classes. */
function parseCells(text: string): Shape[] {
  return text.split(',').map((cell) => {
    const m = /^(\d+)x(\d+)x(\d+)$/.exec(cell.trim());
    if (!m) {
      console.error(`--cells: '${cell}' is not d×n×classes, e.g. 512x4000x50 (comma-separated)`);
      process.exit(2);
    }
    return { d: Number(m[1]), n: Number(m[2]), k: Number(m[3]) };
  });
}

function markdownTable(rows: (Shape & Comparison)[]): string {
  const lines = [
    `| d | train rows | classes | runner wall s (CPU s) | scikit-learn wall s (CPU s) | ratio wall (CPU) | chosen L2 runner / sklearn | test top-1 runner / sklearn | Δ points |`,
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const sk = r.sklearn;
    const ratio = r.ratios;
    lines.push(
      `| ${r.d} | ${r.n.toLocaleString('en')} | ${r.k} | ${r.runner.wallSeconds.toFixed(1)} (${r.runner.cpuSeconds.toFixed(1)}) | ` +
        `${sk ? `${sk.wallSeconds.toFixed(1)} (${sk.cpuSeconds.toFixed(1)})` : '—'} | ` +
        `${ratio ? `${ratio.sklearnOverRunnerWall.toFixed(2)}× (${ratio.sklearnOverRunnerCpu.toFixed(2)}×)` : '—'} | ` +
        `${r.runner.chosenL2.toExponential(2)} / ${sk ? sk.chosenL2.toExponential(2) : '—'} | ` +
        `${r.runner.testTop1.toFixed(2)} / ${sk ? sk.testTop1.toFixed(2) : '—'} | ` +
        `${ratio ? ratio.testTop1Difference.toFixed(2) : '—'} |`,
    );
  }
  return lines.join('\n');
}

/** Seeded features for one shape, written as .npy (the CLI's format) in the run's folder. */
function writeFeatures({ n, d, k }: Shape): Files {
  const features = new FeatureGenerator(d, k, Number(args.seed), Number(args['centre-scale']));
  const train = features.split(n);
  const test = features.split(nTest);
  const files = {
    trainX: join(dir, 'train-x.npy'),
    trainY: join(dir, 'train-y.npy'),
    testX: join(dir, 'test-x.npy'),
    testY: join(dir, 'test-y.npy'),
  };
  writeNpy(files.trainX, train.x, [n, d]);
  writeNpy(files.trainY, train.y, [n]);
  writeNpy(files.testX, test.x, [nTest, d]);
  writeNpy(files.testY, test.y, [nTest]);
  console.log(`features: train ${n} × ${d}, test ${nTest}, ${k} classes, grid ${gridSize} values; ${dir}`);
  return files;
}

/** Read back through the .npy files, as the CLI does. */
function load(xf: string, yf: string) {
  const xa = readNpy(xf);
  return { x: xa.data as Float32Array, n: xa.shape[0]!, d: xa.shape[1]!, y: readNpy(yf).data as Int32Array };
}

async function compareLinear(files: Files, k: number): Promise<Comparison> {
  const cpu0 = process.cpuUsage();
  const ours = await runLinearProbe({
    train: load(files.trainX, files.trainY),
    test: load(files.testX, files.testY),
    numClasses: k,
    metric: 'top1',
    seed: 0,
    grid,
    threads,
    precondition: args.precondition === 'never' ? 'never' : 'auto',
    refitStart: args['refit-start'] === 'last-grid-point' ? 'last-grid-point' : 'chosen',
  });
  const cpu = process.cpuUsage(cpu0);
  // CPU seconds of all the process's threads: steadier than wall time on shared, busy cores.
  const oursCpu = (cpu.user + cpu.system) / 1e6;
  const iters = ours.validation.reduce((s, p) => s + p.iterations, 0);
  console.log(
    `runner : ${ours.timings.totalSeconds.toFixed(1)} s wall, ${oursCpu.toFixed(1)} s CPU (grid ${ours.timings.gridSeconds.toFixed(1)} s, refit ${ours.timings.refitSeconds.toFixed(1)} s; ` +
      `${iters} grid iterations, ${ours.timings.dataPasses} passes over X) chosen L2 ${ours.chosenL2.toExponential(3)}, ` +
      `val ${ours.bestValScore.toFixed(2)}, test top-1 ${ours.testScore.toFixed(2)}`,
  );

  const result: Comparison = {
    runner: {
      wallSeconds: ours.timings.totalSeconds,
      cpuSeconds: oursCpu,
      gridSeconds: ours.timings.gridSeconds,
      refitSeconds: ours.timings.refitSeconds,
      gridIterations: iters,
      dataPasses: ours.timings.dataPasses,
      chosenL2: ours.chosenL2,
      valScore: ours.bestValScore,
      testTop1: ours.testScore,
      precondition: args.precondition,
      refitStart: args['refit-start'],
    },
  };
  let sk: SklearnResult | undefined;
  if (!args['skip-sklearn']) {
    const sweep = execFileAsync(
      '/usr/bin/python3',
      [
        join(import.meta.dirname, 'sklearn_sweep.py'),
        files.trainX,
        files.trainY,
        files.testX,
        files.testY,
        String(gridSize),
      ],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
        // The same thread budget for both sides: OpenBLAS (numpy) reads these.
        env:
          Number(args.threads) > 0
            ? { ...process.env, OPENBLAS_NUM_THREADS: args.threads, OMP_NUM_THREADS: args.threads }
            : process.env,
      },
    );
    sklearnChild = sweep.child;
    const { stdout } = await sweep;
    sklearnChild = undefined;
    sk = JSON.parse(stdout) as SklearnResult;
    const skIters = sk.validation.reduce((s, p) => s + p.iterations, 0);
    console.log(
      `sklearn: ${sk.totalSeconds.toFixed(1)} s wall, ${sk.cpuSeconds.toFixed(1)} s CPU (grid ${sk.gridSeconds.toFixed(1)} s, refit ${sk.refitSeconds.toFixed(1)} s; ${skIters} grid iterations) ` +
        `chosen L2 ${sk.chosenL2.toExponential(3)}, val ${sk.bestValScore.toFixed(2)}, test top-1 ${sk.testScore.toFixed(2)}`,
    );
    result.sklearn = {
      wallSeconds: sk.totalSeconds,
      cpuSeconds: sk.cpuSeconds,
      gridSeconds: sk.gridSeconds,
      refitSeconds: sk.refitSeconds,
      gridIterations: skIters,
      chosenL2: sk.chosenL2,
      valScore: sk.bestValScore,
      testTop1: sk.testScore,
    };
    result.ratios = {
      sklearnOverRunnerWall: sk.totalSeconds / ours.timings.totalSeconds,
      sklearnOverRunnerCpu: sk.cpuSeconds / oursCpu,
      testTop1Difference: ours.testScore - sk.testScore,
    };
    console.log(
      `ratio  : sklearn / runner = ${(sk.totalSeconds / ours.timings.totalSeconds).toFixed(2)}× wall, ` +
        `${(sk.cpuSeconds / oursCpu).toFixed(2)}× CPU; ` +
        `test top-1 difference ${(ours.testScore - sk.testScore).toFixed(2)} points`,
    );
  }
  if (args.points) {
    console.log('l2         iterations (runner / sklearn)  runner stop, variables, seconds   val (runner / sklearn)');
    ours.validation.forEach((p, i) => {
      const q = sk?.validation[i];
      const vars = p.preconditioned ? 'preconditioned' : 'plain';
      console.log(
        `${p.l2.toExponential(2).padEnd(10)} ${String(p.iterations).padStart(4)} / ${String(q?.iterations ?? '-').padEnd(4)}  ${p.stop.padEnd(9)} ${vars.padEnd(14)} ${p.seconds.toFixed(1).padStart(5)}  ${p.valScore.toFixed(2)} / ${q?.valScore.toFixed(2) ?? '-'}`,
      );
    });
  }
  return result;
}
