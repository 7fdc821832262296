import { ModelError } from './model-error';
import {
  functionsOf,
  graphOf,
  type onnxTypes,
  type PGraph,
  type PNode,
  type PSparseTensor,
  type PTensor,
} from './proto';

/**
 * Every node list a model holds: the main graph, the bodies of `If`, `Loop` and `Scan` nodes
 * (graph-valued attributes) at any depth, local functions, and training-info graphs. Walked
 * with an explicit stack and a visited set, so hostile nesting costs neither stack nor time.
 */

/** Deepest subgraph nesting accepted (the main graph is depth 0). */
const MAX_SUBGRAPH_DEPTH = 16;

export interface Scope {
  kind: 'main' | 'subgraph' | 'function' | 'training';
  nodes: PNode[];
  /** Names this scope defines before any node runs: inputs, initializers, sparse initializers. */
  defined: string[];
  initializers: PTensor[];
  sparseInitializers: PSparseTensor[];
  /** For messages: "the main graph", "graph 'then_branch' of node 'If_3' (in the main graph)". */
  where: string;
  depth: number;
  parent: Scope | null;
  /** The node whose attribute holds this subgraph. */
  owner: PNode | null;
  graph: PGraph | null;
}

export function collectScopes(model: onnxTypes.ModelProto, file: string): Scope[] {
  const scopes: Scope[] = [];
  const seen = new Set<object>();
  const stack: Scope[] = [];
  const main = graphOf(model);
  if (main) stack.push(graphScope(main, 'main', 'the main graph', 0, null, null));
  for (const f of functionsOf(model) ?? []) {
    const where = `local function '${f.domain}.${f.name}'`;
    stack.push({
      kind: 'function',
      nodes: f.node ?? [],
      defined: [...(f.input ?? [])],
      initializers: [],
      sparseInitializers: [],
      where,
      depth: 0,
      parent: null,
      owner: null,
      graph: null,
    });
  }
  for (const [i, info] of (
    (model.trainingInfo ?? []) as unknown as { initialization: PGraph | null; algorithm: PGraph | null }[]
  ).entries()) {
    if (info.initialization)
      stack.push(graphScope(info.initialization, 'training', `training-info ${i} initialization graph`, 0, null, null));
    if (info.algorithm)
      stack.push(graphScope(info.algorithm, 'training', `training-info ${i} algorithm graph`, 0, null, null));
  }
  while (stack.length) {
    const scope = stack.pop()!;
    const identity = scope.graph ?? scope.nodes;
    if (seen.has(identity)) continue;
    seen.add(identity);
    scopes.push(scope);
    for (const node of scope.nodes) {
      for (const attr of node.attribute ?? []) {
        const children = [...(attr.g ? [attr.g] : []), ...(attr.graphs ?? [])];
        for (const g of children) {
          const depth = scope.depth + 1;
          const where = `graph '${attr.name}' of node '${node.name || node.opType}' (in ${scope.where})`;
          if (depth > MAX_SUBGRAPH_DEPTH) {
            throw new ModelError(
              file,
              `nests subgraphs more than ${MAX_SUBGRAPH_DEPTH} deep (${where})`,
              'export a standard backbone: image backbones need no nested control flow',
              'NESTING_TOO_DEEP',
            );
          }
          stack.push(graphScope(g, 'subgraph', where, depth, scope, node));
        }
      }
    }
  }
  return scopes;
}

function graphScope(
  graph: PGraph,
  kind: Scope['kind'],
  where: string,
  depth: number,
  parent: Scope | null,
  owner: PNode | null,
): Scope {
  const initializers = graph.initializer ?? [];
  const sparseInitializers = graph.sparseInitializer ?? [];
  const defined = [
    ...(graph.input ?? []).map((v) => v.name),
    ...initializers.map((t) => t.name),
    ...sparseInitializers.map((s) => s.values?.name ?? ''),
  ].filter(Boolean);
  return {
    kind,
    nodes: graph.node ?? [],
    defined,
    initializers,
    sparseInitializers,
    where,
    depth,
    parent,
    owner,
    graph,
  };
}

export interface LocatedTensor {
  tensor: PTensor;
  /** For messages: "weight 'conv1.weight'", "attribute 'value' of node 'Constant_3' (in …)". */
  where: string;
}

/**
 * Every TensorProto of every scope: initializers, sparse initializers (values and indices),
 * and tensor-valued node attributes (`Constant`'s `value` and `sparse_value`, any `t`,
 * `tensors`, `sparse_tensor`, `sparse_tensors`).
 */
export function* allTensors(scopes: Scope[]): Generator<LocatedTensor> {
  for (const scope of scopes) {
    const inScope = scope.kind === 'main' ? '' : ` (in ${scope.where})`;
    for (const t of scope.initializers) yield { tensor: t, where: `weight '${t.name}'${inScope}` };
    for (const s of scope.sparseInitializers)
      yield* sparseParts(s, `sparse weight '${s.values?.name ?? ''}'${inScope}`);
    for (const node of scope.nodes) {
      for (const attr of node.attribute ?? []) {
        const where = `attribute '${attr.name}' of node '${node.name || node.opType}'${inScope}`;
        if (attr.t) yield { tensor: attr.t, where };
        for (const t of attr.tensors ?? []) yield { tensor: t, where };
        if (attr.sparseTensor) yield* sparseParts(attr.sparseTensor, where);
        for (const s of attr.sparseTensors ?? []) yield* sparseParts(s, where);
      }
    }
  }
}

function* sparseParts(s: PSparseTensor, where: string): Generator<LocatedTensor> {
  if (s.values) yield { tensor: s.values, where: `${where} (values)` };
  if (s.indices) yield { tensor: s.indices, where: `${where} (indices)` };
}
