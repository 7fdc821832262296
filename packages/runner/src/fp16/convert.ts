import { decodeModel } from '@transferboard/onnx-intake/graph';
import {
  graphOf,
  onnx,
  type PAttribute,
  type PGraph,
  type PNode,
  type PTensor,
  type PValueInfo,
} from '@transferboard/onnx-intake/proto';
import { toHalfArray } from './float16';

/**
 * ONNX fp32 → fp16 conversion for image backbones: weights, activations and optionally the
 * graph's inputs and outputs become half precision (half the memory traffic, tensor cores on
 * the GPU), while numerically sensitive operators (normalisations, softmax, reductions,
 * exponentials) keep computing in fp32 behind Cast nodes. A reduction that feeds the features
 * (GlobalAveragePool) stays fp32 and so do the reshapes after it, so the pooled features are
 * not rounded to fp16 on the way out.
 *
 * Tensor precision is decided per tensor: every float tensor is fp16 unless it is produced by
 * a kept-fp32 operator (or follows one through a pure reshape); a Cast is inserted once per
 * tensor wherever a consumer needs the other precision.
 */

export interface Fp16Options {
  /** Precision of the graph's float inputs and outputs. 'float32' (default) keeps the model a drop-in replacement. */
  io?: 'float32' | 'float16';
  /** Extra operator types to keep in fp32. */
  keepFp32?: readonly string[];
}

export interface Fp16Report {
  bytes: Uint8Array;
  /** Float initializers converted, and left fp32 (only fp32 consumers). */
  convertedInitializers: number;
  keptInitializers: number;
  /** Cast nodes inserted at fp16/fp32 boundaries. */
  casts: number;
  /** Nodes computing in fp32, by operator type. */
  fp32Nodes: Record<string, number>;
}

/** Normalisations, softmax, reductions and exponentials: fp16's 11-bit mantissa and 65,504 ceiling hurt here. */
export const KEEP_FP32 = new Set([
  'BatchNormalization',
  'InstanceNormalization',
  'LayerNormalization',
  'GroupNormalization',
  'LpNormalization',
  'LRN',
  'Softmax',
  'LogSoftmax',
  'Exp',
  'Log',
  'Pow',
  'Sqrt',
  'Reciprocal',
  'Erf',
  'ReduceMean',
  'ReduceSum',
  'ReduceSumSquare',
  'ReduceL1',
  'ReduceL2',
  'ReduceLogSum',
  'ReduceLogSumExp',
  'ReduceMax',
  'ReduceMin',
  'ReduceProd',
  'GlobalAveragePool',
  'GlobalLpPool',
  'CumSum',
  'Range',
  'RandomNormal',
  'RandomUniform',
]);

/** Ops that only move data: they take the precision of their data input (input 0). */
const FOLLOW = new Set(['Flatten', 'Reshape', 'Squeeze', 'Unsqueeze', 'Identity', 'Transpose']);

/** Inputs that the ONNX spec types as float32 whatever the data type (kept fp32 always). */
const FIXED_FP32_INPUTS: Record<string, number[]> = { Resize: [1, 2], Upsample: [1] };

/** Ops that read only a tensor's shape: no cast is worth inserting for them. */
const SHAPE_ONLY = new Set(['Shape', 'Size']);

/** Outputs that are never float, whatever the inputs. */
const NON_FLOAT_OUTPUT = new Set([
  'Shape',
  'Size',
  'NonZero',
  'ArgMax',
  'ArgMin',
  'Equal',
  'Less',
  'LessOrEqual',
  'Greater',
  'GreaterOrEqual',
  'Not',
  'And',
  'Or',
  'Xor',
  'IsNaN',
  'IsInf',
]);

const T = onnx.TensorProto.DataType;
const INT_ATTR = onnx.AttributeProto.AttributeType.INT;
type Prec = 'fp16' | 'fp32';

/*
 * Messages made here carry only the fields set, like decoded ones: protobufjs keeps every other
 * field's default on the prototype, so they read as the shared decoded shapes (proto.ts) and
 * encode without empty fields.
 */
function castNode(name: string, input: string, output: string, to: Prec): PNode {
  const attribute = onnx.AttributeProto.create({ name: 'to', type: INT_ATTR, i: to === 'fp16' ? T.FLOAT16 : T.FLOAT });
  return {
    name,
    opType: 'Cast',
    domain: '',
    input: [input],
    output: [output],
    attribute: [attribute as unknown as PAttribute],
  };
}

