import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState } from '../random/numpy-random';
import { readNpy } from '../npy/npy';
import { runFewShot } from './few-shot';
import { testVectors } from '../test-vectors';

const dir = testVectors('few-shot');
const refs = JSON.parse(readFileSync(join(dir, 'refs.json'), 'utf8'));
const xa = readNpy(join(dir, 'x.npy'));
const labels = readNpy(join(dir, 'y.npy')).data as Int32Array;
const base = { x: xa.data as Float32Array, n: xa.shape[0]!, d: xa.shape[1]!, labels };

describe('runFewShot reproduces the python reference episode for episode', () => {
  it.each([
    ['5shot', 5, 0],
    ['20shot', 20, 7],
  ] as const)('%s', (key, shots, seed) => {
    const r = runFewShot({ ...base, shots, episodes: 200, seed });
    const ref = refs[key];
    expect(r.eligibleClasses).toBe(ref.eligible);
    expect(r.accuracy).toBeCloseTo(ref.accuracy, 9);
    expect(r.std).toBeCloseTo(ref.std, 9);
    expect(r.ci95).toBeCloseTo(ref.ci95, 9);
    expect(r).toMatchObject({ ways: 5, queries: 15, episodes: 200 });
  });

  it('is deterministic for a seed and changes with it', () => {
    const a = runFewShot({ ...base, shots: 5, episodes: 50, seed: 3 });
    const b = runFewShot({ ...base, shots: 5, episodes: 50, seed: 3 });
    const c = runFewShot({ ...base, shots: 5, episodes: 50, seed: 4 });
    expect(a.accuracy).toBe(b.accuracy);
    expect(c.accuracy).not.toBe(a.accuracy);
  });

  // Speed is measured by scripts/bench/probe (figures in docs/protocols.md), not here.
  it('runs the full 600 episodes of 5-way 50-shot on 2048-d features', () => {
    const n = 2000;
    const d = 2048;
    const x = new Float32Array(n * d);
    const rs = new NumpyRandomState(11);
    for (let i = 0; i < x.length; i++) x[i] = rs.random() - 0.5;
    const y = Int32Array.from({ length: n }, (_, i) => i % 20);
    const r = runFewShot({ x, n, d, labels: y, shots: 50 });
    expect(r.episodes).toBe(600);
    // Random features carry no class signal: accuracy sits at chance (20%) for 5 ways.
    expect(r.accuracy).toBeGreaterThan(15);
    expect(r.accuracy).toBeLessThan(25);
  });
});

describe('runFewShot refuses bad input with a clear message', () => {
  it('too few classes with enough examples', () => {
    expect(() => runFewShot({ ...base, shots: 60, sources: { labels: 'y.npy' } })).toThrow(
      /y\.npy: only \d+ classes have at least 75 examples .* Lower --shots or --ways/,
    );
  });
  it('mismatched labels, non-finite features, bad parameters', () => {
    expect(() => runFewShot({ ...base, labels: labels.subarray(1), shots: 5 })).toThrow(
      /530 labels for 531 feature rows/,
    );
    const x = Float32Array.from(base.x);
    x[5] = Number.NaN;
    expect(() => runFewShot({ ...base, x, shots: 5, sources: { features: 'f.npy' } })).toThrow(
      /f\.npy: non-finite value NaN at row 0, column 5/,
    );
    expect(() => runFewShot({ ...base, shots: 0 })).toThrow(/shots must be an integer ≥ 1/);
  });
});
