import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { continueSearch, lbfgsbLineSearch, startSearch } from './line-search';
import { testVectors } from '../test-vectors';

/** Written by scripts/reference/line_search_refs.py from SciPy's own dcsrch (Fortran MINPACK-2). */
const refs = JSON.parse(readFileSync(testVectors('line-search', 'refs.json'), 'utf8')) as {
  logistic: [number, number, number][];
  cases: { function: string; stp0: number; steps: number[]; final: number; task: string }[];
};

type Phi = (a: number) => [number, number];
const mt1: Phi = (a, b = 2) => [-a / (a * a + b), (a * a - b) / (a * a + b) ** 2];
const mt2: Phi = (a, b = 0.004) => [(a + b) ** 5 - 2 * (a + b) ** 4, 5 * (a + b) ** 4 - 8 * (a + b) ** 3];
const mt3: Phi = (a) => {
  const [l, beta] = [39, 0.01];
  let [p, dp] =
    a <= 1 - beta ? [1 - a, -1] : a >= 1 + beta ? [a - 1, 1] : [(a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta];
  const c = (2 * (1 - beta)) / (l * Math.PI);
  p += c * Math.sin((l * Math.PI * a) / 2);
  dp += c * ((l * Math.PI) / 2) * Math.cos((l * Math.PI * a) / 2);
  return [p, dp];
};
const logistic: Phi = (a) => {
  let f = 0;
  let g = 0;
  for (const [z0, dz, y] of refs.logistic) {
    const m = y * (z0 + a * dz);
    f += Math.max(-m, 0) + Math.log1p(Math.exp(-Math.abs(m)));
    const sig = m >= 0 ? 1 / (1 + Math.exp(-m)) : Math.exp(m) / (1 + Math.exp(m));
    g += -y * dz * (1 - sig);
  }
  return [f, g];
};
const quadratic: Phi = (a) => [1.5 * (a - 0.7) ** 2 - 1.5 * 0.49, 3 * (a - 0.7)];
const FUNCTIONS: Record<string, Phi> = { mt1, mt2, mt3, logistic, quadratic };

describe('the L-BFGS-B line search (MINPACK-2 dcsrch) proposes SciPy’s trial steps', () => {
  it.each(refs.cases.map((c) => [`${c.function} from ${c.stp0}`, c] as const))('%s', (_, c) => {
    const phi = FUNCTIONS[c.function]!;
    const [f0, g0] = phi(0);
    const state = startSearch(f0, g0, c.stp0, 0, 1e10);
    const steps: number[] = [];
    let stp = c.stp0;
    let task = 'FG';
    while (task === 'FG' && steps.length < 20) {
      steps.push(stp);
      const [f, g] = phi(stp);
      const next = continueSearch(state, stp, f, g);
      task = next.task;
      stp = next.stp;
    }
    expect(steps).toHaveLength(c.steps.length);
    steps.forEach((s, i) => {
      expect(Math.abs(s - c.steps[i]!)).toBeLessThanOrEqual(1e-9 * Math.abs(c.steps[i]!));
    });
    expect(task).toBe(c.task.startsWith('CONV') ? 'CONVERGENCE' : 'WARNING');
    expect(Math.abs(stp - c.final)).toBeLessThanOrEqual(1e-9 * Math.abs(c.final));
  });

  it('accepts the first step when it meets both Wolfe conditions, and searches on a bad first step', async () => {
    const phi = async (t: number) => {
      const [f, gtd] = quadratic(t);
      return { f, gtd };
    };
    const first = await lbfgsbLineSearch(phi, 0, -2.1, 1);
    expect(first).toEqual({ ok: true, t: 1, f: quadratic(1)[0], evaluations: 1 });
    const far = await lbfgsbLineSearch(phi, 0, -2.1, 1000);
    expect(far.ok && far.evaluations).toBe(2);
  });

  it('ends on a dcsrch warning when values contradict the slope, accepting the last step as lnsrlb does', async () => {
    // φ rises while its reported slope says it falls: no step can satisfy the conditions.
    const r = await lbfgsbLineSearch(async (t) => ({ f: 1 + t, gtd: -1 }), 0, -1, 1);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.warning).toMatch(/stpmin|xtol|rounding/);
      expect(r.evaluations).toBeLessThanOrEqual(20);
    }
  });
});
