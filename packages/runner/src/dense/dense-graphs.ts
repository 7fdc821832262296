import { encodeModel } from '../onnx/graph';
import { createSession, floatTensor, OrtTensor, type Session } from '../onnx/runtime';

/**
 * The dense probes' heavy arithmetic as small ONNX graphs (onnxruntime's multithreaded MLAS):
 * Gram matrices for ridge, linear heads applied to a [C, h·w] map without transposing it in
 * JavaScript (Gemm transA), and the normals decoder (bilinear upsampling of codebook logits,
 * softmax, codebook-weighted mean) at ground-truth resolution.
 */

const gramModel = () => encodeModel({
  name: 'ridge_gram',
  inputs: [
    { name: 'X', type: 'float32', shape: ['n', 'd'] },
    { name: 'Y', type: 'float32', shape: ['n', 't'] },
  ],
  outputs: [
    { name: 'G', type: 'float32', shape: ['d', 'd'] },
    { name: 'R', type: 'float32', shape: ['d', 't'] },
  ],
  nodes: [
    { op: 'Gemm', inputs: ['X', 'X'], outputs: ['G'], attrs: { transA: 1 } },
    { op: 'Gemm', inputs: ['X', 'Y'], outputs: ['R'], attrs: { transA: 1 } },
  ],
});

/** Z = Xᵀ W + b for a map X [d, P] (channels × locations, as the backbone writes it). */
const mapHeadsModel = () => encodeModel({
  name: 'map_heads',
  inputs: [
    { name: 'X', type: 'float32', shape: ['d', 'p'] },
    { name: 'W', type: 'float32', shape: ['d', 'k'] },
    { name: 'b', type: 'float32', shape: ['k'] },
  ],
  outputs: [{ name: 'Z', type: 'float32', shape: ['p', 'k'] }],
  nodes: [{ op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'], attrs: { transA: 1 } }],
});

/**
 * Normals decoding: logits on the h×w grid, upsampled bilinearly (half-pixel centres, edges
 * clamped: PyTorch's align_corners=False) to H×W, softmax over the codebook, then both the
 * probability-weighted codebook direction (1×1 Conv with the codebook as weights) and the argmax.
 * Upsampling logits equals applying the linear head to upsampled features, at k/C of the cost.
 */
const normalsDecodeModel = () => encodeModel({
  name: 'normals_decode',
  inputs: [
    { name: 'X', type: 'float32', shape: ['d', 'p'] },
    { name: 'W', type: 'float32', shape: ['d', 'k'] },
    { name: 'b', type: 'float32', shape: ['k'] },
    { name: 'grid', type: 'int64', shape: [4] },
    { name: 'sizes', type: 'int64', shape: [4] },
    { name: 'codebook', type: 'float32', shape: [3, 'k', 1, 1] },
  ],
  outputs: [
    { name: 'N', type: 'float32', shape: [1, 3, 'H', 'W'] },
    { name: 'A', type: 'int64', shape: [1, 1, 'H', 'W'] },
  ],
  nodes: [
    { op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'], attrs: { transA: 1 } },
    { op: 'Transpose', inputs: ['Z'], outputs: ['Zt'], attrs: { perm: [1, 0] } },
    { op: 'Reshape', inputs: ['Zt', 'grid'], outputs: ['Zg'] },
    { op: 'Resize', inputs: ['Zg', '', '', 'sizes'], outputs: ['Zu'], attrs: { mode: 'linear', coordinate_transformation_mode: 'half_pixel' } },
    { op: 'Softmax', inputs: ['Zu'], outputs: ['P'], attrs: { axis: 1 } },
    { op: 'Conv', inputs: ['P', 'codebook'], outputs: ['N'] },
    { op: 'ArgMax', inputs: ['Zu'], outputs: ['A'], attrs: { axis: 1, keepdims: 1 } },
  ],
});

export class DenseEngine {
  private constructor(
    private readonly gram: Session,
    private readonly heads: Session,
    private readonly normals: Session,
  ) {}

  static async create(): Promise<DenseEngine> {
    const [g, h, n] = await Promise.all([createSession(gramModel()), createSession(mapHeadsModel()), createSession(normalsDecodeModel())]);
    return new DenseEngine(g, h, n);
  }

  /** Xᵀ X [d, d] and Xᵀ Y [d, t]. */
  async gramOf(x: Float32Array, n: number, d: number, y: Float32Array, t: number): Promise<{ G: Float32Array; R: Float32Array }> {
    const out = await this.gram.run({ X: floatTensor(x, [n, d]), Y: floatTensor(y, [n, t]) });
    return { G: out.G!.data as Float32Array, R: out.R!.data as Float32Array };
  }

  /** Head outputs per location, [P, k], for one map [d, P]. */
  async applyHeads(map: Float32Array, d: number, p: number, w: Float32Array, b: Float32Array): Promise<Float32Array> {
    const k = b.length;
    const out = await this.heads.run({ X: floatTensor(map, [d, p]), W: floatTensor(w, [d, k]), b: floatTensor(b, [k]) });
    return out.Z!.data as Float32Array;
  }

  /** Weighted-mean normals [3, H, W] (not yet unit length) and argmax codes [H, W]. */
  async decodeNormals(
    map: Float32Array, d: number, h: number, w: number, W: Float32Array, b: Float32Array, codebook: Float32Array,
    outHeight: number, outWidth: number,
  ): Promise<{ weighted: Float32Array; argmax: BigInt64Array }> {
    const k = b.length;
    // Conv weights [3, k, 1, 1]: row c holds component c of every codebook direction.
    const cb = new Float32Array(3 * k);
    for (let j = 0; j < k; j++) for (let c = 0; c < 3; c++) cb[c * k + j] = codebook[j * 3 + c]!;
    const out = await this.normals.run({
      X: floatTensor(map, [d, h * w]),
      W: floatTensor(W, [d, k]),
      b: floatTensor(b, [k]),
      grid: new OrtTensor('int64', BigInt64Array.from([1n, BigInt(k), BigInt(h), BigInt(w)]), [4]),
      sizes: new OrtTensor('int64', BigInt64Array.from([1n, BigInt(k), BigInt(outHeight), BigInt(outWidth)]), [4]),
      codebook: floatTensor(cb, [3, k, 1, 1]),
    });
    return { weighted: out.N!.data as Float32Array, argmax: out.A!.data as BigInt64Array };
  }

  async release(): Promise<void> {
    await Promise.all([this.gram.release(), this.heads.release(), this.normals.release()]);
  }
}
