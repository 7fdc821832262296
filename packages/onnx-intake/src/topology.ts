import type { Scope } from './graphs';
import { ModelError } from './model-error';
import type { PNode } from './proto';

/**
 * Checks that every scope is a proper dataflow graph: each tensor defined once, every input
 * defined (in the scope or an enclosing one), and no cycles, including cycles that pass through
 * a subgraph reading a value of its enclosing graph. Returns the main graph's nodes in an order
 * that runs (Kahn's algorithm: iterative, linear in nodes and edges).
 */
export function checkTopology(scopes: Scope[], file: string): PNode[] {
  const index = new Map<Scope, ScopeIndex>();
  for (const scope of scopes) if (scope.kind !== 'training') index.set(scope, indexScope(scope, file));
  for (const [scope, idx] of index) addEdges(scope, idx, index, file);
  let mainOrder: PNode[] = [];
  for (const [scope, idx] of index) {
    const order = topologicalOrder(scope, idx, file);
    if (scope.kind === 'main') mainOrder = order;
  }
  return mainOrder;
}

interface ScopeIndex {
  /** Inputs and initializers. */
  given: Set<string>;
  /** Tensor → index of the node producing it. */
  producer: Map<string, number>;
  position: Map<PNode, number>;
  /** deps[i]: indices of the nodes node i must run after. */
  deps: Set<number>[];
}

function label(node: PNode): string {
  return `'${node.name || node.opType}'`;
}

function indexScope(scope: Scope, file: string): ScopeIndex {
  const given = new Set(scope.defined);
  const producer = new Map<string, number>();
  const position = new Map<PNode, number>();
  scope.nodes.forEach((node, i) => {
    position.set(node, i);
    for (const out of node.output ?? []) {
      if (!out) continue;
      if (given.has(out) || producer.has(out)) {
        const other = producer.has(out) ? `node ${label(scope.nodes[producer.get(out)!]!)}` : 'an input or weight';
        throw new ModelError(
          file,
          `tensor '${out}' in ${scope.where} is defined twice (by node ${label(node)} and by ${other})`,
          'the file is damaged or hand-edited: re-export it',
          'DAMAGED',
        );
      }
      producer.set(out, i);
    }
  });
  return { given, producer, position, deps: scope.nodes.map(() => new Set<number>()) };
}

function addEdges(scope: Scope, idx: ScopeIndex, all: Map<Scope, ScopeIndex>, file: string): void {
  scope.nodes.forEach((node, i) => {
    for (const name of node.input ?? []) {
      if (!name || idx.given.has(name)) continue;
      const local = idx.producer.get(name);
      if (local !== undefined) {
        idx.deps[i]!.add(local);
        continue;
      }
      if (!resolveOuter(scope, name, all)) {
        throw new ModelError(
          file,
          `node ${label(node)} in ${scope.where} reads tensor '${name}', which no input, weight or node defines`,
          'the file is damaged or was cut out of a larger graph: re-export the whole model',
          'UNDEFINED_TENSOR',
        );
      }
    }
  });
}

/**
 * A subgraph reading a value of an enclosing graph makes the node that owns it (in that graph)
 * depend on the value's producer: the edge that can close a cycle through control flow.
 */
function resolveOuter(scope: Scope, name: string, all: Map<Scope, ScopeIndex>): boolean {
  let owner = scope.owner;
  for (let outer = scope.parent; outer && owner; outer = outer.parent) {
    const idx = all.get(outer);
    if (!idx) return false;
    if (idx.given.has(name)) return true;
    const producer = idx.producer.get(name);
    if (producer !== undefined) {
      idx.deps[idx.position.get(owner)!]!.add(producer);
      return true;
    }
    owner = outer.owner;
  }
  return false;
}

function topologicalOrder(scope: Scope, idx: ScopeIndex, file: string): PNode[] {
  const n = scope.nodes.length;
  const pending = new Int32Array(n);
  const dependents: number[][] = scope.nodes.map(() => []);
  idx.deps.forEach((deps, i) => {
    pending[i] = deps.size;
    for (const d of deps) dependents[d]!.push(i);
  });
  const ready: number[] = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
  const order: PNode[] = [];
  while (ready.length) {
    const i = ready.pop()!;
    order.push(scope.nodes[i]!);
    for (const j of dependents[i]!) if (--pending[j]! === 0) ready.push(j);
  }
  if (order.length < n) {
    const cycle = findCycle(idx, pending).map((i) => label(scope.nodes[i]!));
    const shown = cycle.length > 6 ? [...cycle.slice(0, 6), `… (${cycle.length} nodes)`] : cycle;
    throw new ModelError(
      file,
      `has a cycle in ${scope.where}: ${shown.join(' → ')} → ${cycle[0]} (each needs the one before it), so there is no order to run the nodes in`,
      'export the model again with torch.onnx.export; a cyclic graph is never valid ONNX',
      'CYCLIC_GRAPH',
    );
  }
  return order;
}

/** Nodes left after Kahn's algorithm each wait on another one left: follow those until one repeats. */
function findCycle(idx: ScopeIndex, pending: Int32Array): number[] {
  const start = pending.findIndex((p) => p > 0);
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  let current = start;
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = [...idx.deps[current]!].find((d) => pending[d]! > 0)!;
  }
  return path.slice(seenAt.get(current)).reverse();
}
