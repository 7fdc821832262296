import {
  encodeModel,
  type GraphSpec,
  type NodeSpec,
  type TensorSpec,
  type ValueSpec,
} from '@transferboard/onnx-intake/graph';

/**
 * ONNX graphs for the linear probe's arithmetic, run by onnxruntime's multithreaded kernels.
 *
 * Layout, chosen by measurement (docs/protocols.md): parameters are one float64 vector
 * [Wᵀ (k × d, row-major), b (k)], class-major like scikit-learn's coef_, and logits are kept
 * transposed, Zᵀ = Wᵀ·Xᵀ (k × n), so that both products over X [n, d] are the GEMM shapes MLAS
 * runs fastest here (Gemm with transB for Zᵀ, a plain Gemm Gᵀ·X for the gradient), and X is
 * never copied. The data term runs in float32; the parameters, the gradient and every vector
 * of the L-BFGS memory stay float64, as SciPy keeps them.
 *
 * The L-BFGS step's vector work (forming the direction from the memory, the memory's dot
 * products with the new vectors, the update of x) runs in the same graphs, so that an
 * iteration costs two passes over X, two over the memory, and no O(d·k) loop in JavaScript.
 */

export type LossKind = 'softmax' | 'sigmoid';

const i64 = (name: string, values: number[]): TensorSpec => ({
  name,
  type: 'int64',
  dims: [values.length],
  data: BigInt64Array.from(values.map(BigInt)),
});

const f32 = (name: string, shape: (string | number)[]): ValueSpec => ({ name, type: 'float32', shape });
const f64 = (name: string, shape: (string | number)[]): ValueSpec => ({ name, type: 'float64', shape });

const X = f32('X', ['n', 'd']);
/** The parameter vector, length p = k·d + k. */
const PARAMS = (name: string) => f64(name, ['p']);

const CAST_F32 = { to: 1 };
const CAST_F64 = { to: 11 };

/** Splits a parameter vector `v` into Wᵀ [k, d] and b [k, 1] in its own type, named `w` and `b`. */
function splitNodes(v: string, w: string, b: string): NodeSpec[] {
  return [
    { op: 'Slice', inputs: [v, 'zero', 'kd'], outputs: [`${w}Flat`] },
    { op: 'Slice', inputs: [v, 'kd', 'p_end'], outputs: [`${b}Flat`] },
    { op: 'Reshape', inputs: [`${w}Flat`, 'shapeKD'], outputs: [w] },
    { op: 'Reshape', inputs: [`${b}Flat`, 'shapeK1'], outputs: [b] },
  ];
}

/** Splits a parameter vector `v` into float32 Wᵀ [k, d] and b [k, 1], named `${v}W32`, `${v}B32`. */
function splitParams(v: string): NodeSpec[] {
  return [
    ...splitNodes(v, `${v}W`, `${v}B`),
    { op: 'Cast', inputs: [`${v}W`], outputs: [`${v}W32`], attrs: CAST_F32 },
    { op: 'Cast', inputs: [`${v}B`], outputs: [`${v}B32`], attrs: CAST_F32 },
  ];
}

/** Constants the split needs: k·d, the end sentinel and the [k, d] / [k, 1] shapes. */
function splitConstants(k: number, d: number): TensorSpec[] {
  return [
    i64('zero', [0]),
    i64('kd', [k * d]),
    i64('p_end', [k * d + k]),
    i64('shapeKD', [k, d]),
    i64('shapeK1', [k, 1]),
  ];
}

/** Zᵀ [k, n] = Wᵀ·Xᵀ + b from parameter vector `v`. */
function logitsNodes(v: string, out: string): NodeSpec[] {
  return [...splitParams(v), { op: 'Gemm', inputs: [`${v}W32`, 'X', `${v}B32`], outputs: [out], attrs: { transB: 1 } }];
}

/**
 * Per-sample loss and residual at logits ZT [k, n], in float64: rowLoss [1, n] and
 * G64 = ∂loss/∂Z [k, n]. Targets `YT`: softmax, each sample's class index [1, n] (int64);
 * sigmoid, the 0/1 labels [k, n] (float64).
 */
