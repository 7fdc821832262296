import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, type CodegenConfig } from '@graphql-codegen/cli';

/**
 * The GraphQL clients (the web app, the runner's worker) are typed from the API's own SDL with
 * graphql-codegen's client preset: each `graphql(`…`)` document in a package becomes a
 * TypedDocumentNode with its result and variable types. The generated folder is committed; a
 * test per package (`staleGeneratedFiles`) fails when it drifts from the SDL or the documents.
 */
const API_SCHEMA = fileURLToPath(new URL('./apps/api/src/schema.graphql', import.meta.url));

/**
 * `documents`: globs of the files holding `graphql()` calls; `output`: the generated folder.
 * Both relative to `packageDir`.
 */
export function clientCodegenConfig(packageDir: string, documents: string[], output: string): CodegenConfig {
  const outDir = resolve(packageDir, output);
  return {
    schema: API_SCHEMA,
    documents: [...documents.map((d) => join(packageDir, d)), `!${outDir}/**`],
    generates: {
      [`${outDir}/`]: {
        preset: 'client',
        // Pages read plain result objects; fragment masking would hide fields behind helpers.
        presetConfig: { fragmentMasking: false },
        config: {
          enumsAsTypes: true,
          useTypeImports: true,
          skipTypename: true,
          scalars: { JSON: 'unknown', ID: 'string' },
          // A nullable field is always present in an answer (as null): say so in the types.
          avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        },
      },
    },
  };
}

/**
 * Generates in memory and compares with the committed folder: the names of files that differ,
 * are missing, or are left over. Empty when the committed output is current.
 */
export async function staleGeneratedFiles(config: CodegenConfig, outputDir: string): Promise<string[]> {
  const files = await generate({ ...config, silent: true }, false);
  const stale: string[] = [];
  const expected = new Set<string>();
  for (const file of files) {
    const name = relative(outputDir, resolve(file.filename));
    expected.add(name);
    const path = join(outputDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== file.content) stale.push(name);
  }
  const committed = existsSync(outputDir) ? readdirSync(outputDir) : [];
  for (const name of committed) if (!expected.has(name)) stale.push(`${name} (left over)`);
  return stale;
}
