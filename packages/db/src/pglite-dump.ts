import { PGlite } from '@electric-sql/pglite';

/**
 * Creates a new PGlite data directory `dir` from a dump (`DbHandle.dumpDataDir`), opens it once
 * to prove the dump is whole, and closes it. Throws, leaving `dir` for the caller to remove, when
 * the file is not such a dump.
 */
export async function loadPgliteDump(dir: string, dump: Blob): Promise<void> {
  const db = await PGlite.create(dir, { loadDataDir: dump });
  try {
    await db.query('select count(*) from pg_class');
  } finally {
    await db.close();
  }
}