export function convertToFloat16(modelBytes: Uint8Array, opts: Fp16Options = {}): Fp16Report {
  const model = decodeModel(modelBytes);
  const graph = model.graph ? graphOf(model) : null;
  if (!graph) throw new Error('convertToFloat16: the model has no graph');
  const io: Prec = opts.io === 'float16' ? 'fp16' : 'fp32';
  const keep = new Set([...KEEP_FP32, ...(opts.keepFp32 ?? [])]);
  for (const n of graph.node)
    if (n.domain && n.domain !== 'ai.onnx')
      throw new Error(
        `convertToFloat16: operator ${n.domain}.${n.opType} (node ${n.name}) is outside the standard domain; convert this model with its own tooling`,
      );
  const isFloat = floatTensors(graph);

  // Who consumes each tensor, and in which precision.
  const wants = new Map<string, Set<Prec>>();
  const want = (name: string, p: Prec) => (wants.get(name) ?? wants.set(name, new Set()).get(name)!).add(p);
  const prec = new Map<string, Prec>();
  for (const i of graph.input) if (isFloat.has(i.name)) prec.set(i.name, io);

  const inits = new Map(graph.initializer.map((t) => [t.name, t]));
  const nodePrec = (n: PNode): Prec | 'follow' =>
    keep.has(n.opType) ? 'fp32' : FOLLOW.has(n.opType) ? 'follow' : 'fp16';
  const consumerWants = (n: PNode, k: number, name: string): Prec => {
    if (FIXED_FP32_INPUTS[n.opType]?.includes(k)) return 'fp32';
    const p = nodePrec(n);
    return p === 'follow' || SHAPE_ONLY.has(n.opType) ? (prec.get(name) ?? 'fp16') : p;
  };
  // Initializers: fp16 unless every consumer needs fp32.
  for (const n of graph.node)
    n.input.forEach((name, k) => {
      if (inits.has(name) && isFloat.has(name)) want(name, consumerWants(n, k, name));
    });
  let convertedInitializers = 0;
  let keptInitializers = 0;
  for (const t of graph.initializer) {
    if (t.dataType !== T.FLOAT) continue;
    const w = wants.get(t.name);
    if (w && !w.has('fp16')) {
      prec.set(t.name, 'fp32');
      keptInitializers++;
    } else {
      toHalfTensor(t);
      prec.set(t.name, 'fp16');
      convertedInitializers++;
    }
  }

  const nodes: PNode[] = [];
  const castCache = new Map<string, string>();
  let casts = 0;
  const fp32Nodes: Record<string, number> = {};
  const castTo = (name: string, to: Prec): string => {
    const have = prec.get(name);
    if (!have || have === to) return name;
    const key = `${name}|${to}`;
    const cached = castCache.get(key);
    if (cached) return cached;
    const out = `${name}__${to}`;
    nodes.push(castNode(`Cast_${to}_${castCache.size}`, name, out, to));
    prec.set(out, to);
    castCache.set(key, out);
    casts++;
    return out;
  };

  for (const n of graph.node) {
    const p = nodePrec(n);
    const data = n.input[0];
    const outPrec: Prec = p === 'follow' ? ((data ? prec.get(data) : undefined) ?? 'fp16') : p;
    n.input = n.input.map((name, k) => (name && isFloat.has(name) ? castTo(name, consumerWants(n, k, name)) : name));
    if (outPrec === 'fp32' && p !== 'follow') fp32Nodes[n.opType] = (fp32Nodes[n.opType] ?? 0) + 1;
    convertConstants(n);
    // A cast to float32 inside the model now lands in the fp16 domain.
    const to = n.opType === 'Cast' ? attr(n, 'to') : undefined;
    if (to && Number(to.i) === T.FLOAT) to.i = T.FLOAT16;
    nodes.push(n);
    for (const o of n.output) if (o && isFloat.has(o)) prec.set(o, n.opType === 'Cast' ? 'fp16' : outPrec);
  }

  // Graph outputs: rename the producer's tensor where the output's declared precision differs.
  const outPrecWanted = io;
  for (const o of graph.output) {
    if (!isFloat.has(o.name)) continue;
    const have = prec.get(o.name);
    if (have && have !== outPrecWanted) {
      const inner = `${o.name}__${have}`;
      renameTensor(nodes, o.name, inner);
      prec.set(inner, have);
      nodes.push(castNode(`Cast_out_${o.name}`, inner, o.name, outPrecWanted));
      casts++;
    }
    setElemType(o, outPrecWanted);
  }
  // Old-style models (IR < 4) also list initializers as graph inputs. Weights are not meant to be
  // fed, and onnxruntime 1.29's CPU provider crashes on an fp16 weight left overridable: drop them.
  graph.input = graph.input.filter((i) => !inits.has(i.name));
  for (const i of graph.input) if (isFloat.has(i.name)) setElemType(i, io);

  graph.node = nodes;
  // Intermediate types changed: let onnxruntime infer them again.
  graph.valueInfo = [];
  return { bytes: onnx.ModelProto.encode(model).finish(), convertedInitializers, keptInitializers, casts, fp32Nodes };
}

