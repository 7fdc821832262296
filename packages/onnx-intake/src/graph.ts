import { onnx, type onnxTypes } from './proto';

/**
 * A small, typed builder for ONNX graphs. The runner builds two kinds of graphs in TypeScript:
 * tiny image backbones for fixtures and tests, and linear-algebra graphs (losses, gradients)
 * that let onnxruntime's multithreaded kernels do the probes' heavy arithmetic.
 */

export type ElemType = 'float32' | 'float16' | 'float64' | 'int64' | 'int32' | 'bool';
/** A dimension is a fixed size or a symbolic name (dynamic axis). */
export type Dim = number | string;

export interface ValueSpec {
  name: string;
  type: ElemType;
  shape: Dim[];
}

export type AttrValue = number | string | number[] | { floats: number[] } | { tensor: TensorSpec };

export interface NodeSpec {
  op: string;
  inputs: string[];
  outputs: string[];
  attrs?: Record<string, AttrValue>;
  name?: string;
  domain?: string;
}

export interface TensorSpec {
  name: string;
  type: ElemType;
  dims: number[];
  data: Float32Array | Float64Array | BigInt64Array | Int32Array | Uint16Array | Uint8Array;
}

export interface GraphSpec {
  name: string;
  inputs: ValueSpec[];
  outputs: ValueSpec[];
  nodes: NodeSpec[];
  initializers?: TensorSpec[];
  /** Default-domain opset; 17 is supported by onnxruntime 1.29 and by PyTorch's exporter. */
  opset?: number;
  /** Extra opset imports, e.g. { 'com.microsoft': 1 }. */
  extraOpsets?: Record<string, number>;
  docString?: string;
}

const ELEM: Record<ElemType, onnxTypes.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  float64: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  int32: onnx.TensorProto.DataType.INT32,
  bool: onnx.TensorProto.DataType.BOOL,
};

export function elemTypeCode(type: ElemType): number {
  return ELEM[type];
}

function valueInfo(v: ValueSpec): onnxTypes.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ELEM[v.type],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

export function tensorProto(t: TensorSpec): onnxTypes.ITensorProto {
  // raw_data is little-endian bytes of the elements: compact and fast for large weights.
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return { name: t.name, dataType: ELEM[t.type], dims: t.dims, rawData: bytes.slice() };
}

function attribute(name: string, value: AttrValue): onnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? { name, type: T.INT, i: value } : { name, type: T.FLOAT, f: value };
  }
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  if ('floats' in value) return { name, type: T.FLOATS, floats: value.floats };
  return { name, type: T.TENSOR, t: tensorProto(value.tensor) };
}

/** Float attributes that happen to be whole numbers (alpha = 1.0) must stay floats. */
export function floatAttr(value: number): AttrValue {
  return { floats: [value] } as const;
}

export function buildModelProto(g: GraphSpec): onnxTypes.ModelProto {
  const nodes: onnxTypes.INodeProto[] = g.nodes.map((n, i) => ({
    name: n.name ?? `${n.op}_${i}`,
    opType: n.op,
    domain: n.domain ?? '',
    input: n.inputs,
    output: n.outputs,
    attribute: Object.entries(n.attrs ?? {}).map(([k, v]) => fixFloatAttr(attribute(k, v))),
  }));
  const opsetImport = [{ domain: '', version: g.opset ?? 17 }];
  for (const [domain, version] of Object.entries(g.extraOpsets ?? {})) opsetImport.push({ domain, version });
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'transferboard',
    producerVersion: '1',
    opsetImport,
    docString: g.docString ?? '',
    graph: {
      name: g.name,
      node: nodes,
      input: g.inputs.map(valueInfo),
      output: g.outputs.map(valueInfo),
      initializer: (g.initializers ?? []).map(tensorProto),
    },
  });
}

// `floatAttr` encodes a single float as FLOATS to survive the integer check; unwrap it here.
function fixFloatAttr(a: onnxTypes.IAttributeProto): onnxTypes.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (a.type === T.FLOATS && a.floats?.length === 1 && a.name !== 'floats') {
    return { name: a.name, type: T.FLOAT, f: a.floats[0] ?? 0 };
  }
  return a;
}

/** Serialise a graph to the bytes of a .onnx file. */
export function encodeModel(g: GraphSpec): Uint8Array {
  return onnx.ModelProto.encode(buildModelProto(g)).finish();
}

/** Parse .onnx bytes; throws protobufjs' error on bytes that are not a ModelProto. */
export function decodeModel(bytes: Uint8Array): onnxTypes.ModelProto {
  return onnx.ModelProto.decode(bytes);
}
