import type { GraphIndex } from './graph-index';
import type { CatalogShape, TensorCatalog } from './tensor-catalog';
import { tokenGrid, type TokenHints } from './token-grid';

/**
 * The spatial maps of a vision transformer when none are declared (docs/runner.md, "Token
 * sequences as maps"). Scale 0 is the token sequence its features are read from (a ViT's class
 * token is `x[:, 0]` of the final norm's output, so these are the last block's tokens after the
 * model's own final norm: what DINO's and DINOv2's `get_intermediate_layers(norm=True)` give
 * for the last block). Further scales, for a protocol that asks for several, are the outputs of
 * the earlier blocks, latest first, found by walking the residual stream back: each block adds
 * twice to it (attention, then MLP), so every second residual tensor ends a block.
 */

/** How far back from the features to look for the token sequence (a ViT's head is a few nodes). */
const TOKEN_SEARCH_NODES = 64;
const CATALOG_IMAGE_SIZE = 224;

export function defaultTokenMaps(
  index: GraphIndex,
  catalog: TensorCatalog,
  features: string,
  hints: TokenHints,
  max: number,
): string[] {
  const tokens = nearestTokenSequence(index, catalog, features, hints);
  if (!tokens || max < 1) return [];
  const maps = [tokens];
  const shape = catalog[tokens]!;
  const same = (name: string) => sameShape(catalog[name] ?? null, shape);
  const norm = index.producer.get(tokens);
  // The residual input of an Add: the stream before this half-block, which also fed the half-block's norm.
  const residualInput = (name: string) => {
    const add = index.producer.get(name);
    if (add?.opType !== 'Add') return undefined;
    return add.input.find(
      (i) => i && !index.initializers.has(i) && same(i) && (index.consumers.get(i)?.length ?? 0) >= 2,
    );
  };
  let tensor = norm?.opType === 'LayerNormalization' && norm.input[0] ? norm.input[0] : tokens;
  for (let halves = 1; maps.length < max && halves < 2 * 1024; halves++) {
    const previous = residualInput(tensor);
    if (!previous) break;
    tensor = previous;
    // A block's end is itself a residual sum; the embeddings (patches + positions) that the first block reads are not.
    if (halves % 2 === 0 && residualInput(tensor)) maps.push(tensor);
  }
  return maps;
}

/** Breadth-first through the producers of the features: the first [N,T,C] whose tokens make a grid. */
function nearestTokenSequence(
  index: GraphIndex,
  catalog: TensorCatalog,
  features: string,
  hints: TokenHints,
): string | null {
  const queue = [features];
  const seen = new Set(queue);
  for (let visited = 0; visited < TOKEN_SEARCH_NODES && queue.length; visited++) {
    const name = queue.shift()!;
    if (name !== features && isTokenSequence(catalog[name] ?? null, hints)) return name;
    for (const input of index.producer.get(name)?.input ?? []) {
      if (input && !seen.has(input) && !index.initializers.has(input)) {
        seen.add(input);
        queue.push(input);
      }
    }
  }
  return null;
}

function isTokenSequence(shape: CatalogShape | null, hints: TokenHints): boolean {
  if (shape?.length !== 3 || shape[0] !== 'N' || typeof shape[1] !== 'number' || typeof shape[2] !== 'number')
    return false;
  return typeof tokenGrid(shape[1], hints, CATALOG_IMAGE_SIZE) !== 'string';
}

function sameShape(a: CatalogShape | null, b: CatalogShape): boolean {
  return a !== null && a.length === b.length && a.every((d, i) => d === b[i]);
}
