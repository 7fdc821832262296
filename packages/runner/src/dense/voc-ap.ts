/**
 * PASCAL VOC detection AP as detectron2's PascalVOCDetectionEvaluator computes it (its voc_eval
 * is py-faster-rcnn's port of the devkit): per class, detections sorted by descending score are
 * matched greedily to the ground truth box of highest IoU in their image; IoU must be strictly
 * greater than the threshold; a match with a "difficult" box counts neither way; a second match
 * to the same box is a false positive. AP = mean over the 10 thresholds 0.50:0.05:0.95 of the
 * class-mean AP (percent), AP50 and AP75 the single-threshold means. VOC2007 test uses the
 * 11-point interpolated AP (detectron2: use_07_metric for year 2007), otherwise the area under
 * the precision envelope.
 *
 * Coordinates: boxes here are 0-based continuous [x1, y1, x2, y2] (what voc.ts reads). The
 * devkit's boxes are 1-based inclusive pixels; detectron2 converts predictions back with
 * x1 + 1, y1 + 1 and the XML boxes are 1-based already, so both are shifted the same way and
 * the devkit's "+1" widths are applied to the shifted values, exactly as the reference does.
 *
 * Differences from detectron2, deliberate: scores and boxes are not rounded to 3 and 1 decimals
 * (detectron2 rounds them writing its temporary text files); ties in score keep input order
 * (numpy's argsort is not stable); a class without any non-difficult ground truth is left out
 * of the class means (detectron2 would divide by zero and return NaN).
 */

export type Box = [number, number, number, number];

export interface GroundTruthImage {
  boxes: Box[];
  labels: number[];
  difficult: boolean[];
}

export interface ScoredDetection {
  /** Index into the ground-truth image list. */
  image: number;
  label: number;
  score: number;
  box: Box;
}

export type ApMethod = 'voc07-11point' | 'area';

export interface VocApResult {
  /** Percent. */
  ap50: number;
  ap: number;
  ap75: number;
  /** Class-mean AP (percent) at each IoU threshold 0.50, 0.55, ..., 0.95. */
  byThreshold: { iou: number; map: number }[];
  /** AP50 per class (percent), null where the class has no non-difficult ground truth. */
  perClassAp50: (number | null)[];
  method: ApMethod;
}

const IOU_THRESHOLDS = Array.from({ length: 10 }, (_, i) => (50 + 5 * i) / 100);

/** Area under the precision envelope, or the 11-point interpolation. */
function vocApFromCurve(rec: Float64Array, prec: Float64Array, method: ApMethod): number {
  if (method === 'voc07-11point') {
    let ap = 0;
    for (let i = 0; i < 11; i++) {
      // np.arange(0.0, 1.1, 0.1) yields i * 0.1 (0.30000000000000004 and all).
      const t = i * 0.1;
      let p = 0;
      let any = false;
      for (let j = 0; j < rec.length; j++) {
        if (rec[j]! >= t) {
          p = any ? Math.max(p, prec[j]!) : prec[j]!;
          any = true;
        }
      }
      ap += p / 11;
    }
    return ap;
  }
  const n = rec.length;
  const mrec = new Float64Array(n + 2);
  const mpre = new Float64Array(n + 2);
  mrec.set(rec, 1);
  mrec[n + 1] = 1;
  mpre.set(prec, 1);
  for (let i = n + 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1]!, mpre[i]!);
  let ap = 0;
  for (let i = 0; i < n + 1; i++) if (mrec[i + 1] !== mrec[i]) ap += (mrec[i + 1]! - mrec[i]!) * mpre[i + 1]!;
  return ap;
}

interface ClassTruth {
  /** Per image: devkit-style boxes of this class, difficult flags, matched flags. */
  boxes: Box[][];
  difficult: boolean[][];
  npos: number;
}

const toDevkit = (b: Box): Box => [b[0] + 1, b[1] + 1, b[2], b[3]];

function classTruth(gts: readonly GroundTruthImage[], label: number): ClassTruth {
  const boxes: Box[][] = [];
  const difficult: boolean[][] = [];
  let npos = 0;
  for (const g of gts) {
    const b: Box[] = [];
    const d: boolean[] = [];
    g.labels.forEach((l, i) => {
      if (l !== label) return;
      b.push(toDevkit(g.boxes[i]!));
      d.push(g.difficult[i]!);
      if (!g.difficult[i]) npos++;
    });
    boxes.push(b);
    difficult.push(d);
  }
  return { boxes, difficult, npos };
}

