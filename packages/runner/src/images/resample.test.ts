import { describe, expect, it } from 'vitest';
import { readNpy } from '../npy/npy';
import type { ResampleFilter } from './filter-coefficients';
import { resizeCrop, resizeCropJs } from './resample';
import { wasmResampler } from './resample-wasm';
import { testVectors } from '../test-vectors';

// Pillow 9.4's bicubic and bilinear windows of a formula image: scripts/reference/resample_refs.py (same CASES).
const W = 1200;
const H = 900;
const SIDE = 24;
const CASES = [
  [298, 224, 37, 100],
  [298, 224, 0, 0],
  [298, 224, 274, 200],
  [100, 75, 40, 30],
  [1000, 750, 500, 400],
  [1500, 1125, 700, 600],
  [1200, 224, 600, 100],
  [1201, 901, 600, 450],
] as const;

function source(): Uint8Array {
  const src = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const p = (y * W + x) * 3;
      src[p] = Math.floor((x * 255) / (W - 1));
      src[p + 1] = (Math.floor(x / 7) + Math.floor(y / 5)) % 2 === 0 ? 250 : 5;
      src[p + 2] = (x * 3 + y * 5 + Math.floor((x * y) / 64)) & 255;
    }
  }
  return src;
}

describe("Pillow's bicubic and bilinear resampling, windowed", () => {
  const refs: Record<ResampleFilter, ReturnType<typeof readNpy>> = {
    bicubic: readNpy(testVectors('images', 'resample-windows.npy')),
    bilinear: readNpy(testVectors('images', 'resample-windows-bilinear.npy')),
  };
  const src = source();
  const resizeCropBicubic = (s: Uint8Array, w: number, h: number, g: Parameters<typeof resizeCrop>[3]) =>
    resizeCrop(s, w, h, g);
  const resizeCropBicubicJs = (s: Uint8Array, w: number, h: number, g: Parameters<typeof resizeCrop>[3]) =>
    resizeCropJs(s, w, h, g);

  it('runs the WebAssembly SIMD passes on this Node (not silently the JavaScript fallback)', () => {
    expect(wasmResampler()).not.toBeNull();
  });

  const engines = { wasm: resizeCrop, js: resizeCropJs };
  const cases = (['bicubic', 'bilinear'] as const).flatMap((filter) =>
    (['wasm', 'js'] as const).flatMap((engine) => CASES.map((c, i) => [filter, engine, i, ...c] as const)),
  );
  it.each(cases)(
    '%s, %s, case %i: %i×%i window at (%i, %i) equals Pillow exactly',
    (filter, engine, i, width, height, left, top) => {
      const ref = refs[filter];
      expect(ref.shape).toEqual([CASES.length, SIDE, SIDE, 3]);
      const got = engines[engine](src, W, H, { width, height, left, top, cropWidth: SIDE, cropHeight: SIDE }, filter);
      const want = (ref.data as Uint8Array).subarray(i * SIDE * SIDE * 3, (i + 1) * SIDE * SIDE * 3);
      let diff = 0;
      for (let k = 0; k < want.length; k++) diff = Math.max(diff, Math.abs(got[k]! - want[k]!));
      expect(got.length).toBe(want.length);
      expect(diff).toBe(0);
    },
  );

  it('returns a fresh array per call although scratch rows are reused', () => {
    const g = { width: 298, height: 224, left: 37, top: 100, cropWidth: SIDE, cropHeight: SIDE };
    const first = resizeCropBicubic(src, W, H, g);
    const copy = first.slice();
    resizeCropBicubic(src, W, H, { ...g, left: 0, top: 0 });
    expect(first).toEqual(copy);
  });

  it('copies a large source into WebAssembly memory in strips without seams', () => {
    // 2000 px rows are 6000 bytes, so 174 rows per 1 MiB strip; this window needs about 700 rows.
    const [sw, sh] = [2000, 1500];
    const big = new Uint8Array(sw * sh * 3);
    for (let i = 0; i < big.length; i++) big[i] = (Math.imul(i, 2654435761) >>> 24) & (i % 7 === 0 ? 0xff : 0xf0);
    const g = { width: 298, height: 224, left: 30, top: 60, cropWidth: 224, cropHeight: 100 };
    expect(Buffer.compare(resizeCropBicubic(big, sw, sh, g), resizeCropBicubicJs(big, sw, sh, g))).toBe(0);
  });

  it("gives the JavaScript passes' pixels for every window shape, 1×1 sources and edge crops included", () => {
    let seed = 7;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 2 ** 32) * n);
    };
    for (let t = 0; t < 100; t++) {
      const sw = 1 + rand(t % 2 ? 30 : 400);
      const sh = 1 + rand(t % 2 ? 30 : 400);
      const img = Uint8Array.from({ length: sw * sh * 3 }, () => (rand(2) ? rand(256) : 255 * rand(2)));
      const width = 1 + rand(260);
      const height = 1 + rand(260);
      const cropWidth = 1 + rand(width);
      const cropHeight = 1 + rand(height);
      const g = {
        width,
        height,
        left: rand(width - cropWidth + 1),
        top: rand(height - cropHeight + 1),
        cropWidth,
        cropHeight,
      };
      const filter: ResampleFilter = t % 3 === 0 ? 'bilinear' : 'bicubic';
      const same = Buffer.compare(resizeCrop(img, sw, sh, g, filter), resizeCropJs(img, sw, sh, g, filter)) === 0;
      expect(same, JSON.stringify({ sw, sh, filter, ...g })).toBe(true);
    }
  });
});
