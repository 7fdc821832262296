import type { ShapeRule } from './op-context';
import { DT, info, isIntegerType, numel, type TensorInfo } from './tensor-info';

/** Operators whose output has the shape and type of their first input. */
export const SAME_AS_INPUT = [
  'Identity',
  'Relu',
  'LeakyRelu',
  'PRelu',
  'Sigmoid',
  'HardSigmoid',
  'HardSwish',
  'Tanh',
  'Erf',
  'Gelu',
  'Exp',
  'Log',
  'Sqrt',
  'Reciprocal',
  'Neg',
  'Abs',
  'Floor',
  'Ceil',
  'Round',
  'Sign',
  'Softplus',
  'Softsign',
  'Elu',
  'Selu',
  'Celu',
  'Mish',
  'Clip',
  'Sin',
  'Cos',
  'Tan',
  'Asin',
  'Acos',
  'Atan',
  'Sinh',
  'Cosh',
  'ThresholdedRelu',
  'Shrink',
  'Softmax',
  'LogSoftmax',
  'Hardmax',
  'BatchNormalization',
  'InstanceNormalization',
  'GroupNormalization',
  'LRN',
  'MeanVarianceNormalization',
  'LpNormalization',
  'CumSum',
  'Trilu',
  'Dropout',
  'Not',
  'BitwiseNot',
] as const;

/** Microsoft's fused activations and normalisations (onnxruntime's optimiser writes them). */
export const MS_SAME_AS_INPUT = [
  'Gelu',
  'FastGelu',
  'BiasGelu',
  'QuickGelu',
  'SkipLayerNormalization',
  'SkipSimplifiedLayerNormalization',
  'SimplifiedLayerNormalization',
  'BiasSoftmax',
] as const;

const UNARY_VALUES: Partial<Record<string, (x: number) => number>> = {
  Identity: (x) => x,
  Neg: (x) => -x,
  Abs: Math.abs,
  Floor: Math.floor,
  Ceil: Math.ceil,
  Sqrt: Math.sqrt,
  Relu: (x) => Math.max(0, x),
  Sign: Math.sign,
  Not: (x) => (x ? 0 : 1),
  Dropout: (x) => x,
};

export const sameAsInput: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x) return [];
  const f = UNARY_VALUES[c.node.opType];
  const values = f && x.values ? x.values.map(f) : null;
  const out = info(x.shape, x.dtype, values);
  // Dropout's mask, BatchNormalization's training statistics: only output 0 is the data.
  return [out];
};

export const cast: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x) return [];
  const to = c.node.opType === 'CastLike' ? (c.input(1)?.dtype ?? null) : c.attr.int('to', 0);
  const values =
    x.values && to !== null
      ? x.values.map((v) => (to === DT.BOOL ? (v ? 1 : 0) : isIntegerType(to) ? Math.trunc(v) : v))
      : null;
  return [info(x.shape, to, values)];
};

/** Numpy-style broadcasting of two static shapes; null when they do not broadcast. */
export function broadcast(a: readonly number[], b: readonly number[]): number[] | null {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) return null;
    out.push(x === 1 ? y : x);
  }
  return out;
}

/** The element of `values` (laid out in `shape`) that broadcasts to flat position `i` of `out`. */
function broadcastIndex(i: number, out: readonly number[], shape: readonly number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  const offset = out.length - shape.length;
  for (let k = out.length - 1; k >= 0; k--) {
    const coord = rest % out[k]!;
    rest = Math.floor(rest / out[k]!);
    if (k >= offset) {
      const d = shape[k - offset]!;
      if (d !== 1) index += coord * stride;
      stride *= d;
    }
  }
  return index;
}

function broadcastValues(inputs: TensorInfo[], out: number[], f: (...xs: number[]) => number): number[] | null {
  if (inputs.some((t) => !t.values) || numel(out) > 1024) return null;
  return Array.from({ length: numel(out) }, (_, i) =>
    f(...inputs.map((t) => t.values![broadcastIndex(i, out, t.shape!)]!)),
  );
}

const COMPARISONS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor']);

const BINARY_VALUES: Partial<Record<string, (a: number, b: number, integer: boolean) => number>> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Mul: (a, b) => a * b,
  Div: (a, b, integer) => (integer ? (b === 0 ? NaN : Math.trunc(a / b)) : a / b),
  Pow: (a, b) => a ** b,
  Mod: (a, b) => a % b,
  Max: (a, b) => Math.max(a, b),
  Min: (a, b) => Math.min(a, b),
  Equal: (a, b) => Number(a === b),
  Less: (a, b) => Number(a < b),
  Greater: (a, b) => Number(a > b),
  LessOrEqual: (a, b) => Number(a <= b),
  GreaterOrEqual: (a, b) => Number(a >= b),
  And: (a, b) => Number(Boolean(a) && Boolean(b)),
  Or: (a, b) => Number(Boolean(a) || Boolean(b)),
  Xor: (a, b) => Number(Boolean(a) !== Boolean(b)),
};

export const BROADCASTING = [
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Pow',
  'Mod',
  'Max',
  'Min',
  'Sum',
  'Mean',
  ...COMPARISONS,
  'BitShift',
  'BitwiseAnd',
  'BitwiseOr',
  'BitwiseXor',
];

/** Element-wise operators over any number of inputs, broadcasting. */
export const broadcasting: ShapeRule = (c) => {
  const inputs: TensorInfo[] = [];
  for (let i = 0; i < c.inputCount; i++) {
    const t = c.input(i);
    if (!t?.shape) return [null];
    inputs.push(t);
  }
  if (!inputs.length) return [null];
  let shape: number[] | null = inputs[0]!.shape!;
  for (const t of inputs.slice(1)) shape = shape && broadcast(shape, t.shape!);
  if (!shape) return [null];
  const op = c.node.opType;
  const dtype = COMPARISONS.has(op) ? DT.BOOL : inputs[0]!.dtype;
  const f = BINARY_VALUES[op] ?? (op === 'Sum' ? (a: number, b: number) => a + b : undefined);
  const integer = isIntegerType(inputs[0]!.dtype);
  const values = f ? broadcastValues(inputs, shape, (...xs) => xs.reduce((a, b) => f(a, b, integer))) : null;
  return [info(shape, dtype, values)];
};

export const where: ShapeRule = (c) => {
  const [cond, x, y] = [c.input(0), c.input(1), c.input(2)];
  if (!cond?.shape || !x?.shape || !y?.shape) return [null];
  const xy = broadcast(x.shape, y.shape);
  const shape = xy && broadcast(cond.shape, xy);
  if (!shape) return [null];
  return [
    info(
      shape,
      x.dtype ?? y.dtype,
      broadcastValues([cond, x, y], shape, (k, a, b) => (k ? a : b)),
    ),
  ];
};
