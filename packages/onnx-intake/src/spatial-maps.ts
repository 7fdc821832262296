import { isSpatialPool } from './features';
import type { GraphIndex } from './graph-index';
import type { PGraph, PNode } from './proto';
import type { TensorCatalog } from './tensor-catalog';

/**
 * The spatial feature maps of a CNN when none are declared: the map that the global pooling
 * before the features reads (the coarsest scale), then, walking back through the network, the
 * output of each earlier stage.
 */

export type SpatialSource = 'declared' | 'metadata' | 'before-global-pool' | 'last-block-tokens' | 'none';

/** How far back from the features to look for their global pooling (a ConvNeXt's head: Transpose, LayerNorm, Transpose, Flatten). */
const POOL_SEARCH_NODES = 256;

export function defaultSpatialMaps(
  graph: PGraph,
  index: GraphIndex,
  catalog: TensorCatalog,
  features: string,
  inputName: string,
  max: number,
): string[] {
  const pool = nearestGlobalPool(features, index);
  const start = pool?.input[0];
  if (!start || start === inputName) return [];
  return walkStages(graph, index, (name) => isSquareMap(catalog, name), start, max);
}

/**
 * A map of a 224×224 image is [N, C, s, s]. Tensors inside a block can branch too (a GELU
 * written out as x·Φ(x) reads x twice), and a ConvNeXt computes its MLP channels-last
 * ([N, h, w, C]): neither is a stage's output. Unknown shapes are given the benefit of the doubt.
 */
function isSquareMap(catalog: TensorCatalog, name: string): boolean {
  const shape = catalog[name];
  if (shape === undefined || shape === null) return true;
  return (
    shape.length === 4 && shape[0] === 'N' && typeof shape[2] === 'number' && shape[2] > 1 && shape[2] === shape[3]
  );
}

/** Breadth-first through the producers of the features, nearest pooling first. */
function nearestGlobalPool(features: string, index: GraphIndex): PNode | null {
  const queue = [features];
  const seen = new Set<string>(queue);
  for (let visited = 0; visited < POOL_SEARCH_NODES && queue.length; visited++) {
    const node = index.producer.get(queue.shift()!);
    if (!node) continue;
    if (isSpatialPool(node, index)) return node;
    for (const input of node.input) {
      if (input && !seen.has(input) && !index.initializers.has(input)) {
        seen.add(input);
        queue.push(input);
      }
    }
  }
  return null;
}

const DOWNSAMPLING = new Set(['Conv', 'MaxPool', 'AveragePool']);

function isDownsampling(node: PNode): boolean {
  if (!DOWNSAMPLING.has(node.opType ?? '')) return false;
  const strides = node.attribute?.find((a) => a.name === 'strides')?.ints?.map(Number) ?? [];
  return strides.some((s) => s > 1);
}

/**
 * Walk back from the pooled map along each node's first input (the main branch of a residual
 * block, as PyTorch exports it). Each strided node crossed starts a finer scale, whose
 * representative is the first tensor further back that branches (a residual stage's output
 * feeds its next block twice) or, in a plain conv stack, the strided node's own input.
 */
function walkStages(
  graph: PGraph,
  index: GraphIndex,
  isMap: (name: string) => boolean,
  start: string,
  max: number,
): string[] {
  const maps = [start];
  let tensor = start;
  let pending: string | null = null;
  const graphInputs = new Set(graph.input.map((i) => i.name));
  for (let steps = 0; maps.length < max && steps < graph.node.length; steps++) {
    const node = index.producer.get(tensor);
    if (!node) break;
    if (pending && (index.consumers.get(tensor)?.length ?? 0) >= 2 && isMap(tensor)) {
      maps.push(tensor);
      pending = null;
    }
    if (isDownsampling(node)) {
      if (pending) maps.push(pending);
      pending = node.input[0] && isMap(node.input[0]) ? node.input[0] : null;
    }
    // The data input: a layer scale or bias written first (ConvNeXt's `gamma * x`) is a weight, not the path.
    const prev = node.input.find(
      (i) => i && !index.initializers.has(i) && index.producer.get(i)?.opType !== 'Constant',
    );
    if (!prev || graphInputs.has(prev)) break;
    tensor = prev;
  }
  return maps.slice(0, max);
}