/** The devkit's overlap with its "+1" pixel widths. */
function devkitIou(a: Box, b: Box): number {
  const iw = Math.max(Math.min(a[2], b[2]) - Math.max(a[0], b[0]) + 1, 0);
  const ih = Math.max(Math.min(a[3], b[3]) - Math.max(a[1], b[1]) + 1, 0);
  const inter = iw * ih;
  const uni = (a[2] - a[0] + 1) * (a[3] - a[1] + 1) + (b[2] - b[0] + 1) * (b[3] - b[1] + 1) - inter;
  return inter / uni;
}

/** AP of one class at one IoU threshold; null when the class has no non-difficult ground truth. */
function vocClassAp(
  truth: ClassTruth,
  sorted: readonly ScoredDetection[],
  iouThreshold: number,
  method: ApMethod,
): number | null {
  if (truth.npos === 0) return null;
  const matched = truth.boxes.map((b) => new Uint8Array(b.length));
  const nd = sorted.length;
  const tp = new Float64Array(nd);
  const fp = new Float64Array(nd);
  for (let d = 0; d < nd; d++) {
    const det = sorted[d]!;
    const gt = truth.boxes[det.image] ?? [];
    const bb = toDevkit(det.box);
    let ovmax = -Infinity;
    let jmax = 0;
    for (let j = 0; j < gt.length; j++) {
      const o = devkitIou(gt[j]!, bb);
      if (o > ovmax) {
        ovmax = o;
        jmax = j;
      }
    }
    if (ovmax > iouThreshold) {
      if (!truth.difficult[det.image]![jmax]) {
        if (!matched[det.image]![jmax]) {
          tp[d] = 1;
          matched[det.image]![jmax] = 1;
        } else fp[d] = 1;
      }
    } else fp[d] = 1;
  }
  const rec = new Float64Array(nd);
  const prec = new Float64Array(nd);
  let ctp = 0;
  let cfp = 0;
  for (let d = 0; d < nd; d++) {
    ctp += tp[d]!;
    cfp += fp[d]!;
    rec[d] = ctp / truth.npos;
    prec[d] = ctp / Math.max(ctp + cfp, Number.EPSILON);
  }
  return vocApFromCurve(rec, prec, method);
}

export function evaluateVocDetections(
  gts: readonly GroundTruthImage[],
  detections: readonly ScoredDetection[],
  numClasses: number,
  method: ApMethod = 'voc07-11point',
): VocApResult {
  const byClass: ScoredDetection[][] = Array.from({ length: numClasses }, () => []);
  for (const d of detections) {
    if (d.image < 0 || d.image >= gts.length)
      throw new RangeError(`detection for image ${d.image}, but there are ${gts.length} test images`);
    byClass[d.label]?.push(d);
  }
  // Array.prototype.sort is stable: equal scores keep input order.
  for (const list of byClass) list.sort((a, b) => b.score - a.score);
  const truths = Array.from({ length: numClasses }, (_, c) => classTruth(gts, c));
  const scored = truths.map((t) => t.npos > 0);
  if (!scored.some(Boolean))
    throw new RangeError('the test set has no non-difficult ground-truth object of any class: AP is undefined');
  const byThreshold = IOU_THRESHOLDS.map((iou) => {
    const aps = truths.map((t, c) => vocClassAp(t, byClass[c]!, iou, method));
    const kept = aps.filter((a): a is number => a !== null).map((a) => a * 100);
    return { iou, map: kept.reduce((s, a) => s + a, 0) / kept.length, aps };
  });
  const at = (iou: number) => byThreshold.find((t) => t.iou === iou)!;
  return {
    ap50: at(0.5).map,
    ap75: at(0.75).map,
    ap: byThreshold.reduce((s, t) => s + t.map, 0) / byThreshold.length,
    byThreshold: byThreshold.map(({ iou, map }) => ({ iou, map })),
    perClassAp50: at(0.5).aps.map((a) => (a === null ? null : a * 100)),
    method,
  };
}
