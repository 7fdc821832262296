import type { PGraph, PNode, PTensor, PValueInfo } from './proto';

/** Who produces and who reads each tensor of the main graph. */
export interface GraphIndex {
  producer: Map<string, PNode>;
  consumers: Map<string, PNode[]>;
  outputs: Map<string, PValueInfo>;
  initializers: Map<string, PTensor>;
}

export function indexGraph(graph: PGraph): GraphIndex {
  const producer = new Map<string, PNode>();
  const consumers = new Map<string, PNode[]>();
  for (const node of graph.node) {
    for (const o of node.output ?? []) producer.set(o, node);
    for (const i of node.input ?? []) {
      if (!i) continue;
      const list = consumers.get(i) ?? [];
      list.push(node);
      consumers.set(i, list);
    }
  }
  const outputs = new Map(graph.output.map((o) => [o.name, o] as const));
  const initializers = new Map(graph.initializer.map((t) => [t.name, t] as const));
  return { producer, consumers, outputs, initializers };
}

/** The values of a small int64 initializer (ReduceMean's axes input, say). */
export function intsOf(t: PTensor | undefined): number[] {
  if (!t) return [];
  if (t.int64Data?.length) return t.int64Data.map(Number);
  if (t.rawData?.byteLength) {
    const raw = t.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: Math.floor(raw.byteLength / 8) }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  }
  return [];
}
