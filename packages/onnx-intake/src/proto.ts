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
 * The decoded shapes the runner reads. protobufjs types decoded messages as all-optional
 * interfaces, but decoding fills every repeated field with an array and every scalar with its
 * default, so these narrower types describe what is really there.
 */
export interface PAttribute { name: string; i: Int64; f: number; ints: Int64[]; s: Uint8Array }
export interface PNode { name: string; opType: string; domain: string; input: string[]; output: string[]; attribute: PAttribute[] }
export interface PTensor {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData: Uint8Array;
  int64Data: Int64[];
  dataLocation: number;
  externalData: unknown[];
}
export interface PDim { dimValue?: Int64 | null; dimParam?: string | null }
export interface PValueInfo {
  name: string;
  type?: { tensorType?: { elemType?: number | null; shape?: { dim: PDim[] } | null } | null } | null;
}
export interface PGraph { node: PNode[]; initializer: PTensor[]; input: PValueInfo[]; output: PValueInfo[] }

export function graphOf(model: OnnxNamespace.ModelProto): PGraph {
  return model.graph as unknown as PGraph;
}