function lossNodes(kind: LossKind): NodeSpec[] {
  if (kind === 'softmax') {
    // −log softmax(z)_y = log Σ exp(z − max) − (z_y − max), over the class axis 0. The class
    // index picks z_y and subtracts 1 at it: the same values, bit for bit, as the one-hot
    // product and difference it replaces, without k × n float64 targets (docs/protocols.md).
    return [
      { op: 'ReduceMax', inputs: ['ZT'], outputs: ['zMax'], attrs: { axes: [0], keepdims: 1 } },
      { op: 'Sub', inputs: ['ZT', 'zMax'], outputs: ['zc'] },
      { op: 'Exp', inputs: ['zc'], outputs: ['e'] },
      { op: 'ReduceSum', inputs: ['e', 'axis0'], outputs: ['sumE'], attrs: { keepdims: 1 } },
      { op: 'Log', inputs: ['sumE'], outputs: ['logSumE'] },
      { op: 'GatherElements', inputs: ['zc', 'YT'], outputs: ['zY'], attrs: { axis: 0 } },
      { op: 'Sub', inputs: ['logSumE', 'zY'], outputs: ['rowLoss'] },
      { op: 'Div', inputs: ['e', 'sumE'], outputs: ['P'] },
      { op: 'Shape', inputs: ['YT'], outputs: ['yShape'] },
      { op: 'Expand', inputs: ['minusOne', 'yShape'], outputs: ['minusOnes'] },
      {
        op: 'ScatterElements',
        inputs: ['P', 'YT', 'minusOnes'],
        outputs: ['G64'],
        attrs: { axis: 0, reduction: 'add' },
      },
    ];
  }
  // Independent binary log-losses, overflow-free: softplus(z) − y·z = relu(z) + log(1 + e^−|z|) − y·z.
  return [
    { op: 'Relu', inputs: ['ZT'], outputs: ['reluZ'] },
    { op: 'Abs', inputs: ['ZT'], outputs: ['absZ'] },
    { op: 'Neg', inputs: ['absZ'], outputs: ['negAbsZ'] },
    { op: 'Exp', inputs: ['negAbsZ'], outputs: ['expNeg'] },
    { op: 'Add', inputs: ['expNeg', 'one'], outputs: ['onePlus'] },
    { op: 'Log', inputs: ['onePlus'], outputs: ['log1p'] },
    { op: 'Mul', inputs: ['YT', 'ZT'], outputs: ['YZ'] },
    { op: 'Add', inputs: ['reluZ', 'log1p'], outputs: ['softplus'] },
    { op: 'Sub', inputs: ['softplus', 'YZ'], outputs: ['elemLoss'] },
    { op: 'ReduceSum', inputs: ['elemLoss', 'axis0'], outputs: ['rowLoss'], attrs: { keepdims: 1 } },
    { op: 'Sigmoid', inputs: ['ZT'], outputs: ['S'] },
    { op: 'Sub', inputs: ['S', 'YT'], outputs: ['G64'] },
  ];
}

function lossConstants(kind: LossKind): TensorSpec[] {
  const scalar = (name: string, v: number) => ({
    name,
    type: 'float64' as const,
    dims: [],
    data: new Float64Array([v]),
  });
  return [i64('axis0', [0]), kind === 'sigmoid' ? scalar('one', 1) : scalar('minusOne', -1)];
}

/** The trial's targets input (lossNodes). */
function targetsInput(kind: LossKind): ValueSpec {
  return kind === 'softmax' ? { name: 'YT', type: 'int64', shape: [1, 'n'] } : f64('YT', ['k', 'n']);
}

/**
 * The full gradient at parameters `x` from residual GT: [vec(Gᵀ·X), Σ_i G_i] in float64, plus
 * λ·x on the weights (`l2mask` is λ on the weight entries and 0 on the intercepts).
 */
function gradientNodes(x: string, out: string): NodeSpec[] {
  return [
    { op: 'Gemm', inputs: ['GT', 'X'], outputs: ['gW32'] },
    { op: 'ReduceSum', inputs: ['GT', 'axis1'], outputs: ['gB32'], attrs: { keepdims: 0 } },
    { op: 'Reshape', inputs: ['gW32', 'flat'], outputs: ['gWflat32'] },
    { op: 'Concat', inputs: ['gWflat32', 'gB32'], outputs: ['gData32'], attrs: { axis: 0 } },
    { op: 'Cast', inputs: ['gData32'], outputs: ['gData'], attrs: CAST_F64 },
    { op: 'Mul', inputs: [x, 'l2mask'], outputs: [`${x}Reg`] },
    { op: 'Add', inputs: ['gData', `${x}Reg`], outputs: [out] },
  ];
}

function gradientConstants(): TensorSpec[] {
  return [i64('axis1', [1]), i64('flat', [-1])];
}

