import { describe, expect, it } from 'vitest';
import { staleGeneratedFiles } from '../../../codegen.shared.ts';
import config, { GENERATED_DIR } from '../codegen';

describe("the worker's generated GraphQL document types", () => {
  it('match the API SDL and the documents (run `npm run codegen -w @transferboard/runner` after changing either)', async () => {
    expect(await staleGeneratedFiles(config, GENERATED_DIR)).toEqual([]);
  });
});
