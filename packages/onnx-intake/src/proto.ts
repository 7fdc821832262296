import { createRequire } from 'node:module';
import type { onnx as OnnxNamespace } from 'onnx-proto';

/**
 * onnx-proto is CommonJS that assigns its namespace at run time (`$root.onnx = ...`), which
 * Node's ESM named-export detection cannot see: `import { onnx } from 'onnx-proto'` fails under
 * tsx and plain Node. Loading it through require works everywhere; types come from its d.ts.
 */
const require = createRequire(import.meta.url);
export const onnx: typeof OnnxNamespace = (require('onnx-proto') as { onnx: typeof OnnxNamespace }).onnx;
export type { OnnxNamespace as onnxTypes };

/** Int64 fields decode as Long objects, which Number() converts. */
export type Int64 = number | { toNumber(): number };

/*
 * The decoded shapes the intake reads. protobufjs types decoded messages as all-optional
 * interfaces, but decoding fills every repeated field with an array and every scalar with its
 * default (absent sub-messages are null), so these narrower types describe what is really there.
 */
export interface PAttribute {
  name: string;
  type: number;
  i: Int64;
  f: number;
  s: Uint8Array;
  ints: Int64[];
  floats: number[];
  t: PTensor | null;
  g: PGraph | null;
  sparseTensor: PSparseTensor | null;
  tensors: PTensor[];
  graphs: PGraph[];
  sparseTensors: PSparseTensor[];
}
export interface PNode {
  name: string;
  opType: string;
  domain: string;
  input: string[];
  output: string[];
  attribute: PAttribute[];
}
export interface PTensor {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData: Uint8Array;
  floatData: number[];
  int32Data: number[];
  int64Data: Int64[];
  doubleData: number[];
  dataLocation: number;
  externalData: unknown[];
}
export interface PSparseTensor {
  values: PTensor | null;
  indices: PTensor | null;
  dims: Int64[];
}
export interface PDim {
  dimValue?: Int64 | null;
  dimParam?: string | null;
}
export interface PValueInfo {
  name: string;
  type?: { tensorType?: { elemType?: number | null; shape?: { dim: PDim[] } | null } | null } | null;
}
export interface PGraph {
  name: string;
  node: PNode[];
  initializer: PTensor[];
  sparseInitializer: PSparseTensor[];
  input: PValueInfo[];
  output: PValueInfo[];
  valueInfo: PValueInfo[];
}
export interface PFunction {
  name: string;
  domain: string;
  input: string[];
  output: string[];
  node: PNode[];
}

export function graphOf(model: OnnxNamespace.ModelProto): PGraph {
  return model.graph as unknown as PGraph;
}

export function functionsOf(model: OnnxNamespace.ModelProto): PFunction[] {
  return model.functions as unknown as PFunction[];
}
