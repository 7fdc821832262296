import { describe, expect, it } from 'vitest';
import { fromHalfArray, fromHalfBits, toHalfArray, toHalfBits } from './float16';

describe('half precision bits', () => {
  it('encodes known values as numpy float16 does', () => {
    // numpy: np.array([...], np.float32).astype(np.float16).view(np.uint16)
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [0.1, 0x2e66],
      [65504, 0x7bff],
      [65520, 0x7c00],
      [1e-8, 0x0000],
      [2 ** -24, 0x0001],
      [6.103515625e-5, 0x0400],
      [1 + 2 ** -11, 0x3c00],
      [1 + 3 * 2 ** -11, 0x3c02],
      [Number.POSITIVE_INFINITY, 0x7c00],
      [-1e9, 0xfc00],
      [3.14, 0x4248],
    ];
    for (const [v, bits] of cases) expect([v, toHalfBits(v)]).toEqual([v, bits]);
    expect(Number.isNaN(fromHalfBits(toHalfBits(Number.NaN)))).toBe(true);
  });

  it('round-trips every finite half exactly', () => {
    const all = new Uint16Array(0x10000).map((_, i) => i);
    const finite = all.filter((h) => (h & 0x7c00) !== 0x7c00);
    expect(Array.from(toHalfArray(fromHalfArray(finite)))).toEqual(Array.from(finite));
  });

  it('keeps relative error within 2^-11 over the normal range', () => {
    let worst = 0;
    for (let v = 6.2e-5; v < 6e4; v *= 1.0137) worst = Math.max(worst, Math.abs(fromHalfBits(toHalfBits(v)) - v) / v);
    expect(worst).toBeLessThanOrEqual(2 ** -11);
    expect(worst).toBeGreaterThan(2 ** -13);
  });
});
