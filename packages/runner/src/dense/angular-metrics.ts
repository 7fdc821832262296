/**
 * The paper's surface-normal metrics over every valid test pixel, pooled across images (as the
 * NYUv2 normal evaluation code does): mean and median angular error in degrees, and the
 * percentage of pixels with error below 11.25°, 22.5° and 30°. Hundreds of millions of pixels
 * do not fit in an array of errors, so the median comes from a 1e-4° histogram (linear within
 * the bin), exact to well under 1e-4°; mean and percentages are exact.
 */

const BIN = 1e-4;
const BINS = Math.ceil(180 / BIN) + 1;

export interface AngularMetrics {
  mean_angle_error: number;
  median_angle_error: number;
  within_11_25: number;
  within_22_5: number;
  within_30: number;
}

export class AngularErrorAccumulator {
  private readonly hist = new Uint32Array(BINS);
  private sum = 0;
  private count = 0;
  private readonly below = [0, 0, 0];

  /** Angle between a predicted (any length) and a unit ground-truth normal, in degrees. */
  static angle(px: number, py: number, pz: number, gx: number, gy: number, gz: number): number {
    const norm = Math.sqrt(px * px + py * py + pz * pz);
    if (!(norm > 1e-12)) return 90;
    const cos = (px * gx + py * gy + pz * gz) / norm;
    return (Math.acos(Math.min(1, Math.max(-1, cos))) * 180) / Math.PI;
  }

  add(angle: number): void {
    this.hist[Math.min(BINS - 1, Math.floor(angle / BIN))]!++;
    this.sum += angle;
    this.count++;
    if (angle < 11.25) this.below[0]!++;
    if (angle < 22.5) this.below[1]!++;
    if (angle < 30) this.below[2]!++;
  }

  /** Adds angles[i] for every i in `pixels` (one tight loop per image). */
  addPixels(angles: Float32Array, pixels: Int32Array): void {
    const hist = this.hist;
    let sum = 0;
    let b0 = 0;
    let b1 = 0;
    let b2 = 0;
    for (let j = 0; j < pixels.length; j++) {
      const a = angles[pixels[j]!]!;
      const bin = (a / BIN) | 0;
      hist[bin < BINS ? bin : BINS - 1]!++;
      sum += a;
      if (a < 30) {
        b2++;
        if (a < 22.5) {
          b1++;
          if (a < 11.25) b0++;
        }
      }
    }
    this.sum += sum;
    this.count += pixels.length;
    this.below[0]! += b0;
    this.below[1]! += b1;
    this.below[2]! += b2;
  }

  get pixels(): number {
    return this.count;
  }

  private median(): number {
    // numpy's median of an even count averages the two middle values; at 1e-4° bins the
    // difference is below the histogram's own resolution.
    const target = (this.count - 1) / 2;
    let seen = 0;
    for (let b = 0; b < BINS; b++) {
      const h = this.hist[b]!;
      if (seen + h > target) return (b + (target - seen + 0.5) / h) * BIN;
      seen += h;
    }
    return 180;
  }

  result(): AngularMetrics {
    if (this.count === 0)
      throw new RangeError('no valid ground-truth pixel in the test set: angular errors are undefined');
    const pct = (v: number) => (100 * v) / this.count;
    return {
      mean_angle_error: this.sum / this.count,
      median_angle_error: this.median(),
      within_11_25: pct(this.below[0]!),
      within_22_5: pct(this.below[1]!),
      within_30: pct(this.below[2]!),
    };
  }
}
