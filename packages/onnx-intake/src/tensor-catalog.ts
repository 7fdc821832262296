import type { PNode } from './proto';
import type { Shapes } from './shapes/infer';

/**
 * Every tensor a model's nodes compute, with its shape as the runner sees it: `"N"` where the
 * dimension is the batch, a number where it is fixed, `"?"` where it depends on the batch some
 * other way (a ViT's attention reshapes batch × heads), and null for a tensor whose shape the
 * intake cannot infer. Stored with an artifact's inspection, so the API checks a declaration
 * made in `submitModel` with the same function the intake uses on the file, without the file.
 */
export type CatalogDim = number | 'N' | '?';
export type CatalogShape = CatalogDim[];
export type TensorCatalog = Record<string, CatalogShape | null>;

/** Enough for any real backbone (a ViT-H/14 export has about 5,000 tensors). */
export const MAX_CATALOG_TENSORS = 50_000;

/**
 * `one` and `two`: inference at batch 1 and batch 2 (a model with a fixed batch size gives the
 * same inference twice, and its batch dimension is the leading one of that size).
 */
export function buildCatalog(
  order: readonly PNode[],
  one: Shapes,
  two: Shapes,
  fixedBatch: number | null,
): { catalog: TensorCatalog; complete: boolean } {
  const catalog: TensorCatalog = Object.create(null) as TensorCatalog;
  let count = 0;
  for (const node of order) {
    for (const name of node.output) {
      if (!name || name in catalog) continue;
      if (++count > MAX_CATALOG_TENSORS) return { catalog, complete: false };
      catalog[name] = catalogShape(
        one.tensors.get(name)?.shape ?? null,
        two.tensors.get(name)?.shape ?? null,
        fixedBatch,
      );
    }
  }
  return { catalog, complete: true };
}

function catalogShape(a: number[] | null, b: number[] | null, fixedBatch: number | null): CatalogShape | null {
  if (!a || !b || a.length !== b.length) return null;
  if (fixedBatch !== null) return a.map((d, i) => (i === 0 && d === fixedBatch ? 'N' : d));
  return a.map((d, i) => (d === b[i] ? d : d === 1 && b[i] === 2 ? 'N' : '?'));
}

export function formatCatalogShape(shape: CatalogShape | null): string {
  return shape ? `[${shape.join(',')}]` : 'an unknown shape';
}
