import { broadcast } from './elementwise';
import { normalizeAxis, type OpContext, type ShapeRule } from './op-context';
import { DT, info, numel, tensorValues, type TensorInfo } from './tensor-info';

/** Reshaping, indexing, constants and reductions: the operators of shape arithmetic. */

const axesOf = (values: readonly number[] | null | undefined, rank: number): number[] | null => {
  if (!values) return null;
  const out = values.map((a) => normalizeAxis(a, rank));
  return out.some((a) => a === null) || new Set(out).size !== out.length ? null : (out as number[]);
};

export const flatten: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const raw = c.attr.int('axis', 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis > rank) return [null];
  return [info([numel(x.shape.slice(0, axis)), numel(x.shape.slice(axis))], x.dtype, x.values)];
};

export const reshape: ShapeRule = (c) => {
  const x = c.input(0);
  const target = c.opset < 5 ? c.attr.ints('shape') : c.input(1)?.values;
  if (!x?.shape || !target) return [null];
  const allowZero = c.attr.int('allowzero', 0) === 1;
  const out = target.map((d, i) => (d === 0 && !allowZero ? (x.shape![i] ?? NaN) : d));
  const free = out.filter((d) => d === -1).length;
  if (free > 1 || out.some((d) => d < -1 || !Number.isInteger(d))) return [null];
  const total = numel(x.shape);
  if (free === 1) {
    const known = numel(out.filter((d) => d !== -1));
    if (known === 0 || total % known !== 0) return [null];
    out[out.indexOf(-1)] = total / known;
  }
  return [numel(out) === total ? info(out, x.dtype, x.values) : null];
};

export const transpose: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const perm = c.attr.ints('perm') ?? Array.from({ length: rank }, (_, i) => rank - 1 - i);
  if (perm.length !== rank || new Set(perm).size !== rank || perm.some((p) => p < 0 || p >= rank)) return [null];
  return [
    info(
      perm.map((p) => x.shape![p]!),
      x.dtype,
      rank <= 1 ? x.values : null,
    ),
  ];
};

export const concat: ShapeRule = (c) => {
  const inputs: TensorInfo[] = [];
  for (let i = 0; i < c.inputCount; i++) {
    const t = c.input(i);
    if (!t?.shape) return [null];
    inputs.push(t);
  }
  const first = inputs[0]?.shape;
  if (!first) return [null];
  const axis = normalizeAxis(c.attr.int('axis', 0), first.length);
  if (axis === null) return [null];
  const out = [...first];
  out[axis] = 0;
  for (const t of inputs) {
    if (t.shape!.length !== first.length || t.shape!.some((d, k) => k !== axis && d !== first[k])) return [null];
    out[axis] += t.shape![axis]!;
  }
  const values = first.length === 1 && inputs.every((t) => t.values) ? inputs.flatMap((t) => t.values!) : null;
  return [info(out, inputs[0]!.dtype, values)];
};

export const split: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const axis = normalizeAxis(c.attr.int('axis', 0), x.shape.length);
  if (axis === null) return [null];
  const outputs = c.node.output.length;
  const dim = x.shape[axis]!;
  let sizes = c.opset >= 13 ? c.input(1)?.values : c.attr.ints('split');
  if (c.opset >= 13 && c.input(1) && !sizes) return c.node.output.map(() => null);
  if (!sizes) {
    const parts = c.attr.int('num_outputs', outputs);
    const chunk = Math.ceil(dim / parts);
    if (c.opset < 18 && dim % parts !== 0) return c.node.output.map(() => null);
    sizes = Array.from({ length: parts }, (_, i) => Math.max(0, Math.min(chunk, dim - i * chunk)));
  }
  if (sizes.length !== outputs || sizes.reduce((a, b) => a + b, 0) !== dim) return c.node.output.map(() => null);
  let offset = 0;
  return sizes.map((size) => {
    const shape = [...x.shape!];
    shape[axis] = size;
    const values = x.shape!.length === 1 && x.values ? x.values.slice(offset, offset + size) : null;
    offset += size;
    return info(shape, x.dtype, values);
  });
};

function axesInputOrAttr(c: OpContext, rank: number): number[] | null | 'none' {
  if (c.opset >= 13) {
    const t = c.input(1);
    if (!t) return 'none';
    return axesOf(t.values, rank);
  }
  const attr = c.attr.ints('axes');
  return attr ? axesOf(attr, rank) : 'none';
}

