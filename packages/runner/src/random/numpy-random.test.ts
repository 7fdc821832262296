import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NumpyRandomState, numpyLegacyPermutation } from './numpy-random';
import { testVectors } from '../test-vectors';

interface Case {
  seed: number;
  random: number[];
  randint_0_10: number[];
  randint_5_6: number[];
  randint_m3_1000: number[];
  choice_467_30: number[];
  shuffle_50: number[];
  permutation_1000_head: number[];
  after: number[];
}
const ref = JSON.parse(readFileSync(testVectors('random', 'numpy-random-reference.json'), 'utf8')) as {
  cases: Case[];
  caltech_sizes: number[];
  caltech_draws: number[][];
  val_split_3060_head: number[];
  val_split_3060_tail: number[];
  val_split_50000_head: number[];
  val_split_50000_tail: number[];
};

describe('NumpyRandomState matches numpy legacy RandomState', () => {
  for (const c of ref.cases) {
    it(`seed ${c.seed}: the same sequence of mixed calls`, () => {
      const rs = new NumpyRandomState(c.seed);
      const random = Array.from({ length: 5 }, () => rs.random());
      expect(random).toEqual(c.random);
      expect(rs.randint(0, 10, 20)).toEqual(c.randint_0_10);
      expect(rs.randint(5, 6, 3)).toEqual(c.randint_5_6);
      expect(rs.randint(-3, 1000, 20)).toEqual(c.randint_m3_1000);
      expect(rs.choice(467, 30)).toEqual(c.choice_467_30);
      expect(rs.shuffle(Array.from({ length: 50 }, (_, i) => i))).toEqual(c.shuffle_50);
      expect(rs.permutation(1000).slice(0, 20)).toEqual(c.permutation_1000_head);
      expect(rs.randint(0, 2 ** 31 - 1, 5)).toEqual(c.after);
    });
  }

  it("first random() of seed 0 is numpy's 0.5488135039273248", () => {
    expect(new NumpyRandomState(0).random()).toBe(0.5488135039273248);
  });

  it("reproduces the paper's sequential per-class Caltech draws", () => {
    const rs = new NumpyRandomState(0);
    expect(ref.caltech_sizes.map((n) => rs.choice(n, 30))).toEqual(ref.caltech_draws);
  });

  it('reproduces the seeded 20% validation shuffle', () => {
    for (const n of [3060, 50000] as const) {
      const idx = new NumpyRandomState(0).permutation(n);
      expect(idx.slice(0, 25)).toEqual(ref[`val_split_${n}_head`]);
      expect(idx.slice(-25)).toEqual(ref[`val_split_${n}_tail`]);
    }
  });

  it("gives the same permutation as a typed array (the linear probe's validation split)", () => {
    const idx = numpyLegacyPermutation(3060, 0);
    expect(Array.from(idx.slice(0, 25))).toEqual(ref.val_split_3060_head);
    expect(Array.from(idx.slice(-25))).toEqual(ref.val_split_3060_tail);
  });

  it('samples a k-subset without repeats, deterministically', () => {
    const draw = (seed: number) => {
      const a = Int32Array.from({ length: 50 }, (_, i) => i);
      new NumpyRandomState(seed).sampleInPlace(a, 10);
      return Array.from(a.slice(0, 10));
    };
    expect(new Set(draw(3)).size).toBe(10);
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('rejects seeds numpy rejects', () => {
    expect(() => new NumpyRandomState(-1)).toThrow(RangeError);
    expect(() => new NumpyRandomState(2 ** 32)).toThrow(RangeError);
  });
});
