import { describe, expect, it } from 'vitest';
import { parsePrefixTokens, tokenGrid, tokensToMap } from './token-grid';

const none = { patchSize: null, prefixTokens: null };

describe('tokenGrid', () => {
  it('sizes the grid from the patch size: ViT-B/16 at 224 is 14×14 plus a class token', () => {
    expect(tokenGrid(197, { patchSize: 16, prefixTokens: null }, 224)).toEqual({
      prefixTokens: 1,
      height: 14,
      width: 14,
      patchSize: 16,
      source: 'patch-embedding',
    });
  });

  it('counts register tokens as prefix: 1 + 4 + 256 tokens of a DINOv2-reg /14 at 224', () => {
    expect(tokenGrid(261, { patchSize: 14, prefixTokens: null }, 224)).toMatchObject({ prefixTokens: 5, height: 16 });
  });

  it('takes a declared prefix count, and checks it against the patch grid', () => {
    expect(tokenGrid(50, { patchSize: null, prefixTokens: 1 }, 224)).toMatchObject({
      prefixTokens: 1,
      height: 7,
      source: 'metadata',
    });
    expect(tokenGrid(50, { patchSize: 32, prefixTokens: 0 }, 224)).toMatch(
      /50 tokens less 0 prefix tokens is not a square grid/,
    );
    expect(tokenGrid(51, { patchSize: 16, prefixTokens: 2 }, 224)).toMatch(
      /49 patch tokens make a 7×7 grid, but 224-pixel images in 16-pixel patches make 14×14/,
    );
  });

  it('infers the one square grid without a patch embedding, and refuses an ambiguous count', () => {
    expect(tokenGrid(197, none, 224)).toMatchObject({ prefixTokens: 1, height: 14, source: 'square' });
    expect(tokenGrid(17, none, 224)).toMatch(/ambiguous \(it could be 3×3 \+ 8 or 4×4 \+ 1\)/);
    expect(tokenGrid(3, none, 224)).toMatch(/no square grid is near/);
  });

  it('refuses a sequence too long for the patch grid plus a few class and register tokens', () => {
    expect(tokenGrid(230, { patchSize: 16, prefixTokens: null }, 224)).toMatch(
      /230 tokens do not fit a 14×14 grid of 16-pixel patches/,
    );
  });
});

describe('tokensToMap', () => {
  it('drops the prefix and lays the patch tokens out [C, h, w] in raster order', () => {
    // 1 class token, then a 2×2 grid; token p has channels (10p, 10p + 1).
    const tokens = Float32Array.from([-1, -1, 0, 1, 10, 11, 20, 21, 30, 31]);
    expect(Array.from(tokensToMap(tokens, 2, { prefixTokens: 1, height: 2, width: 2 }))).toEqual([
      0, 10, 20, 30, 1, 11, 21, 31,
    ]);
  });
});

describe('parsePrefixTokens', () => {
  it('reads a whole number and refuses anything else', () => {
    expect(parsePrefixTokens(' 5 ')).toBe(5);
    expect(parsePrefixTokens('one')).toMatch(/'one', not a whole number of tokens from 0 to 64/);
    expect(parsePrefixTokens('-1')).toMatch(/not a whole number/);
  });
});
