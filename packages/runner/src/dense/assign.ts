import type { DetectionObject } from '../datasets/voc';
import { encodeBox } from './boxes';
import type { Box } from './voc-ap';

/**
 * Which feature-map location learns which object. The map's h×w cells tile the whole image
 * (the input is warped, not cropped), cell (i, j) centred at ((j + ½)·W/w, (i + ½)·H/h).
 *
 * Rules (FCOS-style centre sampling, one object per location):
 *  1. a location whose centre lies inside one or more non-difficult boxes is positive for the
 *     smallest of them (class c + 1) and regresses that box;
 *  2. an object that got no location by rule 1 (smaller than a cell, or shadowed by smaller
 *     boxes) takes the cell holding its centre, if that cell is background or belongs to a
 *     larger box;
 *  3. a remaining location inside a "difficult" box is ignored (not trained on): VOC neither
 *     rewards nor penalises detections of difficult objects;
 *  4. every other location is background (class 0).
 */

export const BACKGROUND = 0;
export const IGNORE = -1;

export interface Grid {
  /** Map size. */
  w: number;
  h: number;
  /** Image size in original pixels. */
  width: number;
  height: number;
}

export interface Assignment {
  /** Per location (row-major i·w + j): −1 ignore, 0 background, 1..C class. */
  labels: Int32Array;
  /** Per location, encoded box targets (dx, dy, log w, log h); meaningful for positives only. */
  targets: Float32Array;
  /** Non-difficult objects left without a location (two objects' centres in one cell). */
  unassigned: number;
}

export const cellCentre = (g: Grid, p: number): [number, number] => [
  ((p % g.w) + 0.5) * (g.width / g.w),
  (Math.floor(p / g.w) + 0.5) * (g.height / g.h),
];

const inside = (b: Box, x: number, y: number) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
const area = (b: Box) => (b[2] - b[0]) * (b[3] - b[1]);

export function assignLocations(objects: readonly DetectionObject[], g: Grid): Assignment {
  const P = g.w * g.h;
  const sx = g.width / g.w;
  const sy = g.height / g.h;
  const labels = new Int32Array(P);
  const owner = new Int32Array(P).fill(-1);
  const covered = new Uint8Array(objects.length);
  for (let p = 0; p < P; p++) {
    const [cx, cy] = cellCentre(g, p);
    let best = -1;
    let difficultHere = false;
    objects.forEach((o, k) => {
      if (!inside(o.box, cx, cy)) return;
      if (o.difficult) difficultHere = true;
      else if (best < 0 || area(o.box) < area(objects[best]!.box)) best = k;
    });
    if (best >= 0) {
      owner[p] = best;
      covered[best] = 1;
    } else if (difficultHere) labels[p] = IGNORE;
  }
  let unassigned = 0;
  objects.forEach((o, k) => {
    if (o.difficult || covered[k]) return;
    const j = Math.min(g.w - 1, Math.max(0, Math.floor((o.box[0] + o.box[2]) / 2 / sx)));
    const i = Math.min(g.h - 1, Math.max(0, Math.floor((o.box[1] + o.box[3]) / 2 / sy)));
    const p = i * g.w + j;
    const current = owner[p]!;
    // Smaller boxes win, as in rule 1: a large box keeps its other locations.
    if (current < 0 || area(objects[current]!.box) > area(o.box)) owner[p] = k;
    else unassigned++;
  });
  const targets = new Float32Array(P * 4);
  for (let p = 0; p < P; p++) {
    const k = owner[p]!;
    if (k < 0) continue;
    const o = objects[k]!;
    labels[p] = o.label + 1;
    const [cx, cy] = cellCentre(g, p);
    targets.set(encodeBox(o.box, cx, cy, sx, sy), p * 4);
  }
  return { labels, targets, unassigned };
}
