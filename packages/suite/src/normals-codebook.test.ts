import { describe, expect, it } from 'vitest';
import { loadPaperNormalsCodebook } from './normals-codebook';

describe("the paper's normals codebook (vocab40.mat)", () => {
  const cb = loadPaperNormalsCodebook();

  it('holds 40 unit directions, the first and last as vocab40.mat has them', () => {
    expect(cb.size).toBe(40);
    for (let i = 0; i < 40; i++) {
      const [x, y, z] = [cb.directions[i * 3]!, cb.directions[i * 3 + 1]!, cb.directions[i * 3 + 2]!];
      expect(Math.abs(Math.hypot(x, y, z) - 1), `direction ${i + 1}`).toBeLessThan(1e-7);
    }
    expect(Array.from(cb.directions.subarray(0, 3))).toEqual([0.49595648, -0.03279061, 0.86772804]);
    // No two directions coincide (a k-means codebook of distinct clusters).
    for (let i = 0; i < 40; i++)
      for (let j = i + 1; j < 40; j++) {
        const dot =
          cb.directions[i * 3]! * cb.directions[j * 3]! +
          cb.directions[i * 3 + 1]! * cb.directions[j * 3 + 1]! +
          cb.directions[i * 3 + 2]! * cb.directions[j * 3 + 2]!;
        expect(dot).toBeLessThan(0.999);
      }
  });

  it('has a triangulation over those 40 vertices (0-based), every vertex in some face', () => {
    expect(cb.faces.length % 3).toBe(0);
    expect(cb.faces.length / 3).toBe(76);
    expect(Math.min(...cb.faces)).toBe(0);
    expect(Math.max(...cb.faces)).toBe(39);
    expect(new Set(cb.faces).size).toBe(40);
  });
});
