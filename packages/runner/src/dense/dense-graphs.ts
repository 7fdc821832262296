import { encodeModel, type NodeSpec } from '@transferboard/onnx-intake/graph';
import { createSession, floatTensor, OrtTensor, type Session } from '../onnx/runtime';

/**
 * The dense probes' heavy arithmetic as small ONNX graphs (onnxruntime's multithreaded MLAS):
 * Gram matrices for ridge, linear heads applied to a [C, h·w] map without transposing it in
 * JavaScript (Gemm transA), and the normals decoder (bilinear upsampling of codebook logits,
 * softmax, codebook-weighted mean) at ground-truth resolution.
 */

const gramModel = () =>
  encodeModel({
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
const mapHeadsModel = () =>
  encodeModel({
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
 * probability-weighted codebook direction and the argmax. Upsampling logits equals applying the
 * linear head to upsampled features, at k/C of the cost. Bilinear resizing is separable and
 * linear, so it runs as two matrix products with interpolation matrices Ry [H, h] and Rx [W, w],
 * keeping the codebook axis last (onnxruntime's Resize and Softmax over axis 1 of an NCHW
 * tensor measured ~20× slower here).
 */
const normalsDecodeModel = (decode: 'weighted' | 'argmax') =>
  encodeModel({
    name: `normals_decode_${decode}`,
    inputs: [
      { name: 'X', type: 'float32', shape: ['d', 'p'] },
      { name: 'W', type: 'float32', shape: ['d', 'k'] },
      { name: 'b', type: 'float32', shape: ['k'] },
      { name: 'Ry', type: 'float32', shape: ['H', 'h'] },
      { name: 'Rx', type: 'float32', shape: ['W', 'w'] },
      { name: 'rowsShape', type: 'int64', shape: [2] },
      { name: 'gridShape', type: 'int64', shape: [3] },
      { name: 'codebook', type: 'float32', shape: ['k', 3] },
      { name: 'G', type: 'float32', shape: ['H', 'W', 3] },
    ],
    outputs: [{ name: 'angle', type: 'float32', shape: ['H', 'W'] }],
    nodes: [
      { op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'], attrs: { transA: 1 } },
      // [h·w, k] → [h, w·k] → Ry· → [H, w·k] → [H, w, k] → Rx· (batched over H) → [H, W, k]
      { op: 'Reshape', inputs: ['Z', 'rowsShape'], outputs: ['Zr'] },
      { op: 'MatMul', inputs: ['Ry', 'Zr'], outputs: ['Zy'] },
      { op: 'Reshape', inputs: ['Zy', 'gridShape'], outputs: ['Zg'] },
      { op: 'MatMul', inputs: ['Rx', 'Zg'], outputs: ['Zu'] },
      // Separate graphs per decoding: onnxruntime runs every node of a graph, requested or not.
      ...(decode === 'weighted'
        ? [
            { op: 'Softmax', inputs: ['Zu'], outputs: ['P'], attrs: { axis: -1 } },
            { op: 'MatMul', inputs: ['P', 'codebook'], outputs: ['N'] },
          ]
        : [
            { op: 'ArgMax', inputs: ['Zu'], outputs: ['A'], attrs: { axis: -1, keepdims: 0 } },
            { op: 'Gather', inputs: ['codebook', 'A'], outputs: ['N'], attrs: { axis: 0 } },
          ]),
      ...angleNodes('N', 'angle'),
    ],
    initializers: [
      { name: 'lastAxis', type: 'int64', dims: [1], data: new BigInt64Array([-1n]) },
      { name: 'minusOne', type: 'float32', dims: [], data: new Float32Array([-1]) },
      { name: 'plusOne', type: 'float32', dims: [], data: new Float32Array([1]) },
      { name: 'tiny', type: 'float32', dims: [], data: new Float32Array([1e-12]) },
      { name: 'toDegrees', type: 'float32', dims: [], data: new Float32Array([180 / Math.PI]) },
    ],
  });

/** Angle in degrees between prediction `n` (any length) and the unit ground truth G, per pixel. */
function angleNodes(n: string, out: string): NodeSpec[] {
  return [
    { op: 'Mul', inputs: [n, 'G'], outputs: [`${n}_g`] },
    { op: 'ReduceSum', inputs: [`${n}_g`, 'lastAxis'], outputs: [`${n}_dot`], attrs: { keepdims: 0 } },
    { op: 'Mul', inputs: [n, n], outputs: [`${n}_sq`] },
    { op: 'ReduceSum', inputs: [`${n}_sq`, 'lastAxis'], outputs: [`${n}_sq_sum`], attrs: { keepdims: 0 } },
    { op: 'Sqrt', inputs: [`${n}_sq_sum`], outputs: [`${n}_norm`] },
    { op: 'Max', inputs: [`${n}_norm`, 'tiny'], outputs: [`${n}_safe`] },
    { op: 'Div', inputs: [`${n}_dot`, `${n}_safe`], outputs: [`${n}_cos`] },
    { op: 'Clip', inputs: [`${n}_cos`, 'minusOne', 'plusOne'], outputs: [`${n}_clip`] },
    { op: 'Acos', inputs: [`${n}_clip`], outputs: [`${n}_rad`] },
    { op: 'Mul', inputs: [`${n}_rad`, 'toDegrees'], outputs: [out] },
  ];
}

/** Bilinear interpolation matrix [out, in] (align_corners=False, edges clamped). */
function bilinearMatrix(out: number, size: number): Float32Array {
  const m = new Float32Array(out * size);
  for (let o = 0; o < out; o++) {
    const g = Math.min(Math.max((o + 0.5) * (size / out) - 0.5, 0), size - 1);
    const i0 = Math.floor(g);
    const i1 = Math.min(i0 + 1, size - 1);
    const f = g - i0;
    m[o * size + i0]! += 1 - f;
    m[o * size + i1]! += f;
  }
  return m;
}

export class DenseEngine {
  private constructor(
    private readonly gram: Session,
    private readonly heads: Session,
    private readonly normalsWeighted: Session,
    private readonly normalsArgmax: Session,
  ) {}

  static async create(): Promise<DenseEngine> {
    const [g, h, nw, na] = await Promise.all([
      createSession(gramModel()),
      createSession(mapHeadsModel()),
      createSession(normalsDecodeModel('weighted')),
      createSession(normalsDecodeModel('argmax')),
    ]);
    return new DenseEngine(g, h, nw, na);
  }

  /** Xᵀ X [d, d] and Xᵀ Y [d, t]. */
  async gramOf(
    x: Float32Array,
    n: number,
    d: number,
    y: Float32Array,
    t: number,
  ): Promise<{ G: Float32Array; R: Float32Array }> {
    const out = await this.gram.run({ X: floatTensor(x, [n, d]), Y: floatTensor(y, [n, t]) });
    return { G: out.G!.data as Float32Array, R: out.R!.data as Float32Array };
  }

  /** Head outputs per location, [P, k], for one map [d, P]. */
  async applyHeads(map: Float32Array, d: number, p: number, w: Float32Array, b: Float32Array): Promise<Float32Array> {
    const k = b.length;
    const out = await this.heads.run({
      X: floatTensor(map, [d, p]),
      W: floatTensor(w, [d, k]),
      b: floatTensor(b, [k]),
    });
    return out.Z!.data as Float32Array;
  }

  /**
   * Per-pixel angular error (degrees, [H, W]) against the ground truth `gt` ([H, W, 3] unit
   * normals) of the probability-weighted codebook direction or of the most probable one.
   */
  async normalAngles(
    map: Float32Array,
    d: number,
    h: number,
    w: number,
    W: Float32Array,
    b: Float32Array,
    codebook: Float32Array,
    gt: Float32Array,
    outHeight: number,
    outWidth: number,
    decode: 'weighted' | 'argmax',
  ): Promise<Float32Array> {
    const k = b.length;
    const i64 = (v: number[]) => new OrtTensor('int64', BigInt64Array.from(v.map(BigInt)), [v.length]);
    const session = decode === 'weighted' ? this.normalsWeighted : this.normalsArgmax;
    const out = await session.run({
      X: floatTensor(map, [d, h * w]),
      W: floatTensor(W, [d, k]),
      b: floatTensor(b, [k]),
      Ry: floatTensor(bilinearMatrix(outHeight, h), [outHeight, h]),
      Rx: floatTensor(bilinearMatrix(outWidth, w), [outWidth, w]),
      rowsShape: i64([h, w * k]),
      gridShape: i64([outHeight, w, k]),
      codebook: floatTensor(codebook, [k, 3]),
      G: floatTensor(gt, [outHeight, outWidth, 3]),
    });
    return out.angle!.data as Float32Array;
  }

  async release(): Promise<void> {
    await Promise.all([
      this.gram.release(),
      this.heads.release(),
      this.normalsWeighted.release(),
      this.normalsArgmax.release(),
    ]);
  }
}
