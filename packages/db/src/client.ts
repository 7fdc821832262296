import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { dataDir } from './paths';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both drivers share drizzle's Postgres query builder; queries are written once against this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** A human-readable description of where the data lives (no password). */
  location: string;
  /** The connection URL (postgres only), for work that needs its own session, like migrations. */
  url: string | null;
  close(): Promise<void>;
  /** PGlite only: the whole data directory as a (gzipped) tarball, for backups. */
  dumpDataDir?: () => Promise<Blob>;
}

export interface CreateDbOptions {
  /** Who opens the embedded database, named to a second process that is refused (default "a process"). */
  lockAs?: string;
  /** PGlite only: start from this dump (`dumpDataDir`) instead of the directory's contents; the directory must be new. */
  loadDataDir?: Blob;
}

const MEMORY = 'memory://';

/**
 * Opens the database: a `pg` pool when a postgres:// URL is given (or DATABASE_URL is set),
 * otherwise embedded PGlite persisted under the data directory. `memory://` gives a throwaway
 * in-memory PGlite (tests). PGlite allows one process per data directory: a lock file
 * (data-dir-lock.ts) makes that a rule, and the API owns it.
 */
export async function createDb(
  url: string | undefined = process.env.DATABASE_URL,
  opts: CreateDbOptions = {},
): Promise<DbHandle> {
  if (url && url !== MEMORY) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `DATABASE_URL must start with postgres:// or postgresql:// (got "${url.slice(0, 20)}…"); unset it to use the embedded database.`,
      );
    }
    const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
    // A pool error (server restart) must not crash the process: the next query reconnects.
    pool.on('error', () => {});
    const parsed = new URL(url);
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      kind: 'postgres',
      location: `postgres://${parsed.host}${parsed.pathname}`,
      url,
      close: () => pool.end(),
    };
  }
  const dir = url === MEMORY ? undefined : join(dataDir(), 'pglite');
  // One writer: refuse (DataDirLockedError, naming the holder's pid) before touching the files.
  const lock = dir ? lockDataDir(dataDir(), opts.lockAs ?? 'a process') : null;
  let client: PGlite;
  try {
    if (dir) mkdirSync(dir, { recursive: true });
    const options = opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {};
    client = dir ? await PGlite.create(dir, options) : await PGlite.create(options);
  } catch (error) {
    lock?.release();
    throw error;
  }
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: 'pglite',
    location: dir ?? 'memory',
    url: null,
    close: async () => {
      try {
        if (!client.closed) await client.close();
      } finally {
        lock?.release();
      }
    },
    dumpDataDir: () => client.dumpDataDir('gzip'),
  };
}
