import { describe, expect, it } from 'vitest';
import { KnBuffers } from './kn-buffers';
import { LogisticEngine } from './logistic-objective';

describe('KnBuffers', () => {
  it('hands out the logits buffer that is not the one being read', () => {
    const b = new KnBuffers(3, 4);
    const first = b.logits();
    const other = b.logitsBeside(first);
    expect(other.data).not.toBe(first.data);
    expect(b.logitsBeside(other).data).toBe(first.data);
    expect(first.dims).toEqual([3, 4]);
    expect(b.residual.type).toBe('float32');
  });

  it("lets the engine's trials write into the design's buffers without touching the logits they read", async () => {
    const [n, d, k] = [40, 6, 3];
    const engine = await LogisticEngine.create('softmax', d, k, 1);
    try {
      const x = Float32Array.from({ length: n * d }, (_, i) => Math.sin(i * 0.7));
      const targets = new Float32Array(n * k);
      for (let i = 0; i < n; i++) targets[i * k + (i % k)] = 1;
      const bound = engine.bind({ x, n, d, targets });
      const params = Float64Array.from({ length: engine.size }, (_, i) => 0.05 * Math.cos(i));
      const Z0 = await engine.logitsT(bound, params);
      const z0 = Float64Array.from(Z0.data as Float64Array);
      const step = await engine.trial(bound, Z0, bound.zerosT, 0);
      expect(step.ZT.data).not.toBe(Z0.data);
      expect(Array.from(step.ZT.data as Float64Array)).toEqual(Array.from(z0));
      // A second trial from the first's logits writes into the other buffer, and the loss it
      // reports is the one a fresh design gives at the same point.
      const again = await engine.trial(bound, step.ZT, bound.zerosT, 0);
      expect(again.ZT.data).toBe(Z0.data);
      const fresh = engine.bind({ x, n, d, targets });
      const ref = await engine.trial(fresh, await engine.logitsT(fresh, params), fresh.zerosT, 0);
      expect(again.loss).toBe(ref.loss);
      expect(Array.from(again.GT.data as Float32Array)).toEqual(Array.from(ref.GT.data as Float32Array));
    } finally {
      await engine.release();
    }
  });
});