export const squeeze: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const axes = axesInputOrAttr(c, x.shape.length);
  if (axes === null) return [null];
  const drop = axes === 'none' ? x.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0) : axes;
  if (drop.some((a) => x.shape![a] !== 1)) return [null];
  return [
    info(
      x.shape.filter((_, i) => !drop.includes(i)),
      x.dtype,
      x.values,
    ),
  ];
};

export const unsqueeze: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const raw = c.opset >= 13 ? c.input(1)?.values : c.attr.ints('axes');
  if (!raw) return [null];
  const rank = x.shape.length + raw.length;
  const axes = axesOf(raw, rank);
  if (!axes) return [null];
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(axes.includes(i) ? 1 : x.shape[next++]!);
  return [info(out, x.dtype, x.values)];
};

export const slice: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const old = c.opset < 10;
  const starts = old ? c.attr.ints('starts') : c.input(1)?.values;
  const ends = old ? c.attr.ints('ends') : c.input(2)?.values;
  // undefined: not given (all axes, step 1); null: given but its values are unknown.
  const axesRaw = old ? (c.attr.ints('axes') ?? undefined) : c.input(3) ? c.input(3)!.values : undefined;
  const steps = old ? undefined : c.input(4) ? c.input(4)!.values : undefined;
  if (!starts || !ends || starts.length !== ends.length || axesRaw === null || steps === null) return [null];
  const axes = axesRaw ? axesOf(axesRaw, rank) : starts.map((_, i) => i);
  if (!axes || axes.length !== starts.length || (steps && steps.length !== starts.length)) return [null];
  const out = [...x.shape];
  const ranges: [number, number, number][] = x.shape.map((d) => [0, d, 1]);
  for (let i = 0; i < axes.length; i++) {
    const a = axes[i]!;
    const r = sliceRange(x.shape[a]!, starts[i]!, ends[i]!, steps?.[i] ?? 1);
    if (!r) return [null];
    ranges[a] = r;
    out[a] = Math.max(0, Math.ceil((r[1] - r[0]) / r[2]));
  }
  let values: number[] | null = null;
  if (rank === 1 && x.values) {
    const [s, e, st] = ranges[0]!;
    values = [];
    for (let k = s; st > 0 ? k < e : k > e; k += st) values.push(x.values[k]!);
  }
  return [info(out, x.dtype, values)];
};

/** ONNX Slice's clamping, per axis: [start, end, step] in index space. */
function sliceRange(dim: number, start: number, end: number, step: number): [number, number, number] | null {
  if (!step || !Number.isFinite(step)) return null;
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  return [s, e, step];
}

export const gather: ShapeRule = (c) => {
  const data = c.input(0);
  const indices = c.input(1);
  if (!data?.shape || !indices?.shape) return [null];
  const axis = normalizeAxis(c.attr.int('axis', 0), data.shape.length);
  if (axis === null) return [null];
  const shape = [...data.shape.slice(0, axis), ...indices.shape, ...data.shape.slice(axis + 1)];
  let values: number[] | null = null;
  if (data.shape.length === 1 && data.values && indices.values) {
    const n = data.shape[0]!;
    values = indices.values.map((i) => data.values![i < 0 ? i + n : i]!);
    if (values.some((v) => v === undefined)) values = null;
  }
  return [info(shape, data.dtype, values)];
};

export const gatherElements: ShapeRule = (c) => {
  const data = c.input(0);
  const indices = c.input(1);
  return [indices?.shape ? info(indices.shape, data?.dtype ?? null) : null];
};

export const shapeOf: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  if (!x) return [null];
  const rank = x.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + rank : v, 0), rank);
  const dims = x.slice(clamp(c.attr.int('start', 0)), clamp(c.attr.int('end', rank)));
  return [info([dims.length], DT.INT64, dims)];
};

export const size: ShapeRule = (c) => {
  const x = c.input(0)?.shape;
  return [x ? info([], DT.INT64, [numel(x)]) : null];
};

export const constant: ShapeRule = (c) => {
  const t = c.attr.tensor('value');
  if (t) {
    const dims = (t.dims ?? []).map(Number);
    return [info(dims, t.dataType, tensorValues(t))];
  }
  const sparse = c.attr.raw('sparse_value')?.sparseTensor;
  if (sparse) return [info((sparse.dims ?? []).map(Number), sparse.values?.dataType ?? null)];
  if (c.attr.has('value_float')) return [info([], DT.FLOAT, [c.attr.float('value_float', 0)])];
  if (c.attr.has('value_int')) return [info([], DT.INT64, [c.attr.int('value_int', 0)])];
  const floats = c.attr.floats('value_floats');
  if (floats) return [info([floats.length], DT.FLOAT, floats)];
  const ints = c.attr.ints('value_ints');
  if (ints) return [info([ints.length], DT.INT64, ints)];
  return [null];
};

