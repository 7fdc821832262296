import { broadcast } from './elementwise';
import type { ShapeRule } from './op-context';
import { info, numel } from './tensor-info';

/** The two matrix products, with the multiply-accumulates they cost (used by cost.ts). */

export interface Product {
  out: number[];
  macs: number;
}

export function gemmProduct(
  a: readonly number[],
  b: readonly number[],
  transA: boolean,
  transB: boolean,
): Product | null {
  if (a.length !== 2 || b.length !== 2) return null;
  const [m, k] = transA ? [a[1]!, a[0]!] : [a[0]!, a[1]!];
  const [k2, n] = transB ? [b[1]!, b[0]!] : [b[0]!, b[1]!];
  if (k !== k2) return null;
  return { out: [m, n], macs: m * n * k };
}

/** numpy.matmul: 1-D operands get a dimension added and removed again; batch dimensions broadcast. */
export function matmulProduct(a: readonly number[], b: readonly number[]): Product | null {
  if (!a.length || !b.length) return null;
  const a2 = a.length === 1 ? [1, a[0]!] : [...a];
  const b2 = b.length === 1 ? [b[0]!, 1] : [...b];
  const [m, k] = a2.slice(-2) as [number, number];
  const [k2, n] = b2.slice(-2) as [number, number];
  if (k !== k2) return null;
  const batch = broadcast(a2.slice(0, -2), b2.slice(0, -2));
  if (!batch) return null;
  const out = [...batch, ...(a.length === 1 ? [] : [m]), ...(b.length === 1 ? [] : [n])];
  return { out, macs: numel(batch) * m * n * k };
}

export const gemm: ShapeRule = (c) => {
  const a = c.input(0);
  const b = c.input(1)?.shape;
  if (!a?.shape || !b) return [null];
  const p = gemmProduct(a.shape, b, c.attr.int('transA', 0) === 1, c.attr.int('transB', 0) === 1);
  return [p ? info(p.out, a.dtype) : null];
};

export const matmul: ShapeRule = (c) => {
  const a = c.input(0);
  const b = c.input(1)?.shape;
  if (!a?.shape || !b) return [null];
  const p = matmulProduct(a.shape, b);
  return [p ? info(p.out, a.dtype) : null];
};
