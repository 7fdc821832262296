import { NumpyRandomState } from '@transferboard/runner/random/numpy-random';

/**
 * Seeded class-structured features for the probe benches: ReLU(class centre + unit Gaussian
 * noise), centres N(0, centreScale²) per dimension: non-negative like pooled ResNet features,
 * with accuracy far from both chance and 100%.
 */
export class FeatureGenerator {
  private readonly rng: NumpyRandomState;
  private readonly normal: () => number;
  private readonly centres: Float32Array;

  constructor(
    readonly d: number,
    readonly classes: number,
    seed: number,
    centreScale = 0.15,
  ) {
    this.rng = new NumpyRandomState(seed);
    this.normal = gaussian(this.rng);
    this.centres = Float32Array.from({ length: classes * d }, () => centreScale * this.normal());
  }

  /** `rows` examples with uniformly drawn classes. */
  split(rows: number): { x: Float32Array; y: Int32Array } {
    const { d, classes, centres, normal, rng } = this;
    const x = new Float32Array(rows * d);
    const y = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const c = rng.randomInterval(classes - 1);
      y[i] = c;
      for (let j = 0; j < d; j++) x[i * d + j] = Math.max(0, centres[c * d + j]! + normal());
    }
    return { x, y };
  }
}

/** Box–Muller on the generator's 32-bit draws, one pair per two calls. */
function gaussian(rng: NumpyRandomState): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = (rng.nextUint32() + 1) / 4294967297;
    const v = rng.nextUint32() / 4294967296;
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}
