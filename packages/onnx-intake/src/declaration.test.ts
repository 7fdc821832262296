import { describe, expect, it } from 'vitest';
import { declarationProblem, parseSpatialList, type DeclarationSource } from './declaration';
import type { TensorCatalog } from './tensor-catalog';

const catalog: TensorCatalog = {
  '/layer4/out': ['N', 2048, 7, 7],
  '/pool': ['N', 2048, 1, 1],
  '/flat': ['N', 2048],
  '/tokens': ['N', 197, 768],
  '/odd_tokens': ['N', 17, 64],
  '/weights_view': [2048, 1000],
  '/custom': null,
};
const source: DeclarationSource = {
  features: "submitModel's featureTensor",
  spatialOutputs: "submitModel's spatialTensors",
};
const check = (features: string | null, spatialOutputs: string[] | null = null) =>
  declarationProblem(catalog, { features, spatialOutputs }, source);

describe('declarationProblem (the check the intake and the API share)', () => {
  it('accepts pooled vectors, [N,D,1,1], maps, and tensors whose shape is not inferred', () => {
    for (const f of ['/flat', '/pool', '/custom']) expect(check(f)).toBeNull();
    expect(check(null, ['/layer4/out', '/custom'])).toBeNull();
    expect(check(null, null)).toBeNull();
  });

  it('accepts a token sequence whose patch tokens make a square grid, checked against the patch size', () => {
    expect(check(null, ['/tokens'])).toBeNull();
    const wrongPatch = declarationProblem(catalog, { spatialOutputs: ['/tokens'] }, source, {
      patchSize: 32,
      prefixTokens: null,
    });
    expect(wrongPatch?.message).toMatch(/197 tokens do not fit a 7×7 grid of 32-pixel patches/);
    expect(
      declarationProblem(catalog, { spatialOutputs: ['/odd_tokens'] }, source, { patchSize: null, prefixTokens: 1 }),
    ).toBeNull();
  });

  it('names the field, the tensor, what is wrong and an example of what would do', () => {
    expect(check('/layer4/out')).toEqual({
      field: 'features',
      message: expect.stringMatching(
        /^submitModel's featureTensor names '\/layer4\/out', but its shape \[N,2048,7,7\] is not a pooled feature vector.*for example '\/pool' \[N,2048,1,1\], '\/flat' \[N,2048\]/,
      ),
    });
    expect(check('/weights_view')?.message).toMatch(/does not start with the batch dimension/);
    expect(check('')?.message).toMatch(/an empty name is no pooled feature tensor/);
    expect(check(null, ['/odd_tokens'])).toMatchObject({
      field: 'spatialOutputs',
      message: expect.stringMatching(
        /\[N,17,64\] is a token sequence \[N,T,C\] the runner cannot lay out as a map: .*ambiguous.*transferboard\.prefix_tokens.*for example '\/layer4\/out' \[N,2048,7,7\]/,
      ),
    });
    expect(
      check(
        null,
        Array.from({ length: 9 }, (_, i) => `/m${i}`),
      )?.message,
    ).toMatch(/names 9 tensors; name at most 8 maps/);
  });

  it('reads a metadata list as JSON or comma-separated', () => {
    expect(parseSpatialList('["a,b", "c"]')).toEqual(['a,b', 'c']);
    expect(parseSpatialList(' a , b ')).toEqual(['a', 'b']);
    expect(parseSpatialList('[not json')).toEqual(['[not json']);
  });
});
