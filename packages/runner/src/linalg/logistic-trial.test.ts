import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@transferboard/suite/random';
import { createSession, OrtTensor, run } from '../onnx/runtime';
import { type LossKind, trialGraph } from './logistic-graphs';
import { TrialKernel } from './logistic-trial';

/** Logits with a wide range (large margins, near-ties), float32 directions and targets of each kind. */
function trialInputs(kind: LossKind, k: number, n: number, seed: number) {
  const rand = mulberry32(seed);
  const z0T = Float64Array.from({ length: k * n }, () => 40 * (rand() - 0.5));
  const xdT = Float32Array.from({ length: k * n }, () => 4 * (rand() - 0.5));
  const yT = new Float64Array(k * n);
  for (let i = 0; i < n; i++) {
    if (kind === 'softmax') yT[(i % k) * n + i] = 1;
    else for (let c = 0; c < k; c++) yT[c * n + i] = rand() < 0.3 ? 1 : 0;
  }
  return { z0T, xdT, yT };
}

/** The ONNX trial graph's answer: the kernel's oracle. */
async function graphTrial(kind: LossKind, k: number, n: number, inputs: ReturnType<typeof trialInputs>, t: number) {
  const session = await createSession(trialGraph(kind), { intraOpThreads: 1 });
  try {
    const out = await run(session, {
      Z0T: new OrtTensor('float64', inputs.z0T, [k, n]),
      XDT: new OrtTensor('float32', inputs.xdT, [k, n]),
      YT: new OrtTensor('float64', inputs.yT, [k, n]),
      t: new OrtTensor('float64', new Float64Array([t]), [1]),
    });
    const total = (name: string) => (out[name]!.data as Float64Array).reduce((a, b) => a + b, 0);
    return {
      loss: total('rowLoss'),
      slope: total('rowDir'),
      gT: out.GT!.data as Float32Array,
      zT: out.ZT!.data as Float64Array,
    };
  } finally {
    await session.release();
  }
}

describe('TrialKernel computes the ONNX trial graph’s loss, slope, residual and logits', () => {
  const [k, n] = [7, 301];
  it.each([
    ['softmax', 0],
    ['softmax', 0.37],
    ['softmax', 5],
    ['sigmoid', 0],
    ['sigmoid', 0.37],
    ['sigmoid', 5],
  ] as const)('%s at t = %s', async (kind, t) => {
    const inputs = trialInputs(kind, k, n, 11);
    const expected = await graphTrial(kind, k, n, inputs, t);
    const kernel = new TrialKernel(kind, k, n);
    // Twice on one kernel: its reused scratch must not leak from one trial into the next.
    kernel.run(inputs.z0T, inputs.xdT, inputs.yT, t + 1);
    const got = kernel.run(inputs.z0T, inputs.xdT, inputs.yT, t);
    expect(got.loss).toBeGreaterThan(0);
    expect(Math.abs(got.loss - expected.loss)).toBeLessThanOrEqual(1e-12 * Math.abs(expected.loss));
    expect(Math.abs(got.slope - expected.slope)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(expected.slope)));
    expect(got.zT).toEqual(expected.zT);
    let gDiff = 0;
    for (let j = 0; j < k * n; j++) gDiff = Math.max(gDiff, Math.abs(got.gT[j]! - expected.gT[j]!));
    expect(gDiff).toBeLessThanOrEqual(1e-7);
  });

  it('gives a NaN loss, not a finite one, when a logit is NaN', () => {
    const inputs = trialInputs('softmax', k, n, 12);
    inputs.z0T[3 * n + 5] = Number.NaN;
    expect(new TrialKernel('softmax', k, n).run(inputs.z0T, inputs.xdT, inputs.yT, 0.5).loss).toBeNaN();
  });

  it('refuses inputs of the wrong size', () => {
    const inputs = trialInputs('softmax', k, n, 13);
    expect(() => new TrialKernel('softmax', k, n + 1).run(inputs.z0T, inputs.xdT, inputs.yT, 1)).toThrow(/k × n/);
  });
});
