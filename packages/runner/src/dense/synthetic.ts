import type { NormalMap } from '../datasets/nyuv2';
import type { DetectionObject } from '../datasets/voc';
import type { SpatialMapInfo } from '../features/spatial';
import { NpyRowWriter } from '../features/npy-stream';
import { mulberry32 } from '@transferboard/suite/random';
import { assignLocations } from './assign';
import type { SpatialSource } from './dense-input';
import type { DetectionImage } from './detection-probe';
import type { NormalsImage } from './normals-probe';

/**
 * Synthetic spatial features with a planted signal, for the probes' tests (a probe that works
 * must recover the signal) and for the benchmarks (realistic sizes: ResNet-50 layer4 at 224 px
 * is 2048×7×7). Written in the spatial cache's own format, an .npy of [N, C·h·w] rows, one image
 * at a time, so benchmark-sized sets never sit in memory whole.
 */

function spatialSource(path: string, count: number, channels: number, h: number, w: number): SpatialSource {
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
export function syntheticDetection(
  path: string,
  o: SyntheticOptions,
): { images: DetectionImage[]; features: SpatialSource } {
  const rand = mulberry32(o.seed);
  const P = o.h * o.w;
  const writer = new NpyRowWriter(path, o.images, o.channels * P);
  const row = new Float32Array(o.channels * P);
  const images: DetectionImage[] = [];
  for (let n = 0; n < o.images; n++) {
    const width = 320 + Math.floor(rand() * 180);
    const height = 320 + Math.floor(rand() * 180);
    const objects: DetectionObject[] = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => {
      const bw = width * (0.25 + 0.5 * rand());
      const bh = height * (0.25 + 0.5 * rand());
      const x1 = rand() * (width - bw);
      const y1 = rand() * (height - bh);
      return {
        label: Math.floor(rand() * 20),
        box: [x1, y1, x1 + bw, y1 + bh],
        difficult: rand() < 0.05,
        truncated: false,
      };
    });
    images.push({ width, height, objects, id: `synthetic-${n}` });
    const a = assignLocations(objects, { w: o.w, h: o.h, width, height });
    for (let i = 0; i < o.channels * P; i++) row[i] = (o.noise ?? 0.5) * gaussian(rand);
    for (let p = 0; p < P; p++) {
      const l = Math.max(0, a.labels[p]!);
      row[l * P + p]! += 3;
      if (l > 0) for (let t = 0; t < 4; t++) row[(21 + t) * P + p]! += 2 * a.targets[p * 4 + t]!;
    }
    writer.append(row);
  }
  writer.close();
  return { images, features: spatialSource(path, o.images, o.channels, o.h, o.w) };
}

/**
 * Ground truth of `gh`×`gw` pixels made of one plane per map cell (a random unit normal facing
 * the camera); the cell's first three channels carry that normal. Pixels with (x + y) % 7 = 0
 * are marked invalid, as missing Kinect depth is. Maps are built when loaded (as a file read
 * would give them), so 1,449 full-size ground truths never sit in memory at once.
 */
export function syntheticNormals(
  path: string,
  o: SyntheticOptions & { gh: number; gw: number },
): { images: NormalsImage[]; features: SpatialSource } {
  const rand = mulberry32(o.seed);
  const P = o.h * o.w;
  const writer = new NpyRowWriter(path, o.images, o.channels * P);
  const row = new Float32Array(o.channels * P);
  const images: NormalsImage[] = [];
  for (let n = 0; n < o.images; n++) {
    const cellNormals = Array.from({ length: P }, () => {
      const v = [gaussian(rand) * 0.6, gaussian(rand) * 0.6, 1];
      const len = Math.hypot(v[0]!, v[1]!, v[2]!);
      return v.map((c) => c / len) as [number, number, number];
    });
    for (let i = 0; i < o.channels * P; i++) row[i] = (o.noise ?? 0.3) * gaussian(rand);
    cellNormals.forEach((v, p) => {
      v.forEach((c, k) => {
        row[k * P + p]! += 3 * c;
      });
    });
    writer.append(row);
    images.push({ id: `synthetic-${n}`, loadNormals: async () => planesMap(cellNormals, o) });
  }
  writer.close();
  return { images, features: spatialSource(path, o.images, o.channels, o.h, o.w) };
}

function planesMap(
  cellNormals: [number, number, number][],
  o: { h: number; w: number; gh: number; gw: number },
): NormalMap {
  const normals = new Float32Array(o.gh * o.gw * 3);
  const valid = new Uint8Array(o.gh * o.gw);
  for (let y = 0; y < o.gh; y++) {
    const rowCell = Math.floor((y * o.h) / o.gh) * o.w;
    for (let x = 0; x < o.gw; x++) {
      const v = cellNormals[rowCell + Math.floor((x * o.w) / o.gw)]!;
      const i = y * o.gw + x;
      normals[i * 3] = v[0];
      normals[i * 3 + 1] = v[1];
      normals[i * 3 + 2] = v[2];
      valid[i] = (x + y) % 7 === 0 ? 0 : 1;
    }
  }
  return { width: o.gw, height: o.gh, normals, valid };
}
