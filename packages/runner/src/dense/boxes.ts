import type { Box } from './voc-ap';

/**
 * Box geometry for the detection probe, in continuous pixel coordinates [x1, y1, x2, y2]
 * (torchvision's convention, which detectron2's NMS uses: no "+1" widths).
 */

export function boxIou(a: Box, b: Box): number {
  const iw = Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0]));
  const ih = Math.max(0, Math.min(a[3], b[3]) - Math.max(a[1], b[1]));
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Greedy non-maximum suppression (torchvision.ops.nms): highest score first, drop every later
 * box whose IoU with a kept one exceeds `iouThreshold`. Returns kept indices, best first.
 */
export function nms(boxes: readonly Box[], scores: ArrayLike<number>, iouThreshold: number): number[] {
  const order = Array.from({ length: boxes.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const removed = new Uint8Array(boxes.length);
  const keep: number[] = [];
  for (let p = 0; p < order.length; p++) {
    const i = order[p]!;
    if (removed[i]) continue;
    keep.push(i);
    for (let q = p + 1; q < order.length; q++) {
      const j = order[q]!;
      if (!removed[j] && boxIou(boxes[i]!, boxes[j]!) > iouThreshold) removed[j] = 1;
    }
  }
  return keep;
}

/**
 * Location-relative box encoding (YOLO-style): offsets of the box centre from the cell centre
 * and log sizes, in units of the cell's stride along each axis (sx = W/w, sy = H/h in original
 * pixels: the warped input makes cells anisotropic), so targets are O(1) at every scale.
 */
export function encodeBox(box: Box, cx: number, cy: number, sx: number, sy: number): [number, number, number, number] {
  const w = Math.max(box[2] - box[0], 1e-3);
  const h = Math.max(box[3] - box[1], 1e-3);
  return [((box[0] + box[2]) / 2 - cx) / sx, ((box[1] + box[3]) / 2 - cy) / sy, Math.log(w / sx), Math.log(h / sy)];
}

/** Log sizes are clamped (as detectron2 clamps dw, dh at log(1000/16)) so a wild output cannot overflow. */
const MAX_LOG_SIZE = Math.log(1000 / 16);

export function decodeBox(t: ArrayLike<number>, cx: number, cy: number, sx: number, sy: number): Box {
  const x = cx + t[0]! * sx;
  const y = cy + t[1]! * sy;
  const w = Math.exp(Math.min(t[2]!, MAX_LOG_SIZE)) * sx;
  const h = Math.exp(Math.min(t[3]!, MAX_LOG_SIZE)) * sy;
  return [x - w / 2, y - h / 2, x + w / 2, y + h / 2];
}

export function clipBox(b: Box, width: number, height: number): Box {
  return [
    Math.min(Math.max(b[0], 0), width),
    Math.min(Math.max(b[1], 0), height),
    Math.min(Math.max(b[2], 0), width),
    Math.min(Math.max(b[3], 0), height),
  ];
}
