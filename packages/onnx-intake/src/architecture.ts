import { intsOf, type GraphIndex } from './graph-index';
import type { PGraph, PNode } from './proto';

/**
 * What kind of network a model is, read from its graph (docs/runner.md, "What a model is"), so a
 * reader can tell a ViT from a ResNet on the model page. The rule, first match wins:
 * - declared: the metadata key `transferboard.architecture` names one of ARCHITECTURE_FAMILIES;
 * - `vision-transformer`: the first convolution on the image is a patch embedding (kernel equal
 *   to its stride, at least 4) and the graph has self-attention (a Softmax over a MatMul's
 *   product); the patch size is that kernel;
 * - `convnext-like`: a patch-embedding stem, depthwise convolutions (one filter per channel) and
 *   layer normalisation (LayerNormalization, or the ReduceMean → Sub it decomposes into), no attention;
 * - `convolutional`: any other graph with convolutions (ResNets, VGGs, EfficientNets);
 * - `other`: no convolution at all (an MLP on pixels, say).
 */

export const ARCHITECTURE_FAMILIES = ['vision-transformer', 'convnext-like', 'convolutional', 'other'] as const;
export type ArchitectureFamily = (typeof ARCHITECTURE_FAMILIES)[number];

export function isArchitectureFamily(value: unknown): value is ArchitectureFamily {
  return typeof value === 'string' && (ARCHITECTURE_FAMILIES as readonly string[]).includes(value);
}

export interface Architecture {
  family: ArchitectureFamily;
  /** `metadata`: declared in `transferboard.architecture`; `inferred`: by the rule above. */
  source: 'inferred' | 'metadata';
  /** A vision transformer's patch size (its patch embedding's kernel); null otherwise. */
  patchSize: number | null;
  /** Why this family, in words. */
  why: string;
}

export function inferArchitecture(
  graph: PGraph,
  index: GraphIndex,
  imageInput: string,
  declared: ArchitectureFamily | null,
): Architecture {
  const patch = patchEmbeddingSize(graph, imageInput);
  const attention = graph.node.some(
    (n) => n.opType === 'Softmax' && index.producer.get(n.input[0] ?? '')?.opType === 'MatMul',
  );
  if (declared) {
    return {
      family: declared,
      source: 'metadata',
      patchSize: declared === 'vision-transformer' ? patch : null,
      why: "declared in the model's metadata ('transferboard.architecture')",
    };
  }
  if (patch !== null && attention) {
    return {
      family: 'vision-transformer',
      source: 'inferred',
      patchSize: patch,
      why: `a ${patch}×${patch} patch embedding (kernel = stride) and self-attention (Softmax over MatMul)`,
    };
  }
  const depthwise = graph.node.some((n) => isDepthwise(n, index));
  const layerNorm = graph.node.some((n) => n.opType === 'LayerNormalization' || isDecomposedLayerNorm(n, index));
  if (patch !== null && depthwise && layerNorm && !attention) {
    return {
      family: 'convnext-like',
      source: 'inferred',
      patchSize: null,
      why: `a ${patch}×${patch} patchify stem, depthwise convolutions and layer normalisation, no attention`,
    };
  }
  if (graph.node.some((n) => n.opType === 'Conv')) {
    return {
      family: 'convolutional',
      source: 'inferred',
      patchSize: null,
      why: attention
        ? 'convolutions with attention but no patch embedding'
        : 'convolutions without a patch embedding or without the ConvNeXt block',
    };
  }
  return { family: 'other', source: 'inferred', patchSize: null, why: 'no convolution in the graph' };
}

/**
 * A vision transformer's patch size: the kernel of the image's first convolution when it is a
 * patch embedding (square, kernel = stride, at least 4), read through in-graph normalisation.
 * Null otherwise. The one definition: the family rule above and the token-grid hints use it.
 */
export function patchEmbeddingSize(graph: PGraph, imageInput: string): number | null {
  const stem = firstConv(graph.node, imageInput);
  return stem ? patchKernel(stem) : null;
}

/** The first Conv in graph order whose input comes from the image through shape-keeping operators only. */
function firstConv(nodes: readonly PNode[], imageInput: string): PNode | null {
  const fromImage = new Set([imageInput]);
  for (const node of nodes) {
    if (!node.input.some((i) => fromImage.has(i))) continue;
    if (node.opType === 'Conv') return node;
    // Normalisation in the graph (Sub/Div by constants, a Cast) keeps the image an image.
    if (['Sub', 'Div', 'Mul', 'Add', 'Cast', 'Identity'].includes(node.opType))
      for (const o of node.output) fromImage.add(o);
  }
  return null;
}

function ints(node: PNode, name: string): number[] {
  return (node.attribute.find((a) => a.name === name)?.ints ?? []).map(Number);
}

/** The kernel of a patch embedding (square kernel equal to its stride, at least 4), else null. */
function patchKernel(conv: PNode): number | null {
  const kernel = ints(conv, 'kernel_shape');
  const strides = ints(conv, 'strides');
  const [k] = kernel;
  if (k === undefined || k < 4 || kernel.length !== 2 || kernel[1] !== k) return null;
  return strides.length === 2 && strides[0] === k && strides[1] === k ? k : null;
}

function isDepthwise(node: PNode, index: GraphIndex): boolean {
  if (node.opType !== 'Conv') return false;
  const group = Number(node.attribute.find((a) => a.name === 'group')?.i ?? 1);
  if (group <= 1) return false;
  const dims = (index.initializers.get(node.input[1] ?? '')?.dims ?? []).map(Number);
  // One input channel per filter: dims [C·m, 1, k, k]; without the weight's dims, the group says enough.
  return dims.length === 0 || dims[1] === 1;
}

/** PyTorch's exports before opset 17 write LayerNorm as ReduceMean over the last axis, then Sub. */
function isDecomposedLayerNorm(node: PNode, index: GraphIndex): boolean {
  if (node.opType !== 'ReduceMean') return false;
  const axes = ints(node, 'axes').length ? ints(node, 'axes') : intsOf(index.initializers.get(node.input[1] ?? ''));
  if (axes.length !== 1 || (axes[0] !== -1 && axes[0] !== 1 && axes[0] !== 2 && axes[0] !== 3)) return false;
  return (index.consumers.get(node.output[0] ?? '') ?? []).some((c) => c.opType === 'Sub');
}
