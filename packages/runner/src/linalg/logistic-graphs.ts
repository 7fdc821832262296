import { encodeModel, type GraphSpec, type NodeSpec } from '../onnx/graph';

/**
 * ONNX graphs for the linear probe's heavy arithmetic, run by onnxruntime's multithreaded MLAS
 * kernels in float32. Each graph returns per-sample losses (summed in float64 by the caller,
 * for a precise objective) and the data term's gradient. X is never transposed by a node
 * (that would copy it on every call): the gradient uses Gemm's transA flag instead.
 *
 * Inputs:  X [n, d], Y [n, k] (one-hot rows or 0/1 labels), W [d, k], b [k]
 * Outputs: rowLoss [n, 1], gradW [d, k], gradB [k]
 */

export type LossKind = 'softmax' | 'sigmoid';

const AXES0 = { name: 'axes0', type: 'int64' as const, dims: [1], data: new BigInt64Array([0n]) };
const AXES1 = { name: 'axes1', type: 'int64' as const, dims: [1], data: new BigInt64Array([1n]) };

const ONE = { name: 'one', type: 'float32' as const, dims: [], data: new Float32Array([1]) };

const IO = {
  X: { name: 'X', type: 'float32' as const, shape: ['n', 'd'] },
  Y: { name: 'Y', type: 'float32' as const, shape: ['n', 'k'] },
  W: { name: 'W', type: 'float32' as const, shape: ['d', 'k'] },
  b: { name: 'b', type: 'float32' as const, shape: ['k'] },
};

