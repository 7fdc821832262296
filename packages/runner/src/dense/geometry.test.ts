import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AngularErrorAccumulator } from './angular-metrics';
import { assignLocations, BACKGROUND, IGNORE } from './assign';
import { boxIou, decodeBox, encodeBox, nms } from './boxes';
import { nearestCodes, paperNormalsCodebook } from './codebook';
import { DenseEngine } from './dense-graphs';
import { fitRidge } from '../linalg/ridge';
import { mulberry32 } from '@transferboard/suite/random';
import type { Box } from './voc-ap';

describe('boxes', () => {
  it('IoU, and encode/decode round trip with anisotropic strides', () => {
    expect(boxIou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(1 / 3, 12);
    expect(boxIou([0, 0, 1, 1], [2, 2, 3, 3])).toBe(0);
    const box: Box = [12.5, 40, 80, 99];
    const back = decodeBox(encodeBox(box, 30, 50, 16, 24), 30, 50, 16, 24);
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(box[i]!, 9);
    });
  });
  it('NMS keeps the best of overlapping boxes and every separate one', () => {
    const boxes: Box[] = [
      [0, 0, 10, 10],
      [1, 1, 11, 11],
      [50, 50, 60, 60],
      [0, 0, 10, 10.5],
    ];
    expect(nms(boxes, [0.5, 0.9, 0.3, 0.8], 0.5)).toEqual([1, 2]);
    expect(nms(boxes, [0.5, 0.9, 0.3, 0.8], 0.96)).toEqual([1, 3, 0, 2]);
  });
});

describe('location assignment', () => {
  const grid = { w: 4, h: 4, width: 400, height: 400 };
  it('gives a location to the smallest containing box, ignores difficult-only cells, and places tiny objects at their centre cell', () => {
    const a = assignLocations(
      [
        { label: 2, box: [0, 0, 400, 400], difficult: false, truncated: false },
        { label: 5, box: [0, 0, 200, 200], difficult: false, truncated: false },
        { label: 7, box: [310, 310, 330, 330], difficult: false, truncated: false },
      ],
      grid,
    );
    expect(a.labels[0]).toBe(6); // cell centre (50, 50): inside both, the smaller (class 5) wins
    expect(a.labels[3]).toBe(3);
    expect(a.labels[15]).toBe(8); // the 20-px object contains no cell centre: it takes its centre cell from the larger box
    expect(a.unassigned).toBe(0);
    const d = assignLocations([{ label: 1, box: [0, 0, 120, 120], difficult: true, truncated: false }], grid);
    expect(d.labels[0]).toBe(IGNORE);
    expect(d.labels[1]).toBe(BACKGROUND);
  });
  it('a second small object whose centre falls in an already taken cell stays unassigned', () => {
    const a = assignLocations(
      [
        { label: 3, box: [10, 10, 30, 30], difficult: false, truncated: false },
        { label: 4, box: [60, 60, 80, 80], difficult: false, truncated: false },
      ],
      grid,
    );
    expect(a.labels[0]).toBe(4);
    expect(a.unassigned).toBe(1);
  });
  it('an image without objects is all background', () => {
    expect([...assignLocations([], grid).labels].every((l) => l === BACKGROUND)).toBe(true);
  });
});

