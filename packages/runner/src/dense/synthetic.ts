import { writeFileSync } from 'node:fs';
import type { NormalMap } from '../datasets/nyuv2';
import type { DetectionObject } from '../datasets/voc';
import type { SpatialMapInfo } from '../features/spatial';
import { encodeNpy } from '../npy/npy';
import { seededRandom } from '../onnx/tiny-backbone';
import { assignLocations } from './assign';
import type { DetectionImage, SpatialSource } from './detection-probe';
import type { NormalsImage } from './normals-probe';

/**
 * Synthetic spatial features with a planted signal, for the probes' tests (a probe that works
 * must recover the signal) and for the benchmarks (realistic sizes: ResNet-50 layer4 at 224 px
 * is 2048×7×7). Written in the spatial cache's own format: an .npy of [N, C·h·w] rows.
 */

export function writeSpatialSource(path: string, rows: Float32Array, count: number, channels: number, h: number, w: number): SpatialSource {
  writeFileSync(path, encodeNpy(rows, [count, channels * h * w]));
  const maps: SpatialMapInfo[] = [{ tensor: 'synthetic', channels, height: h, width: w, offset: 0 }];
  return { path, count, rowFloats: channels * h * w, maps };
}

function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export interface SyntheticOptions {
  images: number;
  channels: number;
  h: number;
  w: number;
  seed: number;
  /** Standard deviation of the noise added to every feature. */
  noise?: number;
}

/**
 * Images of 320–500 px with 1–3 objects; at each location the assigned object's class lights
 * channel (class + 1), its box targets are written (scaled) into channels 21..24, everything
 * else is Gaussian noise. Background locations light channel 0.
 */
export function syntheticDetection(path: string, o: SyntheticOptions): { images: DetectionImage[]; features: SpatialSource } {
  const rand = seededRandom(o.seed);
  const P = o.h * o.w;
  const rows = new Float32Array(o.images * o.channels * P);
  const images: DetectionImage[] = [];
  for (let n = 0; n < o.images; n++) {
    const width = 320 + Math.floor(rand() * 180);
    const height = 320 + Math.floor(rand() * 180);
    const objects: DetectionObject[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const bw = width * (0.25 + 0.5 * rand());
      const bh = height * (0.25 + 0.5 * rand());
      const x1 = rand() * (width - bw);
      const y1 = rand() * (height - bh);
      return { label: Math.floor(rand() * 20), box: [x1, y1, x1 + bw, y1 + bh], difficult: rand() < 0.05, truncated: false };
    });
    images.push({ width, height, objects, id: `synthetic-${n}` });
    const a = assignLocations(objects, { w: o.w, h: o.h, width, height });
    const base = n * o.channels * P;
    for (let i = 0; i < o.channels * P; i++) rows[base + i] = (o.noise ?? 0.5) * gaussian(rand);
    for (let p = 0; p < P; p++) {
      const l = Math.max(0, a.labels[p]!);
      rows[base + l * P + p]! += 3;
      if (l > 0) for (let t = 0; t < 4; t++) rows[base + (21 + t) * P + p]! += 2 * a.targets[p * 4 + t]!;
    }
  }
  return { images, features: writeSpatialSource(path, rows, o.images, o.channels, o.h, o.w) };
}

/**
 * Ground truth of `gh`×`gw` pixels made of one plane per map cell (a random unit normal facing
 * the camera); the cell's first three channels carry that normal. Pixels with `invalidEvery`
 * in their index are marked invalid, as missing Kinect depth is.
 */
export function syntheticNormals(path: string, o: SyntheticOptions & { gh: number; gw: number }): { images: NormalsImage[]; features: SpatialSource } {
  const rand = seededRandom(o.seed);
  const P = o.h * o.w;
  const rows = new Float32Array(o.images * o.channels * P);
  const maps: NormalMap[] = [];
  for (let n = 0; n < o.images; n++) {
    const cellNormals = Array.from({ length: P }, () => {
      const v = [gaussian(rand) * 0.6, gaussian(rand) * 0.6, 1];
      const len = Math.hypot(v[0]!, v[1]!, v[2]!);
      return v.map((c) => c / len) as [number, number, number];
    });
    const base = n * o.channels * P;
    for (let i = 0; i < o.channels * P; i++) rows[base + i] = (o.noise ?? 0.3) * gaussian(rand);
    cellNormals.forEach((v, p) => v.forEach((c, k) => (rows[base + k * P + p]! += 3 * c)));
    const normals = new Float32Array(o.gh * o.gw * 3);
    const valid = new Uint8Array(o.gh * o.gw);
    for (let y = 0; y < o.gh; y++) {
      for (let x = 0; x < o.gw; x++) {
        const p = Math.floor((y * o.h) / o.gh) * o.w + Math.floor((x * o.w) / o.gw);
        normals.set(cellNormals[p]!, (y * o.gw + x) * 3);
        valid[y * o.gw + x] = (x + y) % 7 === 0 ? 0 : 1;
      }
    }
    maps.push({ width: o.gw, height: o.gh, normals, valid });
  }
  const images = maps.map((m, n): NormalsImage => ({
    id: `synthetic-${n}`,
    // A fresh copy each time, as a file read would give (the probe renormalises in place).
    loadNormals: async () => ({ ...m, normals: m.normals.slice(), valid: m.valid.slice() }),
  }));
  return { images, features: writeSpatialSource(path, rows, o.images, o.channels, o.h, o.w) };
}