function dot(a: string, b: string, out: string): NodeSpec[] {
  return [
    { op: 'Mul', inputs: [a, b], outputs: [`${out}_prod`] },
    { op: 'ReduceSum', inputs: [`${out}_prod`], outputs: [out], attrs: { keepdims: 1 } },
  ];
}

/**
 * The preconditioner's maps (preconditioner.ts) on a parameter vector `v`, written to `out`, in
 * float64. With P = pa·I + Uᵀ·diag(pbeta)·U on the weight rows (U [r, d]) and the features
 * centred at mu [d, 1] (the intercept absorbs the centring):
 *   forward   u → model:  W = Û·P,                  b = pb·b̂ − W·mu
 *   transpose (gradients): Ĝ = (G_W − g_b·muᵀ)·P,    ĝ_b = pb·g_b
 *   inverse   model → u:  Û = W·P⁻¹,                b̂ = (b + W·mu)/pb
 * (for the inverse the caller feeds P⁻¹'s pa, pbeta and 1/pb).
 */
type PreconditionMap = 'forward' | 'transpose' | 'inverse';

function preconditionNodes(v: string, out: string, map: PreconditionMap): NodeSpec[] {
  const t = (name: string) => `${out}_${name}`;
  const timesP = (input: string, result: string): NodeSpec[] => [
    { op: 'Gemm', inputs: [input, 'U'], outputs: [t('proj')], attrs: { transB: 1 } },
    { op: 'Mul', inputs: [t('proj'), 'pbeta'], outputs: [t('projBeta')] },
    { op: 'MatMul', inputs: [t('projBeta'), 'U'], outputs: [t('along')] },
    { op: 'Mul', inputs: [input, 'pa'], outputs: [t('scaled')] },
    { op: 'Add', inputs: [t('scaled'), t('along')], outputs: [result] },
  ];
  const join: NodeSpec[] = [
    { op: 'Reshape', inputs: [t('wOut'), 'flat'], outputs: [t('wOutFlat')] },
    { op: 'Reshape', inputs: [t('bOut'), 'flat'], outputs: [t('bOutFlat')] },
    { op: 'Concat', inputs: [t('wOutFlat'), t('bOutFlat')], outputs: [out], attrs: { axis: 0 } },
  ];
  const middle: Record<PreconditionMap, NodeSpec[]> = {
    forward: [
      ...timesP(t('w'), t('wOut')),
      { op: 'MatMul', inputs: [t('wOut'), 'mu'], outputs: [t('wMu')] },
      { op: 'Mul', inputs: [t('b'), 'pb'], outputs: [t('bScaled')] },
      { op: 'Sub', inputs: [t('bScaled'), t('wMu')], outputs: [t('bOut')] },
    ],
    transpose: [
      { op: 'Transpose', inputs: ['mu'], outputs: [t('muRow')] },
      { op: 'MatMul', inputs: [t('b'), t('muRow')], outputs: [t('bMu')] },
      { op: 'Sub', inputs: [t('w'), t('bMu')], outputs: [t('wCentred')] },
      ...timesP(t('wCentred'), t('wOut')),
      { op: 'Mul', inputs: [t('b'), 'pb'], outputs: [t('bOut')] },
    ],
    inverse: [
      ...timesP(t('w'), t('wOut')),
      { op: 'MatMul', inputs: [t('w'), 'mu'], outputs: [t('wMu')] },
      { op: 'Add', inputs: [t('b'), t('wMu')], outputs: [t('bShifted')] },
      { op: 'Mul', inputs: [t('bShifted'), 'pb'], outputs: [t('bOut')] },
    ],
  };
  return [...splitNodes(v, t('w'), t('b')), ...middle[map], ...join];
}

function preconditionInputs(d: number): ValueSpec[] {
  return [f64('U', ['r_pre', d]), f64('pa', [1]), f64('pbeta', [1, 'r_pre']), f64('mu', [d, 1]), f64('pb', [1])];
}

function preconditionConstants(k: number, d: number): TensorSpec[] {
  return [...splitConstants(k, d), i64('flat', [-1])];
}

/** The preconditioner's inverse map alone: the model's parameters to the variables u. */
export function preconditionInverseGraph(k: number, d: number): Uint8Array {
  return graph({
    name: 'precondition_inverse',
    inputs: [PARAMS('v'), ...preconditionInputs(d)],
    outputs: [PARAMS('out')],
    nodes: preconditionNodes('v', 'out', 'inverse'),
    initializers: preconditionConstants(k, d),
  });
}

