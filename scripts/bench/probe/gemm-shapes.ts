/**
 * The linear probe's two products over the features, X [n, d] (row-major float32, as .npy
 * files hold them) with k classes, in each GEMM arrangement onnxruntime offers, side by side
 * with NumPy/OpenBLAS float64 (scikit-learn's) on the same shapes: what the probe's layout in
 * src/linalg/logistic-graphs.ts was chosen from.
 *
 *   node --import tsx scripts/bench/probe/gemm-shapes.ts [--n 2400,16000] [--d 2048] [--k 100] [--reps 10]
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { encodeModel } from '@transferboard/onnx-intake/graph';
import { createSession, OrtTensor, run, type Tensor } from '@transferboard/runner/onnx/runtime';
import { startRecord } from '../lib/record';

const { values: args } = parseArgs({
  options: {
    n: { type: 'string', default: '2400,16000' },
    d: { type: 'string', default: '2048' },
    k: { type: 'string', default: '100' },
    reps: { type: 'string', default: '10' },
  },
});
const d = Number(args.d);
const k = Number(args.k);
const reps = Number(args.reps);
const record = startRecord('probe-gemm-shapes');
/** The product's name as printed, aligned with spaces: one space between words in the record. */
const label = (name: string) => name.trim().replace(/\s+/g, ' ');
const rows: { n: number; side: string; product: string; ms: number; gflops: number }[] = [];

type Shape = (string | number)[];
function gemm(a: Shape, b: Shape, attrs: Record<string, number>): Uint8Array {
  return encodeModel({
    name: 'gemm',
    inputs: [
      { name: 'A', type: 'float32', shape: a },
      { name: 'B', type: 'float32', shape: b },
    ],
    outputs: [{ name: 'C', type: 'float32', shape: ['r', 'c'] }],
    nodes: [{ op: 'Gemm', inputs: ['A', 'B'], outputs: ['C'], attrs }],
    opset: 17,
  });
}

for (const n of args.n.split(',').map(Number)) {
  const X = new OrtTensor(
    'float32',
    Float32Array.from({ length: n * d }, () => Math.random()),
    [n, d],
  );
  const W = Float32Array.from({ length: d * k }, () => Math.random());
  const G = Float32Array.from({ length: n * k }, () => Math.random());
  const cases: [string, Uint8Array, Record<string, Tensor>][] = [
    [
      'logits   Z = X·W            ',
      gemm(['n', 'd'], ['d', 'k'], {}),
      { A: X, B: new OrtTensor('float32', W, [d, k]) },
    ],
    [
      'logits   Zᵀ = Wᵀ·Xᵀ (transB) ',
      gemm(['k', 'd'], ['n', 'd'], { transB: 1 }),
      { A: new OrtTensor('float32', W, [k, d]), B: X },
    ],
    [
      'gradient Xᵀ·G (transA)       ',
      gemm(['n', 'd'], ['n', 'k'], { transA: 1 }),
      { A: X, B: new OrtTensor('float32', G, [n, k]) },
    ],
    [
      'gradient Gᵀ·X (Gᵀ stored)    ',
      gemm(['k', 'n'], ['n', 'd'], {}),
      { A: new OrtTensor('float32', G, [k, n]), B: X },
    ],
    [
      'gradient Xᵀ·(Gᵀ)ᵀ (Gᵀ stored)',
      gemm(['n', 'd'], ['k', 'n'], { transA: 1, transB: 1 }),
      { A: X, B: new OrtTensor('float32', G, [k, n]) },
    ],
  ];
  const flop = 2 * n * d * k;
  for (const [name, model, feeds] of cases) {
    const session = await createSession(model, { intraOpThreads: 0, allowSpinning: false });
    await run(session, feeds);
    const t = performance.now();
    for (let i = 0; i < reps; i++) await run(session, feeds);
    const ms = (performance.now() - t) / reps;
    console.log(
      `n=${n} onnxruntime f32 ${name} ${ms.toFixed(1).padStart(6)} ms ${(flop / ms / 1e6).toFixed(0).padStart(4)} GFLOP/s`,
    );
    rows.push({ n, side: 'onnxruntime f32', product: label(name), ms, gflops: flop / ms / 1e6 });
    await session.release();
  }
  const py = `
import numpy as np, time
X = np.random.rand(${n}, ${d}); W = np.random.rand(${k}, ${d}); D = np.random.rand(${n}, ${k})
for name, f in (('logits   X·Wᵀ (sklearn)      ', lambda: X @ W.T), ('gradient Dᵀ·X (sklearn)      ', lambda: D.T @ X)):
    f(); t = time.perf_counter()
    for _ in range(${reps}): f()
    ms = (time.perf_counter() - t) / ${reps} * 1000
    print(f'n=${n} numpy f64       {name} {ms:6.1f} ms {${flop} / ms / 1e6:4.0f} GFLOP/s')
`;
  const numpy = execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' });
  process.stdout.write(numpy);
  for (const m of numpy.matchAll(/^n=\d+ numpy f64\s+(.+?)\s+([\d.]+) ms\s+(\d+) GFLOP\/s$/gm)) {
    rows.push({ n, side: 'numpy f64', product: label(m[1]!), ms: Number(m[2]), gflops: Number(m[3]) });
  }
}
record.write({ d, k, reps, rows });
