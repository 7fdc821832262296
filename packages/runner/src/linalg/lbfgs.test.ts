import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from './lbfgs';

const rosenbrock: Objective = async (x, g) => {
  let f = 0;
  g.fill(0);
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i]!;
    const b = x[i + 1]!;
    f += 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    g[i] = g[i]! - 400 * a * (b - a * a) - 2 * (1 - a);
    g[i + 1] = g[i + 1]! + 200 * (b - a * a);
  }
  return f;
};

describe('minimizeLbfgs', () => {
  it('solves the 10-d Rosenbrock function', async () => {
    const r = await minimizeLbfgs(rosenbrock, new Float64Array(10).fill(-1.2), { maxIter: 500, gtol: 1e-8, ftol: 0 });
    expect(r.reason).toBe('gtol');
    for (const v of r.x) expect(v).toBeCloseTo(1, 5);
    expect(r.evaluations).toBeLessThan(3 * r.iterations + 5);
  });

  it('solves an ill-conditioned quadratic exactly', async () => {
    const diag = Float64Array.from({ length: 50 }, (_, i) => 10 ** (i / 12));
    const q: Objective = async (x, g) => {
      let f = 0;
      for (let i = 0; i < x.length; i++) {
        const r = x[i]! - 3;
        f += 0.5 * diag[i]! * r * r;
        g[i] = diag[i]! * r;
      }
      return f;
    };
    const r = await minimizeLbfgs(q, new Float64Array(50), { maxIter: 1000, gtol: 1e-9, ftol: 0 });
    expect(r.f).toBeLessThan(1e-12);
  });

  it('stops at the iteration budget and says so', async () => {
    const r = await minimizeLbfgs(rosenbrock, new Float64Array(10).fill(-1.2), { maxIter: 3 });
    expect(r.iterations).toBe(3);
    expect(r.reason).toBe('max-iter');
  });

  it('returns at once when the start is already stationary', async () => {
    const r = await minimizeLbfgs(rosenbrock, new Float64Array(4).fill(1));
    expect(r).toMatchObject({ iterations: 0, evaluations: 1, reason: 'gtol' });
  });
});
