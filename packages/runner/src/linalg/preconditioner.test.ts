import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '@transferboard/suite/random';
import { maxAbs } from './lbfgs';
import { minimizeLogistic } from './logistic-lbfgs';
import { LogisticEngine, type BoundDesign } from './logistic-objective';
import { preconditioner } from './preconditioner';
import { leadingSpectrum, type Spectrum } from './spectrum';

/** ReLU(class centre + noise) on top of a large common offset: ill-conditioned like pooled CNN features. */
function problem(n: number, d: number, k: number, seed: number) {
  const rand = mulberry32(seed);
  const centres = Array.from({ length: k * d }, () => 0.8 * (rand() - 0.5));
  const x = new Float32Array(n * d);
  const targets = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    targets[i * k + c] = 1;
    for (let j = 0; j < d; j++) x[i * d + j] = 2 + Math.max(0, centres[c * d + j]! + rand() - 0.5);
  }
  return { x, n, d, targets };
}

describe('minimizeLogistic in preconditioned variables', () => {
  const [n, d, k] = [600, 48, 5];
  const data = problem(n, d, k, 21);
  let engine: LogisticEngine;
  let bound: BoundDesign;
  let spectrum: Spectrum;
  beforeAll(async () => {
    engine = await LogisticEngine.create('softmax', d, k, 1);
    bound = engine.bind(data);
    spectrum = await leadingSpectrum(data.x, n, d, 16, 0, 1);
  });
  afterAll(() => engine.release());

  it.each([0.01, 1, 100])('reaches the plain solver’s optimum at L2 %s, in fewer iterations', async (l2) => {
    const tight = { maxIter: 3000, gtol: 1e-6, ftol: 0 };
    const x0 = new Float64Array(engine.size);
    const plain = await minimizeLogistic(engine, bound, l2, x0, tight);
    const pre = engine.bindPreconditioner(preconditioner(spectrum, engine.curvature, l2));
    const fast = await minimizeLogistic(engine, bound, l2, x0, { ...tight, preconditioner: pre });
    expect(Math.abs(fast.f - plain.f) / plain.f).toBeLessThan(1e-7);
    const scale = maxAbs(plain.x);
    expect(maxAbs(plain.x.map((v, i) => v - fast.x[i]!)) / scale).toBeLessThan(1e-3);
    expect(fast.iterations).toBeLessThan(plain.iterations);
  });

  it('warm-starts from the model’s parameters: the iterates map back onto the same model', async () => {
    const l2 = 1;
    const pre = engine.bindPreconditioner(preconditioner(spectrum, engine.curvature, l2));
    const start = await minimizeLogistic(engine, bound, l2, new Float64Array(engine.size), { maxIter: 15 });
    const step = await minimizeLogistic(engine, bound, l2, start.x, {
      maxIter: 3,
      gtol: 0,
      ftol: 0,
      preconditioner: pre,
    });
    expect(step.iterations).toBe(3);
    expect(step.f).toBeLessThan(start.f);
    // f carried through the solver (logits updated along X·M·d) equals f evaluated afresh at the
    // returned model: the conversion into u and the maps back agree.
    const g = new Float64Array(engine.size);
    const fresh = await engine.objective(bound, l2)(step.x, g);
    expect(Math.abs(fresh - step.f) / step.f).toBeLessThan(1e-6);
    // The gradient returned is the model's, not the one in u (which differs by the scales of M,
    // here 0.1–10×); float32 products over X leave ~4e-5 between the carried and the fresh one.
    expect(maxAbs(g.map((v, i) => v - step.grad[i]!)) / maxAbs(g)).toBeLessThan(1e-3);
  });

  it('multi-label (sigmoid) fits reach the same optimum too', async () => {
    const sig = await LogisticEngine.create('sigmoid', d, k, 1);
    try {
      const b = sig.bind(data);
      const tight = { maxIter: 3000, gtol: 1e-6, ftol: 0 };
      const plain = await minimizeLogistic(sig, b, 0.5, new Float64Array(sig.size), tight);
      const pre = sig.bindPreconditioner(preconditioner(spectrum, sig.curvature, 0.5));
      const fast = await minimizeLogistic(sig, b, 0.5, new Float64Array(sig.size), { ...tight, preconditioner: pre });
      expect(Math.abs(fast.f - plain.f) / plain.f).toBeLessThan(1e-7);
    } finally {
      await sig.release();
    }
  });
});
