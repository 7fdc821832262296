import { LogisticEngine } from '../../../packages/runner/src/linalg/logistic-objective';
import { FeatureGenerator } from './features';

const [n, d, k] = (process.argv[3] ?? '3200,512,50').split(',').map(Number) as [number, number, number];
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
const l2mask = e.l2mask(1e-4);
const three = async () => {
  const dir = await e.direction(b, c, R, x, g);
  const t = await e.trial(b, ZT, dir.XDT, 1);
  await e.accept(b, t.GT, { x, dir: dir.dir, t: 1, gOld: g, l2mask }, R, 21);
};
const one = () => e.iterate(b, c, R, { x, g, ZT, t: 1, l2mask });
const w: Record<string, number[]> = { three: [], one: [] };
const cpu: Record<string, number[]> = { three: [], one: [] };
for (let i = 0; i < Number(process.argv[4] ?? 150); i++)
  for (const [name, op] of [
    ['three', three],
    ['one', one],
  ] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await op();
    w[name]!.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    cpu[name]!.push((cu.user + cu.system) / 1e3);
  }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
for (const name of ['three', 'one'])
  console.log(
    `${name}: wall median ${med(w[name]!).toFixed(2)} mean ${mean(w[name]!).toFixed(2)} ms; CPU median ${med(cpu[name]!).toFixed(2)} mean ${mean(cpu[name]!).toFixed(2)} ms`,
  );
