/**
 * A vision transformer's token sequence [N, T, C] as a spatial map [N, C, h, w]: the first
 * `prefixTokens` tokens (the class token, register tokens) are not patches and are dropped; the
 * remaining h·w are the patches in raster order, as a ViT's patch embedding flattens them
 * (Conv with kernel = stride = patch size, then flatten(2).transpose(1, 2)). docs/runner.md,
 * "Token sequences as maps", gives the rule and its reasons.
 */

/** `transferboard.prefix_tokens`: how many tokens come before the patch tokens. */
export const PREFIX_TOKENS_KEY = 'transferboard.prefix_tokens';
/** A class token and up to 4 registers (DINOv2-reg) with room to spare; more must be declared. */
export const MAX_INFERRED_PREFIX = 8;

export interface TokenHints {
  /** The patch embedding's stride, found in the graph (null: none found). */
  patchSize: number | null;
  /** Declared in the metadata (null: not declared). */
  prefixTokens: number | null;
}

export interface TokenGrid {
  prefixTokens: number;
  height: number;
  width: number;
  patchSize: number | null;
  /** How the prefix count was known. */
  source: 'metadata' | 'patch-embedding' | 'square';
}

/**
 * The grid of T tokens of an image of `inputSize`×`inputSize`, or what is wrong (a sentence).
 * Declared prefix: T − prefix must be a square (and match the patch grid when one is known).
 * Else the patch size gives the grid (inputSize / patch)², and the prefix is what is left.
 * Else the one square s² ≥ 4 with 0 ≤ T − s² ≤ MAX_INFERRED_PREFIX; none or two is refused.
 */
export function tokenGrid(tokens: number, hints: TokenHints, inputSize: number): TokenGrid | string {
  const { patchSize, prefixTokens } = hints;
  const patchGrid = patchSize ? Math.floor(inputSize / patchSize) : null;
  const of = (prefix: number, source: TokenGrid['source']): TokenGrid | string => {
    const side = Math.round(Math.sqrt(tokens - prefix));
    if (prefix < 0 || side < 2 || side * side !== tokens - prefix) {
      return `${tokens} tokens less ${prefix} prefix tokens is not a square grid of at least 2×2 patches`;
    }
    if (patchGrid !== null && side !== patchGrid) {
      return `${tokens - prefix} patch tokens make a ${side}×${side} grid, but ${inputSize}-pixel images in ${patchSize}-pixel patches make ${patchGrid}×${patchGrid}`;
    }
    return { prefixTokens: prefix, height: side, width: side, patchSize, source };
  };
  if (prefixTokens !== null) return of(prefixTokens, 'metadata');
  if (patchGrid !== null) {
    const prefix = tokens - patchGrid * patchGrid;
    if (prefix < 0 || prefix > MAX_INFERRED_PREFIX) {
      return `${tokens} tokens do not fit a ${patchGrid}×${patchGrid} grid of ${patchSize}-pixel patches plus at most ${MAX_INFERRED_PREFIX} class and register tokens`;
    }
    return of(prefix, 'patch-embedding');
  }
  const sides: number[] = [];
  for (let s = 2; s * s <= tokens; s++) if (tokens - s * s <= MAX_INFERRED_PREFIX) sides.push(s);
  if (sides.length !== 1) {
    const why = sides.length
      ? `it could be ${sides.map((s) => `${s}×${s} + ${tokens - s * s}`).join(' or ')}`
      : 'no square grid is near';
    return `the graph has no patch embedding to size the grid and ${tokens} tokens are ambiguous (${why})`;
  }
  return of(tokens - sides[0]! * sides[0]!, 'square');
}

/** How to make a token sequence mappable, for the end of a refusal. */
export const TOKEN_FIX =
  `declare how many class and register tokens come first with metadata '${PREFIX_TOKENS_KEY}' ` +
  '(e.g. "1"), or name a token sequence whose patch tokens form a square grid';

/** The metadata value of `transferboard.prefix_tokens`: a whole number 0..64, or what is wrong. */
export function parsePrefixTokens(value: string): number | string {
  const text = value.trim();
  if (!/^\d+$/.test(text) || Number(text) > 64)
    return `metadata '${PREFIX_TOKENS_KEY}' is '${value}', not a whole number of tokens from 0 to 64`;
  return Number(text);
}

/**
 * Token sequence → map for one image: tokens [T, C] row-major (as onnxruntime returns them),
 * out [C, h, w] row-major, dropping the prefix tokens.
 */
export function tokensToMap(
  tokens: Float32Array,
  channels: number,
  grid: Pick<TokenGrid, 'prefixTokens' | 'height' | 'width'>,
): Float32Array {
  const cells = grid.height * grid.width;
  const out = new Float32Array(channels * cells);
  for (let p = 0; p < cells; p++) {
    const row = (grid.prefixTokens + p) * channels;
    for (let c = 0; c < channels; c++) out[c * cells + p] = tokens[row + c]!;
  }
  return out;
}
