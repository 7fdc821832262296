import { fileURLToPath } from 'node:url';

/** The repository root, found from this file so it works from any working directory. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Where embedded data (PGlite's files, artifacts) lives unless TB_DATA_DIR says otherwise. */
export function dataDir(): string {
  return process.env.TB_DATA_DIR ?? fileURLToPath(new URL('../../../.data', import.meta.url));
}
