import type { Scope } from './graphs';
import type { onnxTypes, PNode } from './proto';
import { inferShapes, type Shapes } from './shapes/infer';
import { gemmProduct, matmulProduct } from './shapes/linear-ops';
import { FLOAT_TYPES, numel } from './shapes/tensor-info';

/**
 * What a model costs, read from its graph (docs/runner.md, "What a model costs"):
 * - parameters: the numbers of its floating-point weights (initializers, sparse initializers'
 *   values, and `Constant` tensors of more than one element), without BatchNormalization's
 *   running mean and variance, which are statistics, not learned. An eval export folds each
 *   BatchNormalization into the convolution before it (two learned vectors become one bias),
 *   so it holds fewer numbers than PyTorch's `sum(p.numel())`: 26,560 fewer for a ResNet-50.
 * - GFLOPs per image: 2 × the multiply-accumulates of every Conv, Gemm and MatMul node for one
 *   1×3×224×224 image. Null, with the reason, whenever a shape those nodes need cannot be
 *   inferred, a product sits inside control flow or a local function (how often it runs is not
 *   static), or the graph computes products with operators outside the definition (Einsum,
 *   ConvTranspose, quantised or fused products): a count that left them out would understate
 *   the model.
 */

export const COST_DEFINITION =
  'GFLOPs = 2 × multiply-accumulates of Conv, Gemm and MatMul for one 1×3×224×224 image; ' +
  'parameters = floating-point weights without BatchNormalization running statistics';

export interface ModelCost {
  parameters: number;
  gflopsPerImage: number | null;
  macs: number | null;
  macsByOperator: { Conv: number; Gemm: number; MatMul: number } | null;
  /** Why gflopsPerImage is null; null when it is known. */
  gflopsUnknown: string | null;
  definition: string;
}

const COUNTED = new Set(['Conv', 'Gemm', 'MatMul']);

/** Products the definition does not count: their presence makes a count misleading. */
const UNCOUNTED_PRODUCTS = new Set([
  'ConvTranspose',
  'ConvInteger',
  'MatMulInteger',
  'QLinearConv',
  'QLinearMatMul',
  'Einsum',
  'FusedConv',
  'FusedGemm',
  'FusedMatMul',
  'Attention',
  'MultiHeadAttention',
  'QAttention',
  'MatMulNBits',
  'MatMulInteger16',
  'DynamicQuantizeMatMul',
  'QOrderedMatMul',
  'GroupQueryAttention',
  'DecoderAttention',
]);

export const COST_IMAGE = { batch: 1, height: 224, width: 224 };

export function modelCost(
  model: onnxTypes.ModelProto,
  scopes: Scope[],
  order: readonly PNode[],
  imageInput: string,
  shapes?: Shapes,
): ModelCost {
  const known = shapes ?? inferShapes(model, order, imageInput, COST_IMAGE);
  const macs = countMacs(scopes, order, known);
  return {
    parameters: countParameters(scopes),
    gflopsPerImage: macs.total === null ? null : (2 * macs.total) / 1e9,
    macs: macs.total,
    macsByOperator: macs.total === null ? null : macs.byOperator,
    gflopsUnknown: macs.why,
    definition: COST_DEFINITION,
  };
}

export function countParameters(scopes: Scope[]): number {
  let total = 0;
  for (const scope of scopes) {
    if (scope.kind === 'training') continue;
    const statistics = new Set<string>();
    for (const node of scope.nodes) {
      if (node.opType === 'BatchNormalization')
        for (const i of [3, 4]) if (node.input[i]) statistics.add(node.input[i]!);
    }
    const seen = new Set<string>();
    for (const t of scope.initializers) {
      if (seen.has(t.name) || statistics.has(t.name) || !FLOAT_TYPES.has(t.dataType)) continue;
      seen.add(t.name);
      total += numel((t.dims ?? []).map(Number));
    }
    for (const s of scope.sparseInitializers) {
      if (s.values && FLOAT_TYPES.has(s.values.dataType)) total += numel((s.values.dims ?? []).map(Number));
    }
    for (const node of scope.nodes) {
      const t = node.opType === 'Constant' ? node.attribute.find((a) => a.name === 'value')?.t : null;
      if (!t || !FLOAT_TYPES.has(t.dataType) || statistics.has(node.output[0] ?? '')) continue;
      const n = numel((t.dims ?? []).map(Number));
      // Single numbers (GELU's 1/√2, an attention scale) are arithmetic, not weights.
      if (n > 1) total += n;
    }
  }
  return total;
}