/** Multinomial cross-entropy: rowLoss = -log softmax(XW + b)[y]. */
function softmaxNodes(): NodeSpec[] {
  return [
    { op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'] },
    { op: 'LogSoftmax', inputs: ['Z'], outputs: ['logP'], attrs: { axis: 1 } },
    { op: 'Mul', inputs: ['logP', 'Y'], outputs: ['logPY'] },
    { op: 'ReduceSum', inputs: ['logPY', 'axes1'], outputs: ['rowLogLik'], attrs: { keepdims: 1 } },
    { op: 'Neg', inputs: ['rowLogLik'], outputs: ['rowLoss'] },
    { op: 'Exp', inputs: ['logP'], outputs: ['P'] },
    { op: 'Sub', inputs: ['P', 'Y'], outputs: ['G'] },
  ];
}

/** Independent binary log-losses: softplus(z) - y·z, written overflow-free as relu(z) + log(1 + e^-|z|) - y·z. */
function sigmoidNodes(): NodeSpec[] {
  return [
    { op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'] },
    { op: 'Relu', inputs: ['Z'], outputs: ['reluZ'] },
    { op: 'Abs', inputs: ['Z'], outputs: ['absZ'] },
    { op: 'Neg', inputs: ['absZ'], outputs: ['negAbsZ'] },
    { op: 'Exp', inputs: ['negAbsZ'], outputs: ['expNeg'] },
    { op: 'Add', inputs: ['expNeg', 'one'], outputs: ['onePlus'] },
    { op: 'Log', inputs: ['onePlus'], outputs: ['log1p'] },
    { op: 'Mul', inputs: ['Y', 'Z'], outputs: ['YZ'] },
    { op: 'Add', inputs: ['reluZ', 'log1p'], outputs: ['softplus'] },
    { op: 'Sub', inputs: ['softplus', 'YZ'], outputs: ['elemLoss'] },
    { op: 'ReduceSum', inputs: ['elemLoss', 'axes1'], outputs: ['rowLoss'], attrs: { keepdims: 1 } },
    { op: 'Sigmoid', inputs: ['Z'], outputs: ['S'] },
    { op: 'Sub', inputs: ['S', 'Y'], outputs: ['G'] },
  ];
}

export function lossGradGraph(kind: LossKind): Uint8Array {
  const spec: GraphSpec = {
    name: `${kind}_loss_grad`,
    inputs: [IO.X, IO.Y, IO.W, IO.b],
    outputs: [
      { name: 'rowLoss', type: 'float32', shape: ['n', 1] },
      { name: 'gradW', type: 'float32', shape: ['d', 'k'] },
      { name: 'gradB', type: 'float32', shape: ['k'] },
    ],
    nodes: [
      ...(kind === 'softmax' ? softmaxNodes() : sigmoidNodes()),
      { op: 'Gemm', inputs: ['X', 'G'], outputs: ['gradW'], attrs: { transA: 1 } },
      { op: 'ReduceSum', inputs: ['G', 'axes0'], outputs: ['gradB'], attrs: { keepdims: 0 } },
    ],
    initializers: [AXES0, AXES1, ...(kind === 'sigmoid' ? [ONE] : [])],
  };
  return encodeModel(spec);
}

/**
 * One line-search trial without touching X: Zt = Z + t·XD, then per-sample loss, the residual
 * G = ∂loss/∂Z at Zt, and per-sample ⟨G, XD⟩ (the data term's derivative along the direction).
 * Inputs: Z [n, k], XD [n, k], Y [n, k], t [1]. Outputs: rowLoss [n, 1], rowDir [n, 1], G, Zt.
 */
export function trialGraph(kind: LossKind): Uint8Array {
  const lossNodes = (kind === 'softmax' ? softmaxNodes() : sigmoidNodes()).slice(1); // without the Gemm
  return encodeModel({
    name: `${kind}_trial`,
    inputs: [
      { name: 'Z0', type: 'float32', shape: ['n', 'k'] },
      { name: 'XD', type: 'float32', shape: ['n', 'k'] },
      IO.Y,
      { name: 't', type: 'float32', shape: [1] },
    ],
    outputs: [
      { name: 'rowLoss', type: 'float32', shape: ['n', 1] },
      { name: 'rowDir', type: 'float32', shape: ['n', 1] },
      { name: 'G', type: 'float32', shape: ['n', 'k'] },
      { name: 'Z', type: 'float32', shape: ['n', 'k'] },
    ],
    nodes: [
      { op: 'Mul', inputs: ['XD', 't'], outputs: ['tXD'] },
      { op: 'Add', inputs: ['Z0', 'tXD'], outputs: ['Z'] },
      ...lossNodes,
      { op: 'Mul', inputs: ['G', 'XD'], outputs: ['GXD'] },
      { op: 'ReduceSum', inputs: ['GXD', 'axes1'], outputs: ['rowDir'], attrs: { keepdims: 1 } },
    ],
    initializers: [AXES1, ...(kind === 'sigmoid' ? [ONE] : [])],
  });
}

/** The data term's gradient from a residual: gradW = Xᵀ G (Gemm transA, no copy of X), gradB = Σ_i G_i. */
export function residualGradGraph(): Uint8Array {
  return encodeModel({
    name: 'residual_grad',
    inputs: [IO.X, { name: 'G', type: 'float32', shape: ['n', 'k'] }],
    outputs: [
      { name: 'gradW', type: 'float32', shape: ['d', 'k'] },
      { name: 'gradB', type: 'float32', shape: ['k'] },
    ],
    nodes: [
      { op: 'Gemm', inputs: ['X', 'G'], outputs: ['gradW'], attrs: { transA: 1 } },
      { op: 'ReduceSum', inputs: ['G', 'axes0'], outputs: ['gradB'], attrs: { keepdims: 0 } },
    ],
    initializers: [AXES0],
  });
}

/** Decision values XW + b, for scoring validation and test sets. */
export function logitsGraph(): Uint8Array {
  return encodeModel({
    name: 'logits',
    inputs: [IO.X, IO.W, IO.b],
    outputs: [{ name: 'Z', type: 'float32', shape: ['n', 'k'] }],
    nodes: [{ op: 'Gemm', inputs: ['X', 'W', 'b'], outputs: ['Z'] }],
  });
}
