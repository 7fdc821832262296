/**
 * Benchmark: the few-shot transform's resampling (Pillow's bilinear to 257×257, the 224 centre
 * crop) in the WebAssembly SIMD passes against the JavaScript passes, on the same decoded pixels,
 * interleaved round by round (best round kept). Also the ChestX loader's first step (1024×1024
 * gray → 256×256 bicubic).
 *
 *   node --import tsx scripts/bench/decode/few-shot-resample.ts [--rounds 5]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { squareGeometry } from '@transferboard/runner/images/few-shot';
import { resizeCrop, resizeCropJs } from '@transferboard/runner/images/resample';
import { startRecord } from '../lib/record';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' } } });
const rounds = Number(args.rounds);
const record = startRecord('decode-few-shot-resample');

function image(w: number, h: number, seed: number): Uint8Array {
  const px = new Uint8Array(w * h * 3);
  let s = seed;
  for (let i = 0; i < px.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    px[i] = (s >>> 24) ^ (i % 97);
  }
  return px;
}

const sizes: [number, number][] = [
  [500, 375],
  [375, 500],
  [640, 480],
  [1024, 768],
  [64, 64],
  [32, 32],
];
const images = sizes.map(([w, h], i) => ({ w, h, px: image(w, h, i + 1) }));
const g = { ...squareGeometry(), cropWidth: 224, cropHeight: 224 };
const chestx = image(1024, 1024, 9);
const c = { width: 256, height: 256, left: 0, top: 0, cropWidth: 256, cropHeight: 256 };

function time(fn: () => void, reps: number): number {
  const t = performance.now();
  for (let r = 0; r < reps; r++) fn();
  return (performance.now() - t) / reps;
}

const best = { wasmFewShot: Infinity, jsFewShot: Infinity, wasmChestX: Infinity, jsChestX: Infinity };
for (let r = 0; r < rounds; r++) {
  best.wasmFewShot = Math.min(
    best.wasmFewShot,
    time(
      () =>
        images.forEach((i) => {
          resizeCrop(i.px, i.w, i.h, g, 'bilinear');
        }),
      20,
    ) / images.length,
  );
  best.jsFewShot = Math.min(
    best.jsFewShot,
    time(
      () =>
        images.forEach((i) => {
          resizeCropJs(i.px, i.w, i.h, g, 'bilinear');
        }),
      20,
    ) / images.length,
  );
  best.wasmChestX = Math.min(
    best.wasmChestX,
    time(() => resizeCrop(chestx, 1024, 1024, c, 'bicubic'), 10),
  );
  best.jsChestX = Math.min(
    best.jsChestX,
    time(() => resizeCropJs(chestx, 1024, 1024, c, 'bicubic'), 10),
  );
}
const figures = {
  rounds,
  msPerImage: Object.fromEntries(Object.entries(best).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  wasmSpeedup: {
    fewShotBilinear: best.jsFewShot / best.wasmFewShot,
    chestxBicubic1024: best.jsChestX / best.wasmChestX,
  },
};
console.log(JSON.stringify({ load: loadavg()[0], ...figures }, null, 2));
record.write(figures);