/** Names of float32 tensors, propagated through the graph in node order (ONNX graphs are topologically sorted). */
function floatTensors(graph: PGraph): Set<string> {
  const float = new Set<string>();
  for (const i of graph.input) if (i.type?.tensorType?.elemType === T.FLOAT) float.add(i.name);
  for (const t of graph.initializer) if (t.dataType === T.FLOAT) float.add(t.name);
  for (const n of graph.node) {
    let out: boolean;
    if (NON_FLOAT_OUTPUT.has(n.opType)) out = false;
    else if (n.opType === 'Cast') out = Number(attr(n, 'to')?.i ?? 0) === T.FLOAT;
    else if (n.opType === 'Constant') out = constantIsFloat(n);
    else if (n.opType === 'ConstantOfShape') out = (attr(n, 'value')?.t?.dataType ?? T.FLOAT) === T.FLOAT;
    else if (n.opType === 'Where') out = float.has(n.input[1] ?? '');
    else out = float.has(n.input[0] ?? '');
    if (out) for (const o of n.output) if (o) float.add(o);
  }
  return float;
}

function attr(n: PNode, name: string): PAttribute | undefined {
  return n.attribute.find((a) => a.name === name);
}

function constantIsFloat(n: PNode): boolean {
  const a = n.attribute[0];
  if (!a) return false;
  if (a.name === 'value') return a.t?.dataType === T.FLOAT;
  return a.name === 'value_float' || a.name === 'value_floats';
}

/** Float constants feeding fp16 nodes become fp16 constants (Constant and ConstantOfShape). */
function convertConstants(n: PNode): void {
  if (n.opType !== 'Constant' && n.opType !== 'ConstantOfShape') return;
  for (const a of n.attribute) {
    if (a.name === 'value' && a.t && a.t.dataType === T.FLOAT) toHalfTensor(a.t);
    if (a.name === 'value_float' || a.name === 'value_floats') {
      const values = a.name === 'value_float' ? [a.f] : a.floats;
      const dims = a.name === 'value_float' ? [] : [values.length];
      const t = onnx.TensorProto.create({ dataType: T.FLOAT, dims, floatData: values }) as unknown as PTensor;
      toHalfTensor(t);
      Object.assign(a, { name: 'value', type: onnx.AttributeProto.AttributeType.TENSOR, t, f: 0, floats: [] });
    }
  }
}

function toHalfTensor(t: PTensor): void {
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL)
    throw new Error(`convertToFloat16: tensor ${t.name} is stored in an external data file; inline the weights first`);
  const values = t.rawData.length ? new Float32Array(new Uint8Array(t.rawData).buffer) : Float32Array.from(t.floatData);
  const half = toHalfArray(values);
  t.dataType = T.FLOAT16;
  t.rawData = new Uint8Array(half.buffer);
  t.floatData = [];
}

function setElemType(v: PValueInfo, p: Prec): void {
  if (v.type?.tensorType) v.type.tensorType.elemType = p === 'fp16' ? T.FLOAT16 : T.FLOAT;
}

function renameTensor(nodes: PNode[], from: string, to: string): void {
  for (const n of nodes) {
    n.output = n.output.map((o) => (o === from ? to : o));
    n.input = n.input.map((i) => (i === from ? to : i));
  }
}
