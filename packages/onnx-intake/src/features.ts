import { featureShapeProblem } from './declaration';
import { intsOf, type GraphIndex } from './graph-index';
import type { PGraph, PNode } from './proto';
import { formatCatalogShape, type CatalogShape, type TensorCatalog } from './tensor-catalog';

/**
 * Which tensor holds a model's pooled features when nothing is declared (docs/runner.md, "Which
 * features"): the model's own single output, since that is the representation its authors
 * published (a ConvNeXt's final LayerNorm, a ViT's normed class token); unless that output is a
 * classifier head, whose logits describe ImageNet's classes rather than the image, in which case
 * the tensor the head reads (walking back through a multi-layer head). A model with several
 * outputs, or whose output is neither, gets the last global pooling in the graph.
 */

export type FeatureSource = 'declared' | 'metadata' | 'model-output' | 'classifier-input' | 'global-pool';

export interface FeatureChoice {
  tensor: string;
  source: FeatureSource;
  /** Why, in words: shown by `inspect` and stored with the artifact. */
  why: string;
}

/** Output widths of the classifiers people export: ImageNet-1k (with and without background), -21k, -11k. */
const CLASSIFIER_WIDTHS = new Set([1000, 1001, 21841, 21843, 11221, 11821]);
const HEAD_NAME = /(^|[^a-z])(logits?|classifier|fc|heads?|cls|predictions?)([^a-z]|$)/i;
/** Between a head's last linear layer and the graph output. */
const AFTER_HEAD = new Set(['Softmax', 'LogSoftmax', 'Sigmoid', 'Identity']);
/** What a multi-layer head is made of (projection MLPs: Linear, BatchNorm, ReLU). */
const HEAD_LAYERS = new Set(['Relu', 'BatchNormalization', 'Dropout', 'Identity', 'Sigmoid', 'Softmax', 'LogSoftmax']);

export function defaultFeatures(graph: PGraph, index: GraphIndex, catalog: TensorCatalog): FeatureChoice | null {
  if (graph.output.length === 1) {
    const output = graph.output[0]!.name;
    const head = classifierHead(output, index, catalog);
    if (head) {
      if (featureShapeProblem(catalog[head.input] ?? null) === null) {
        return {
          tensor: head.input,
          source: 'classifier-input',
          why: `the output '${output}' is a classifier head (${head.why}): its input is the representation`,
        };
      }
    } else if (featureShapeProblem(catalog[output] ?? null) === null) {
      return {
        tensor: output,
        source: 'model-output',
        why: `the model's single output '${output}' ${formatCatalogShape(catalog[output] ?? null)}`,
      };
    }
  }
  const pooled = lastGlobalPool(graph, index);
  if (pooled)
    return { tensor: pooled, source: 'global-pool', why: `the last global pooling in the graph ('${pooled}')` };
  const flat = graph.output.filter((o) => isFeatureVector(catalog[o.name] ?? null));
  if (flat.length === 1)
    return { tensor: flat[0]!.name, source: 'model-output', why: `the only [N,D] output '${flat[0]!.name}'` };
  return null;
}

function isFeatureVector(shape: CatalogShape | null): boolean {
  return shape !== null && featureShapeProblem(shape) === null;
}

interface Head {
  /** The tensor the head reads. */
  input: string;
  why: string;
}

/** A linear layer (Gemm, MatMul, MatMul + bias with weights in the file) that is 1,000-way or named like a classifier. */
function classifierHead(output: string, index: GraphIndex, catalog: TensorCatalog): Head | null {
  let node = index.producer.get(output);
  for (let i = 0; node && AFTER_HEAD.has(node.opType) && i < 8; i++) node = index.producer.get(node.input[0] ?? '');
  const input = node && linearInput(node, index);
  if (!node || !input) return null;
  const shape = catalog[output] ?? null;
  const width = shape?.at(-1);
  const wide = typeof width === 'number' && CLASSIFIER_WIDTHS.has(width);
  const named = HEAD_NAME.test(output) || HEAD_NAME.test(node.name);
  if (!wide && !named) return null;
  const why = wide
    ? `${width}-way ${node.opType} '${node.name || node.opType}'`
    : `${node.opType} '${node.name || node.opType}', named like a classifier`;
  return { input: walkBackHead(input, index), why };
}

/** The data input of a linear layer whose weights are in the file; null for anything else. */
function linearInput(node: PNode, index: GraphIndex): string | null {
  const isWeight = (name: string | undefined) =>
    !!name && (index.initializers.has(name) || index.producer.get(name)?.opType === 'Constant');
  if ((node.opType === 'Gemm' || node.opType === 'MatMul') && isWeight(node.input[1])) return node.input[0] ?? null;
  if (node.opType === 'Add') {
    for (const [data, bias] of [
      [0, 1],
      [1, 0],
    ] as const) {
      const product = index.producer.get(node.input[data] ?? '');
      if (product?.opType === 'MatMul' && isWeight(node.input[bias]) && isWeight(product.input[1]))
        return product.input[0] ?? null;
    }
  }
  return null;
}

/** Through the earlier layers of a multi-layer head (a projection MLP), to the tensor the head starts from. */
function walkBackHead(start: string, index: GraphIndex): string {
  let tensor = start;
  for (let i = 0; i < 64; i++) {
    const node = index.producer.get(tensor);
    if (!node) break;
    const linear = linearInput(node, index);
    if (linear) tensor = linear;
    else if (HEAD_LAYERS.has(node.opType) && node.input[0]) tensor = node.input[0];
    else break;
  }
  return tensor;
}

export function isSpatialPool(node: PNode, index: GraphIndex): boolean {
  if (node.opType === 'GlobalAveragePool' || node.opType === 'GlobalMaxPool') return true;
  if (node.opType !== 'ReduceMean') return false;
  const attr = node.attribute?.find((a) => a.name === 'axes');
  let axes: number[] = attr ? (attr.ints ?? []).map(Number) : [];
  const axesInput = node.input?.[1];
  if (!attr && axesInput) {
    const constant = index.producer.get(axesInput);
    axes =
      constant?.opType === 'Constant'
        ? intsOf(constant.attribute.find((a) => a.name === 'value')?.t ?? undefined)
        : intsOf(index.initializers.get(axesInput));
  }
  const sorted = axes.map((a) => (a < 0 ? a + 4 : a)).sort();
  return sorted.length === 2 && sorted[0] === 2 && sorted[1] === 3;
}

const FLATTENING = new Set(['Flatten', 'Reshape', 'Squeeze']);

/** The last spatial pooling in the graph, followed through a Flatten/Reshape/Squeeze if one comes next. */
function lastGlobalPool(graph: PGraph, index: GraphIndex): string | null {
  const pools = graph.node.filter((n) => isSpatialPool(n, index));
  const pool = pools[pools.length - 1];
  if (!pool) return null;
  let out = pool.output[0]!;
  const next = index.consumers.get(out) ?? [];
  if (next.length === 1 && FLATTENING.has(next[0]!.opType ?? '')) out = next[0]!.output[0]!;
  return out;
}