describe('normal codebook and angular metrics', () => {
  it("the runner's codebook is exactly the paper's 40 unit vectors (data/paper/nyuv2-normals-vocab40.csv), labels by nearest direction", () => {
    const csv = readFileSync(new URL('../../../suite/data/paper/nyuv2-normals-vocab40.csv', import.meta.url), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    const cb = paperNormalsCodebook();
    expect(cb).toHaveLength(40 * 3);
    expect(csv).toHaveLength(40);
    csv.forEach((line, i) => {
      const [index, ...xyz] = line.split(',').map(Number);
      expect(index).toBe(i + 1);
      expect(Array.from(cb.subarray(i * 3, i * 3 + 3))).toEqual(xyz.map(Math.fround));
      expect(Math.abs(Math.hypot(cb[i * 3]!, cb[i * 3 + 1]!, cb[i * 3 + 2]!) - 1)).toBeLessThan(1e-6);
    });
    // Each direction labels itself, and a slightly perturbed copy of it.
    const normals = new Float32Array(cb);
    expect(Array.from(nearestCodes(normals, 40, cb, 40))).toEqual(Array.from({ length: 40 }, (_, i) => i));
    const nudged = normals.map((v, j) => v + (j % 3 === 0 ? 0.01 : -0.01));
    expect(Array.from(nearestCodes(nudged, 40, cb, 40))).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });
  it('mean, median and within-° shares match a direct computation', () => {
    const acc = new AngularErrorAccumulator();
    const rand = mulberry32(9);
    const angles = Array.from({ length: 1001 }, () => rand() * 60);
    angles.forEach((a) => {
      acc.add(a);
    });
    const sorted = [...angles].sort((a, b) => a - b);
    const r = acc.result();
    expect(r.mean_angle_error).toBeCloseTo(angles.reduce((s, a) => s + a, 0) / angles.length, 9);
    expect(Math.abs(r.median_angle_error - sorted[500]!)).toBeLessThan(1e-4);
    expect(r.within_22_5).toBeCloseTo((100 * angles.filter((a) => a < 22.5).length) / angles.length, 9);
    expect(AngularErrorAccumulator.angle(0, 0, 2, 0, 1, 0)).toBeCloseTo(90, 9);
    expect(AngularErrorAccumulator.angle(1, 1, 0, 1, 0, 0)).toBeCloseTo(45, 9);
    expect(() => new AngularErrorAccumulator().result()).toThrow(/no valid ground-truth pixel/);
    const bulk = new AngularErrorAccumulator();
    bulk.addPixels(Float32Array.from(angles), Int32Array.from(angles.keys()));
    const rb = bulk.result();
    expect(rb.within_11_25).toBeCloseTo((100 * angles.filter((a) => a < 11.25).length) / angles.length, 9);
    expect(rb.mean_angle_error).toBeCloseTo(r.mean_angle_error, 4);
    expect(Math.abs(rb.median_angle_error - r.median_angle_error)).toBeLessThan(2e-4);
  });
});

describe('ONNX-backed linear algebra', () => {
  let engine: DenseEngine;
  beforeAll(async () => {
    engine = await DenseEngine.create();
  });
  afterAll(async () => engine.release());

  it('ridge recovers a noiseless linear map (weights and intercept)', async () => {
    const rand = mulberry32(5);
    const n = 400;
    const d = 12;
    const x = Float32Array.from({ length: n * d }, () => rand() * 2 - 1);
    const wTrue = Array.from({ length: d * 2 }, () => rand() - 0.5);
    const y = new Float32Array(n * 2);
    for (let i = 0; i < n; i++)
      for (let t = 0; t < 2; t++) {
        let s = t === 0 ? 3 : -1;
        for (let j = 0; j < d; j++) s += x[i * d + j]! * wTrue[j * 2 + t]!;
        y[i * 2 + t] = s;
      }
    const fit = await fitRidge(engine, x, n, d, y, 2, 1e-7);
    fit.w.forEach((v, i) => {
      expect(v).toBeCloseTo(wTrue[i]!, 3);
    });
    expect(fit.b[0]).toBeCloseTo(3, 3);
    expect(fit.b[1]).toBeCloseTo(-1, 3);
  });

  it('the normals decoder equals bilinear upsampling of the head logits (align_corners=False), softmax, then the weighted or argmax codebook direction', async () => {
    const rand = mulberry32(11);
    const d = 5,
      h = 3,
      w = 4,
      k = 6,
      H = 7,
      W = 9;
    const map = Float32Array.from({ length: d * h * w }, () => rand() * 2 - 1);
    const Wt = Float32Array.from({ length: d * k }, () => rand() * 2 - 1);
    const b = Float32Array.from({ length: k }, () => rand() - 0.5);
    const cb = Float32Array.from({ length: k * 3 }, () => rand() * 2 - 1);
    const gt = new Float32Array(H * W * 3);
    for (let i = 0; i < H * W; i++) {
      const v = [rand() - 0.5, rand() - 0.5, rand()];
      const len = Math.hypot(...v);
      gt.set(
        v.map((c) => c / len),
        i * 3,
      );
    }
    const weighted = await engine.normalAngles(map, d, h, w, Wt, b, cb, gt, H, W, 'weighted');
    const argmax = await engine.normalAngles(map, d, h, w, Wt, b, cb, gt, H, W, 'argmax');
    const logit = (p: number, c: number) => {
      let s = b[c]!;
      for (let j = 0; j < d; j++) s += map[j * h * w + p]! * Wt[j * k + c]!;
      return s;
    };
    const tap = (px: number, size: number, grid: number) => {
      const g = Math.min(Math.max((px + 0.5) * (grid / size) - 0.5, 0), grid - 1);
      const i0 = Math.floor(g);
      return [i0, Math.min(i0 + 1, grid - 1), g - i0] as const;
    };
    for (const [py, px] of [
      [0, 0],
      [3, 4],
      [6, 8],
      [2, 7],
    ] as const) {
      const [y0, y1, fy] = tap(py, H, h);
      const [x0, x1, fx] = tap(px, W, w);
      const z = Array.from(
        { length: k },
        (_, c) =>
          (1 - fy) * ((1 - fx) * logit(y0 * w + x0, c) + fx * logit(y0 * w + x1, c)) +
          fy * ((1 - fx) * logit(y1 * w + x0, c) + fx * logit(y1 * w + x1, c)),
      );
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const s = e.reduce((a, v) => a + v, 0);
      const n = [0, 1, 2].map((comp) => e.reduce((a, v, c) => a + (v / s) * cb[c * 3 + comp]!, 0));
      const i = py * W + px;
      const g = [gt[i * 3]!, gt[i * 3 + 1]!, gt[i * 3 + 2]!] as const;
      expect(weighted[i]).toBeCloseTo(AngularErrorAccumulator.angle(n[0]!, n[1]!, n[2]!, ...g), 2);
      const best = z.indexOf(m);
      expect(argmax[i]).toBeCloseTo(
        AngularErrorAccumulator.angle(cb[best * 3]!, cb[best * 3 + 1]!, cb[best * 3 + 2]!, ...g),
        2,
      );
    }
  });
});
