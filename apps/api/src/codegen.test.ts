import { readFileSync } from 'node:fs';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import config from '../codegen';

describe('generated resolver types', () => {
  it('match the SDL (run `npm run codegen -w @transferboard/api` after changing schema.graphql)', async () => {
    process.chdir(new URL('..', import.meta.url).pathname);
    const [file] = await generate({ ...config, silent: true }, false);
    const committed = readFileSync(new URL('./generated/resolvers-types.ts', import.meta.url), 'utf8');
    expect(file?.filename).toBe('src/generated/resolvers-types.ts');
    expect(file?.content === committed, 'src/generated/resolvers-types.ts is out of date').toBe(true);
  });
});
