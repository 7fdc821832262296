import { LogisticEngine } from '../../../packages/runner/src/linalg/logistic-objective';
import { FeatureGenerator } from './features';

const [n, d, k] = [3200, 512, 50];
const f = new FeatureGenerator(d, k, 1, 0.15);
const tr = f.split(n);
const targets = new Float32Array(n * k);
for (let i = 0; i < n; i++) targets[i * k + tr.y[i]!] = 1;
const e = await LogisticEngine.create('softmax', d, k, Number(process.argv[2] ?? 0));
const b = e.bind({ x: tr.x, n, d, targets });
const p = e.size;
const x = Float64Array.from({ length: p }, (_, i) => 0.01 * Math.sin(i));
const g = Float64Array.from({ length: p }, (_, i) => 0.01 * Math.cos(i));
const R = new Float64Array(21 * p);
for (let i = 0; i < 21 * p; i++) R[i] = Math.sin(i * 0.37);
const c = Float64Array.from({ length: 21 }, (_, i) => 0.1 * Math.cos(i));
const ZT = await e.logitsT(b, x);
const dir = await e.direction(b, c, R, x, g);
const tr1 = await e.trial(b, ZT, dir.XDT, 1);
const l2mask = e.l2mask(1e-4);
const ops: Record<string, () => Promise<unknown>> = {
  logitsT: () => e.logitsT(b, x),
  direction: () => e.direction(b, c, R, x, g),
  trial: () => e.trial(b, ZT, dir.XDT, 1),
  gradient: () => e.gradient(b, tr1.GT, x, l2mask),
  accept: () => e.accept(b, tr1.GT, { x, dir: dir.dir, t: 1, gOld: g, l2mask }, R, 21),
  iterate: () => e.iterate(b, c, R, { x, g, ZT, t: 1, l2mask }),
};
const res: Record<string, number[][]> = {};
for (let round = 0; round < 5; round++)
  for (const [name, op] of Object.entries(ops)) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let i = 0; i < 15; i++) await op();
    const cu = process.cpuUsage(c0);
    (res[name] ??= []).push([(cu.user + cu.system) / 1e3 / 15, (performance.now() - t0) / 15]);
  }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const [name, r] of Object.entries(res))
  console.log(
    `${name.padEnd(10)} CPU ${med(r.map((v) => v[0]!)).toFixed(2)} ms  wall ${med(r.map((v) => v[1]!)).toFixed(2)} ms`,
  );