interface MacCount {
  total: number | null;
  byOperator: { Conv: number; Gemm: number; MatMul: number };
  why: string | null;
}

function countMacs(scopes: Scope[], order: readonly PNode[], shapes: Shapes): MacCount {
  const byOperator = { Conv: 0, Gemm: 0, MatMul: 0 };
  const unknown = (why: string): MacCount => ({ total: null, byOperator, why });
  for (const scope of scopes) {
    for (const node of scope.nodes) {
      const op = node.opType;
      if (UNCOUNTED_PRODUCTS.has(op)) {
        return unknown(
          `node '${label(node)}' computes a product with ${op}, which the definition (Conv, Gemm, MatMul) does not count, so a count would understate the model`,
        );
      }
      if (scope.kind !== 'main' && scope.kind !== 'training' && COUNTED.has(op) && isDefaultDomain(node)) {
        return unknown(
          `node '${label(node)}' (${op}) sits in ${scope.where}, which runs a number of times the graph does not fix`,
        );
      }
    }
  }
  for (const node of order) {
    if (!COUNTED.has(node.opType) || !isDefaultDomain(node)) continue;
    const need = (i: number): number[] | string => {
      const name = node.input[i] ?? '';
      const shape = shapes.tensors.get(name)?.shape;
      if (shape) return shape;
      const origin = shapes.unknownOrigin.get(name);
      const after =
        origin && origin !== node
          ? `: it comes after node '${label(origin)}' (${origin.opType}), whose output shape the intake cannot infer`
          : '';
      return `the shape of '${name}' (input ${i} of ${node.opType} node '${label(node)}') cannot be inferred${after}`;
    };
    const a = need(0);
    const b = need(1);
    if (typeof a === 'string') return unknown(a);
    if (typeof b === 'string') return unknown(b);
    const macs = nodeMacs(node, a, b, shapes);
    if (macs === null)
      return unknown(
        `the shapes of ${node.opType} node '${label(node)}' do not fit together ([${a.join(',')}] and [${b.join(',')}])`,
      );
    byOperator[node.opType as keyof typeof byOperator] += macs;
  }
  const total = byOperator.Conv + byOperator.Gemm + byOperator.MatMul;
  return Number.isSafeInteger(total)
    ? { total, byOperator, why: null }
    : unknown('the multiply-accumulates overflow a safe integer');
}

function nodeMacs(node: PNode, a: number[], b: number[], shapes: Shapes): number | null {
  if (node.opType === 'Conv') {
    const out = shapes.tensors.get(node.output[0] ?? '')?.shape;
    // Each output element costs one multiply-accumulate per weight of its filter: (C / group) × kernel.
    return out && b.length >= 2 ? numel(out) * numel(b.slice(1)) : null;
  }
  if (node.opType === 'Gemm') {
    const attr = (name: string) => Number(node.attribute.find((x) => x.name === name)?.i ?? 0) === 1;
    return gemmProduct(a, b, attr('transA'), attr('transB'))?.macs ?? null;
  }
  return matmulProduct(a, b)?.macs ?? null;
}

function isDefaultDomain(node: PNode): boolean {
  return !node.domain || node.domain === 'ai.onnx';
}

function label(node: PNode): string {
  return node.name || node.opType;
}