/** Encodes a graph with the constants its nodes use (shared constant lists carry extras). */
function graph(spec: Omit<GraphSpec, 'opset'>): Uint8Array {
  const used = new Set(spec.nodes.flatMap((n) => n.inputs));
  const seen = new Set<string>();
  const initializers = spec.initializers?.filter((t) => used.has(t.name) && !seen.has(t.name) && seen.add(t.name));
  return encodeModel({ ...spec, initializers, opset: 17 });
}

/** Zᵀ [k, n] at parameters `x`: the logits a fit starts from (float64, see trialGraph). */
export function logitsTGraph(k: number, d: number): Uint8Array {
  return graph({
    name: 'logits_t',
    inputs: [X, PARAMS('x')],
    outputs: [f64('ZT', ['k', 'n'])],
    nodes: [...logitsNodes('x', 'ZT32'), { op: 'Cast', inputs: ['ZT32'], outputs: ['ZT'], attrs: CAST_F64 }],
    initializers: splitConstants(k, d),
  });
}

/** Decision values Z [n, k] = X·W + b, row-major per sample, for scoring. */
export function decisionGraph(k: number, d: number): Uint8Array {
  return graph({
    name: 'decision',
    inputs: [X, PARAMS('x')],
    outputs: [f32('Z', ['n', 'k'])],
    nodes: [
      ...splitParams('x'),
      { op: 'Reshape', inputs: ['xB32', 'flat'], outputs: ['bRow'] },
      { op: 'Gemm', inputs: ['X', 'xW32', 'bRow'], outputs: ['Z'], attrs: { transB: 1 } },
    ],
    initializers: [...splitConstants(k, d), i64('flat', [-1])],
  });
}

/** A graph's parts, to be encoded alone or fused with others (iterationGraph). */
interface GraphPart {
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers: TensorSpec[];
}

/**
 * One line-search trial without touching X: Zt = Z0 + t·XD, then the per-sample loss, the
 * residual G at Zt, and per-sample ⟨G, XD⟩ (the data term's slope along the direction).
 * Inputs Z0T (float64), XDT (float32) [k, n], YT (lossNodes), t [1]. Outputs rowLoss, rowDir
 * [1, n], GT [k, n] in float32 for the gradient's product, ZT [k, n] in float64.
 *
 * The logits are carried across iterations and the loss computed in float64: with float32
 * logits the objective along a line is rounding noise below ~1e-7 relative, and SciPy's
 * relative-decrease test (2.2e-9) and the line search then stop fits early that scikit-learn,
 * in float64, keeps improving up to the iteration cap. The products with X stay float32.
 */
function trialPart(kind: LossKind): GraphPart {
  return {
    inputs: [f64('Z0T', ['k', 'n']), f32('XDT', ['k', 'n']), targetsInput(kind), f64('t', [1])],
    outputs: [f64('rowLoss', [1, 'n']), f64('rowDir', [1, 'n']), f32('GT', ['k', 'n']), f64('ZT', ['k', 'n'])],
    nodes: [
      { op: 'Cast', inputs: ['XDT'], outputs: ['XD64'], attrs: CAST_F64 },
      { op: 'Mul', inputs: ['XD64', 't'], outputs: ['tXD'] },
      { op: 'Add', inputs: ['Z0T', 'tXD'], outputs: ['ZT'] },
      ...lossNodes(kind),
      { op: 'Mul', inputs: ['G64', 'XD64'], outputs: ['GXD'] },
      { op: 'ReduceSum', inputs: ['GXD', 'axis0'], outputs: ['rowDir'], attrs: { keepdims: 1 } },
      { op: 'Cast', inputs: ['G64'], outputs: ['GT'], attrs: CAST_F32 },
    ],
    initializers: lossConstants(kind),
  };
}

export function trialGraph(kind: LossKind): Uint8Array {
  return graph({ name: `${kind}_trial`, ...trialPart(kind) });
}

/**
 * The full gradient at `x` from a residual GT (objective evaluations outside L-BFGS). With
 * `preconditioned`, `x` is the model's parameters and the outputs are the gradient in the
 * preconditioned variables u, `g` = M·∇f(x), and in the model's, `gModel` = ∇f(x).
 */
