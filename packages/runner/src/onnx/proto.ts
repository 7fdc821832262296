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
