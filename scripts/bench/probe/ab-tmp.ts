import { tuning, LogisticEngine } from '../../../packages/runner/src/linalg/logistic-objective';
import { minimizeLogistic } from '../../../packages/runner/src/linalg/logistic-lbfgs';
import { FeatureGenerator } from './features';

const [n, d, k] = [3200, 512, 50];
const f = new FeatureGenerator(d, k, 1, 0.15);
const tr = f.split(n);
const targets = new Float32Array(n * k);
for (let i = 0; i < n; i++) targets[i * k + tr.y[i]!] = 1;
const mk = async (spec: boolean) => {
  tuning.speculate = spec;
  const e = await LogisticEngine.create('softmax', d, k);
  return { e, b: e.bind({ x: tr.x, n, d, targets }) };
};
const plain = await mk(false);
const spec = await mk(true);
const variants = [
  ['three runs', plain, false],
  ['fused trial', plain, true],
  ['fused + speculative', spec, true],
] as const;
const res: Record<string, { cpu: number[]; wall: number[]; it: number }> = {};
for (let round = 0; round < Number(process.argv[2] ?? 4); round++)
  for (const [name, v, fuse] of variants) {
    tuning.fuse = fuse;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await minimizeLogistic(v.e, v.b, 1e-4, new Float64Array(v.e.size), { maxIter: 100 });
    const c = process.cpuUsage(c0);
    res[name] ??= { cpu: [], wall: [], it: r.iterations };
    res[name].cpu.push((c.user + c.system) / 1e3 / r.iterations);
    res[name].wall.push((performance.now() - t0) / r.iterations);
    res[name].it = r.iterations;
    console.log(
      name,
      r.iterations,
      r.f,
      ((c.user + c.system) / 1e3 / r.iterations).toFixed(2),
      ((performance.now() - t0) / r.iterations).toFixed(2),
    );
  }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const [name, r] of Object.entries(res))
  console.log(`${name}: ${r.it} it, ms/iteration CPU ${med(r.cpu).toFixed(2)} wall ${med(r.wall).toFixed(2)}`);
