import { describe, expect, it } from 'vitest';
import { createRng, mulberry32 } from './random';

describe('the seeded generator', () => {
  it('draws the same mulberry32 numbers as the reference', () => {
    const rand = mulberry32(2021);
    expect([rand(), rand(), rand()]).toEqual([0.7754918010905385, 0.23599407658912241, 0.8961936091072857]);
  });

  it('gives integers from the same stream and shuffles deterministically', () => {
    const rand = mulberry32(2021);
    const rng = createRng(2021);
    expect(rng.int(10)).toBe(Math.floor(rand() * 10));
    expect(rng.next()).toBe(rand());
    const a = createRng(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).toEqual(createRng(5).shuffle([1, 2, 3, 4, 5, 6, 7, 8]));
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(a).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