export function gradientGraph(k: number, d: number, preconditioned = false): Uint8Array {
  return graph({
    name: 'gradient',
    inputs: [X, f32('GT', ['k', 'n']), PARAMS('x'), PARAMS('l2mask'), ...(preconditioned ? preconditionInputs(d) : [])],
    outputs: [PARAMS('g'), ...(preconditioned ? [PARAMS('gModel')] : [])],
    nodes: preconditioned
      ? [...gradientNodes('x', 'gModel'), ...preconditionNodes('gModel', 'g', 'transpose')]
      : gradientNodes('x', 'g'),
    initializers: [...gradientConstants(), ...preconditionConstants(k, d)],
  });
}

/**
 * The L-BFGS direction from the memory: d = c·R (R the memory's rows [r, p], c [1, r]),
 * Xd as XDT [k, n] for the line search, and the scalars the search needs:
 * gtd = gᵀd, dd = dᵀd, ddW = d_Wᵀd_W, xdW = x_Wᵀd_W. With `preconditioned`, x, g, d and R are
 * in the variables u, `xModel` is M·x, and XDT, ddW and xdW are the model's (of M·d and M·x).
 */
function directionPart(k: number, d: number, preconditioned: boolean): GraphPart {
  const model = (v: string) => (preconditioned ? `${v}Model` : v);
  return {
    inputs: [
      X,
      f64('c', [1, 'r']),
      f64('R', ['r', 'p']),
      PARAMS('x'),
      PARAMS('g'),
      PARAMS('wmask'),
      ...(preconditioned ? [PARAMS('xModel'), ...preconditionInputs(d)] : []),
    ],
    outputs: [
      PARAMS('dir'),
      f32('XDT', ['k', 'n']),
      f64('scalars', [4]),
      ...(preconditioned ? [PARAMS('dirModel')] : []),
    ],
    nodes: [
      { op: 'MatMul', inputs: ['c', 'R'], outputs: ['dRow'] },
      { op: 'Reshape', inputs: ['dRow', 'flat'], outputs: ['dir'] },
      ...(preconditioned ? preconditionNodes('dir', 'dirModel', 'forward') : []),
      ...logitsNodes(model('dir'), 'XDT'),
      { op: 'Mul', inputs: [model('dir'), 'wmask'], outputs: ['dW'] },
      ...dot('g', 'dir', 'gtd'),
      ...dot('dir', 'dir', 'dd'),
      ...dot('dW', 'dW', 'ddW'),
      ...dot(model('x'), 'dW', 'xdW'),
      { op: 'Concat', inputs: ['gtd', 'dd', 'ddW', 'xdW'], outputs: ['scalars'], attrs: { axis: 0 } },
    ],
    initializers: preconditionConstants(k, d),
  };
}

export function directionGraph(k: number, d: number, preconditioned = false): Uint8Array {
  return graph({ name: 'lbfgs_direction', ...directionPart(k, d, preconditioned) });
}

/** Indices into acceptGraph's `scalars` output. */
export const ACCEPT = { dd: 0, dg: 1, dy: 2, gg: 3, yy: 4, gy: 5, wwNew: 6, gMax: 7 } as const;

/**
 * Accepts step t along `dir`: s = t·d, xNew = x + s, the full gradient gNew at xNew from the
 * accepted trial's residual GT, y = gNew − gOld, and the memory rows' dot products with d, gNew
 * and y (`rowDots` [r, 3], one pass over R), plus the scalars of ACCEPT. With `preconditioned`,
 * every vector is in the variables u, the model's `xModel` and `dirModel` (M·x, M·d) come in,
 * and the model's parameters and gradient come out as xNewModel = xModel + t·dirModel (no map:
 * M is linear) and gNewModel (gNew = Mᵀ·gNewModel); wwNew and gMax are the model's, so the
 * stopping test is scikit-learn's whatever the variables.
 *
 * `prefix` names the scalars apart from the direction's for fusing (`acceptScalars` with 'accept').
 */
