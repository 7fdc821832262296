import type { PAttribute, PNode, PTensor } from '../proto';
import type { TensorInfo } from './tensor-info';

/** What an operator's shape rule sees: its node, the default-domain opset, its inputs, its attributes. */
export interface OpContext {
  node: PNode;
  opset: number;
  /** Input i, or undefined when absent (optional inputs are written as ''). */
  input(i: number): TensorInfo | undefined;
  inputCount: number;
  attr: Attributes;
}

/** One entry per output; null where the rule cannot say. */
export type ShapeRule = (c: OpContext) => (TensorInfo | null)[];

export class Attributes {
  private readonly byName: Map<string, PAttribute>;
  constructor(node: PNode) {
    this.byName = new Map((node.attribute ?? []).map((a) => [a.name, a] as const));
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  int(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? Number(a.i) : fallback;
  }

  float(name: string, fallback: number): number {
    const a = this.byName.get(name);
    return a ? a.f : fallback;
  }

  ints(name: string): number[] | null {
    const a = this.byName.get(name);
    return a ? (a.ints ?? []).map(Number) : null;
  }

  floats(name: string): number[] | null {
    const a = this.byName.get(name);
    return a ? [...(a.floats ?? [])] : null;
  }

  string(name: string, fallback: string): string {
    const a = this.byName.get(name);
    return a?.s?.length ? new TextDecoder().decode(a.s) : fallback;
  }

  tensor(name: string): PTensor | null {
    return this.byName.get(name)?.t ?? null;
  }

  raw(name: string): PAttribute | undefined {
    return this.byName.get(name);
  }
}

/** An axis attribute or value, negative counted from the end; null when out of range. */
export function normalizeAxis(axis: number, rank: number): number | null {
  const a = axis < 0 ? axis + rank : axis;
  return Number.isInteger(a) && a >= 0 && a < rank ? a : null;
}