export const constantOfShape: ShapeRule = (c) => {
  const shape = c.input(0)?.values;
  if (!shape) return [null];
  const t = c.attr.tensor('value');
  const fill = t ? (tensorValues(t)?.[0] ?? null) : 0;
  const n = numel(shape);
  return [info(shape, t?.dataType ?? DT.FLOAT, fill !== null && n <= 1024 ? new Array<number>(n).fill(fill) : null)];
};

export const expand: ShapeRule = (c) => {
  const x = c.input(0);
  const target = c.input(1)?.values;
  if (!x?.shape || !target) return [null];
  const shape = broadcast(x.shape, target);
  if (!shape) return [null];
  const values =
    x.values && numel(x.shape) === 1 && numel(shape) <= 1024
      ? new Array<number>(numel(shape)).fill(x.values[0]!)
      : null;
  return [info(shape, x.dtype, values)];
};

export const range: ShapeRule = (c) => {
  const [start, limit, delta] = [c.input(0)?.values?.[0], c.input(1)?.values?.[0], c.input(2)?.values?.[0]];
  if (start === undefined || limit === undefined || delta === undefined || delta === 0) return [null];
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  const values = n <= 1024 ? Array.from({ length: n }, (_, i) => start + i * delta) : null;
  return [info([n], c.input(0)!.dtype, values)];
};

export const tile: ShapeRule = (c) => {
  const x = c.input(0);
  const repeats = c.input(1)?.values;
  if (!x?.shape || !repeats || repeats.length !== x.shape.length) return [null];
  return [
    info(
      x.shape.map((d, i) => d * repeats[i]!),
      x.dtype,
    ),
  ];
};

/** ReduceSum takes its axes as an input from opset 13, the other reductions from opset 18. */
export const reduce: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const rank = x.shape.length;
  const fromInput = c.node.opType === 'ReduceSum' ? c.opset >= 13 : c.opset >= 18;
  let axes: number[] | null;
  if (fromInput) {
    const t = c.input(1);
    axes = t ? axesOf(t.values, rank) : [];
    if (t && !t.values) return [null];
  } else {
    axes = c.attr.has('axes') ? axesOf(c.attr.ints('axes'), rank) : [];
  }
  if (!axes) return [null];
  if (!axes.length) {
    if (c.attr.int('noop_with_empty_axes', 0) === 1) return [info(x.shape, x.dtype)];
    axes = x.shape.map((_, i) => i);
  }
  const keep = c.attr.int('keepdims', 1) === 1;
  const shape = keep
    ? x.shape.map((d, i) => (axes!.includes(i) ? 1 : d))
    : x.shape.filter((_, i) => !axes!.includes(i));
  return [info(shape, x.dtype)];
};

export const argReduce: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const axis = normalizeAxis(c.attr.int('axis', 0), x.shape.length);
  if (axis === null) return [null];
  const keep = c.attr.int('keepdims', 1) === 1;
  return [info(keep ? x.shape.map((d, i) => (i === axis ? 1 : d)) : x.shape.filter((_, i) => i !== axis), DT.INT64)];
};

export const layerNormalization: ShapeRule = (c) => {
  const x = c.input(0);
  if (!x?.shape) return [null];
  const axis = normalizeAxis(c.attr.int('axis', -1), x.shape.length);
  if (axis === null) return [null];
  const stats = x.shape.map((d, i) => (i < axis ? d : 1));
  return [info(x.shape, x.dtype), info(stats, DT.FLOAT), info(stats, DT.FLOAT)];
};

export const topK: ShapeRule = (c) => {
  const x = c.input(0);
  const k = c.opset >= 10 ? c.input(1)?.values?.[0] : c.attr.int('k', -1);
  if (!x?.shape || k === undefined || k < 0) return [null, null];
  const axis = normalizeAxis(c.attr.int('axis', -1), x.shape.length);
  if (axis === null) return [null, null];
  const shape = x.shape.map((d, i) => (i === axis ? k : d));
  return [info(shape, x.dtype), info(shape, DT.INT64)];
};