function acceptPart(k: number, d: number, preconditioned: boolean, prefix = ''): GraphPart {
  const model = (v: string) => (preconditioned ? `${v}Model` : v);
  const q = (name: string) => (prefix ? `${prefix}${name[0]!.toUpperCase()}${name.slice(1)}` : name);
  const scalars = ['dd', 'dg', 'dy', 'gg', 'yy', 'gy', 'wwNew', 'gMax'] as const;
  return {
    inputs: [
      X,
      f32('GT', ['k', 'n']),
      PARAMS('x'),
      PARAMS('dir'),
      f64('t', [1]),
      PARAMS('gOld'),
      PARAMS('l2mask'),
      PARAMS('wmask'),
      f64('R', ['r', 'p']),
      ...(preconditioned ? [PARAMS('xModel'), PARAMS('dirModel'), ...preconditionInputs(d)] : []),
    ],
    outputs: [
      PARAMS('s'),
      PARAMS('xNew'),
      PARAMS('gNew'),
      PARAMS('y'),
      f64('rowDots', ['r', 3]),
      f64(q('scalars'), [scalars.length]),
      ...(preconditioned ? [PARAMS('xNewModel'), PARAMS('gNewModel')] : []),
    ],
    nodes: [
      { op: 'Mul', inputs: ['dir', 't'], outputs: ['s'] },
      { op: 'Add', inputs: ['x', 's'], outputs: ['xNew'] },
      ...(preconditioned
        ? [
            { op: 'Mul', inputs: ['dirModel', 't'], outputs: ['sModel'] },
            { op: 'Add', inputs: ['xModel', 'sModel'], outputs: ['xNewModel'] },
            ...gradientNodes('xNewModel', 'gNewModel'),
            ...preconditionNodes('gNewModel', 'gNew', 'transpose'),
          ]
        : gradientNodes('xNew', 'gNew')),
      { op: 'Sub', inputs: ['gNew', 'gOld'], outputs: ['y'] },
      { op: 'Unsqueeze', inputs: ['dir', 'axis1'], outputs: ['dCol'] },
      { op: 'Unsqueeze', inputs: ['gNew', 'axis1'], outputs: ['gCol'] },
      { op: 'Unsqueeze', inputs: ['y', 'axis1'], outputs: ['yCol'] },
      { op: 'Concat', inputs: ['dCol', 'gCol', 'yCol'], outputs: ['V'], attrs: { axis: 1 } },
      { op: 'MatMul', inputs: ['R', 'V'], outputs: ['rowDots'] },
      ...dot('dir', 'dir', q('dd')),
      ...dot('dir', 'gNew', q('dg')),
      ...dot('dir', 'y', q('dy')),
      ...dot('gNew', 'gNew', q('gg')),
      ...dot('y', 'y', q('yy')),
      ...dot('gNew', 'y', q('gy')),
      { op: 'Mul', inputs: [model('xNew'), 'wmask'], outputs: ['xW'] },
      ...dot('xW', 'xW', q('wwNew')),
      { op: 'Abs', inputs: [model('gNew')], outputs: ['absG'] },
      { op: 'ReduceMax', inputs: ['absG'], outputs: [q('gMax')], attrs: { keepdims: 1 } },
      { op: 'Concat', inputs: scalars.map(q), outputs: [q('scalars')], attrs: { axis: 0 } },
    ],
    initializers: [...gradientConstants(), ...preconditionConstants(k, d)],
  };
}

export function acceptGraph(k: number, d: number, preconditioned = false): Uint8Array {
  return graph({ name: 'lbfgs_accept', ...acceptPart(k, d, preconditioned) });
}

/**
 * One L-BFGS iteration in one run, for the common case: the direction and X·d (directionGraph),
 * the line search's first trial at step t on the logits Z0T + t·X·d (trialGraph; no further pass
 * over X), and, speculatively, what accepting that trial needs (acceptGraph with gOld = g: the
 * gradient at x + t·d, one more pass over X, and the memory's dot products; its scalars come
 * out as `acceptScalars`). The line search accepts its first trial in about nine iterations of
 * ten; then the iteration is this one run instead of three (direction, trial, accept), and the
 * direction's X·d and the trial's residual never travel through JavaScript. Otherwise the
 * caller continues with trialGraph and acceptGraph, and the speculative product is wasted.
 * The same nodes as the three graphs, so the same arithmetic.
 */
export function iterationGraph(kind: LossKind, k: number, d: number, preconditioned = false): Uint8Array {
  const parts = [directionPart(k, d, preconditioned), trialPart(kind), acceptPart(k, d, preconditioned, 'accept')];
  const produced = new Set(parts.flatMap((p) => p.nodes.flatMap((n) => n.outputs)));
  const inputs = new Map<string, ValueSpec>();
  for (const p of parts)
    for (const v of p.inputs) if (!produced.has(v.name) && v.name !== 'gOld') inputs.set(v.name, v);
  return graph({
    name: `${kind}_lbfgs_iteration`,
    inputs: [...inputs.values()],
    outputs: parts.flatMap((p) => p.outputs),
    nodes: [{ op: 'Identity', inputs: ['g'], outputs: ['gOld'] }, ...parts.flatMap((p) => p.nodes)],
    initializers: parts.flatMap((p) => p.initializers),
  });
}
