import { describe, expect, it } from 'vitest';
import { acceptFp16, compareFeatures } from './acceptance';

describe('compareFeatures', () => {
  it('measures per-row cosine and relative error', () => {
    const a = new Float32Array([1, 0, 0, 0, 2, 0]);
    const b = new Float32Array([1, 0.01, 0, 0, 2, 0]);
    const r = compareFeatures(a, b, 3);
    expect(r.rows).toBe(2);
    expect(r.minCosine).toBeCloseTo(1 / Math.sqrt(1.0001), 9);
    expect(r.maxRelError).toBeCloseTo(0.01, 6);
    expect(r.nonFinite).toBe(0);
  });

  it('counts overflowed rows', () => {
    expect(compareFeatures(new Float32Array([1, 2]), new Float32Array([Infinity, 2]), 2).nonFinite).toBe(1);
  });

  it('refuses mismatched arrays', () => {
    expect(() => compareFeatures(new Float32Array(4), new Float32Array(6), 2)).toThrow(/differ in size/);
  });
});

describe('acceptFp16', () => {
  const a = new Float32Array([0.5, 1, 2, 3]);
  it('accepts features within tolerance and probes inside the fp32 CIs', () => {
    const v = acceptFp16({
      fp32: a,
      fp16: a.map((x) => x * 1.0005),
      dim: 2,
      probes32: [
        { task: 'fewshot-eurosat-5shot', value: 80.1, ciLow: 79.4, ciHigh: 80.8 },
        { task: 'linear-dtd', value: 60.21 },
      ],
      probes16: [
        { task: 'fewshot-eurosat-5shot', value: 80.3 },
        { task: 'linear-dtd', value: 60.23 },
      ],
    });
    expect(v).toMatchObject({ accepted: true, reasons: [] });
  });

  it('rejects drifted features and a probe outside its CI, saying why', () => {
    const v = acceptFp16({
      fp32: a,
      fp16: a.map((x, i) => (i === 1 ? x * 1.2 : x)),
      dim: 2,
      probes32: [{ task: 'fewshot-eurosat-5shot', value: 80.1, ciLow: 79.4, ciHigh: 80.8 }],
      probes16: [{ task: 'fewshot-eurosat-5shot', value: 81.0 }],
    });
    expect(v.accepted).toBe(false);
    expect(v.reasons.join('\n')).toMatch(/max relative error/);
    expect(v.reasons.join('\n')).toMatch(/fewshot-eurosat-5shot: fp16 81 outside the fp32 CI \[79.4, 80.8\]/);
  });
});
