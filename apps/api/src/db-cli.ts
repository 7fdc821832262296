import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join, resolve } from 'node:path';
import { createDb } from '@transferboard/db/client';
import { DataDirLockedError, lockDataDir } from '@transferboard/db/data-dir-lock';
import { dataDir } from '@transferboard/db/paths';
import { loadPgliteDump } from '@transferboard/db/pglite-dump';
import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { raiseDataVersion } from '@transferboard/db/queries/raise-data-version';
import { controlSocketPath, socketIsLive } from './control';

/**
 * `npm run db -- backup FILE | restore FILE`: a backup of the database and its restore.
 * - Embedded PGlite: a gzipped tarball of its data directory (PGlite's dumpDataDir). A backup is
 *   made by the running API over its control socket, or by this command under the lock when no
 *   API runs. A restore needs the API stopped; the directory it replaces is kept beside it.
 * - PostgreSQL (DATABASE_URL): pg_dump's custom format, restored with pg_restore --clean.
 */
const USAGE = `Usage:
  npm run db -- backup FILE    writes a backup of the database to FILE
  npm run db -- restore FILE   replaces the database with the backup in FILE`;

class CliError extends Error {}

export async function runDbCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out = console.log,
  err = console.error,
): Promise<number> {
  const [verb, file, ...rest] = argv;
  if (!['backup', 'restore'].includes(verb ?? '') || !file || rest.length) {
    err(`${verb ? `Unknown or incomplete command "${argv.join(' ')}".` : 'No command given.'}\n${USAGE}`);
    return 2;
  }
  const path = resolve(file);
  const url = env.DATABASE_URL || undefined;
  try {
    if (verb === 'backup') out(url ? await pgBackup(url, path) : await pgliteBackup(path));
    else out(url ? await pgRestore(url, path) : await pgliteRestore(path));
    return 0;
  } catch (error) {
    err(
      error instanceof CliError || error instanceof DataDirLockedError
        ? error.message
        : `db ${verb} failed: ${(error as Error).message}`,
    );
    return 1;
  }
}

/** Written beside the target and renamed: a failed backup never leaves half a file under its name. */
function writeAtomically(path: string, bytes: Uint8Array): void {
  const tmp = `${path}.partial`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
}

function overSocket(socketPath: string, path: string): Promise<Buffer> {
  return new Promise((resolvePromise, reject) => {
    const req = request({ socketPath, method: 'GET', path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        if ((res.statusCode ?? 500) >= 400)
          reject(new CliError(JSON.parse(body.toString() || '{}').error ?? `The API answered ${res.statusCode}.`));
        else resolvePromise(body);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function pgliteBackup(path: string): Promise<string> {
  const socket = controlSocketPath();
  if (existsSync(socket) && (await socketIsLive(socket))) {
    const dump = await overSocket(socket, '/backup');
    writeAtomically(path, dump);
    return `Backed up the embedded database (${dump.length} bytes, by the running API) to ${path}.`;
  }
  const handle = await createDb(undefined, { lockAs: 'npm run db -- backup' });
  try {
    const dump = new Uint8Array(await (await handle.dumpDataDir!()).arrayBuffer());
    writeAtomically(path, dump);
    return `Backed up the embedded database in ${handle.location} (${dump.length} bytes) to ${path}.`;
  } finally {
    await handle.close();
  }
}

async function pgliteRestore(path: string): Promise<string> {
  if (!existsSync(path)) throw new CliError(`No backup at ${path}.`);
  const dir = dataDir();
  // Held throughout: no API may open the database while it is replaced.
  const lock = lockDataDir(dir, 'npm run db -- restore');
  try {
    const target = join(dir, 'pglite');
    const staging = join(dir, 'pglite.restoring');
    rmSync(staging, { recursive: true, force: true });
    // Load the dump into a new directory first: a bad file fails here, with the database untouched.
    try {
      await loadPgliteDump(staging, new Blob([readFileSync(path)]));
    } catch (error) {
      rmSync(staging, { recursive: true, force: true });
      throw new CliError(
        `${path} is not a backup of the embedded database (${(error as Error).message}); nothing was changed.`,
      );
    }
    let kept = '';
    if (existsSync(target) && readdirSync(target).length) {
      kept = join(dir, `pglite.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`);
      renameSync(target, kept);
    }
    renameSync(staging, target);
    return `Restored the embedded database in ${target} from ${path}.${kept ? ` The database it replaced is kept in ${kept} (delete it once you are sure).` : ''}`;
  } finally {
    lock.release();
  }
}

/** pg_dump and pg_restore of the newest PostgreSQL installed (Debian keeps each version's tools apart), else from PATH. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((v) => existsSync(join(base, v, 'bin', name)))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions[0] ? join(base, versions[0], 'bin', name) : name;
}

function runTool(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.error)
    throw new CliError(
      `${tool} could not be run (${result.error.message}): install PostgreSQL's client tools (apt-get install postgresql-client).`,
    );
  if (result.status !== 0)
    throw new CliError(`${tool} failed: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`);
}

async function pgBackup(url: string, path: string): Promise<string> {
  const tmp = `${path}.partial`;
  runTool(pgTool('pg_dump'), ['--format=custom', '--no-owner', `--file=${tmp}`, `--dbname=${url}`]);
  renameSync(tmp, path);
  return `Backed up ${new URL(url).host}${new URL(url).pathname} with pg_dump to ${path}.`;
}

async function pgRestore(url: string, path: string): Promise<string> {
  if (!existsSync(path)) throw new CliError(`No backup at ${path}.`);
  // A file pg_restore cannot read fails here, before anything is dropped.
  runTool(pgTool('pg_restore'), ['--list', path]);
  const handle = await createDb(url);
  try {
    const before = await findDataVersion(handle.db).catch(() => 0);
    runTool(pgTool('pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--single-transaction',
      `--dbname=${url}`,
      path,
    ]);
    // Cached responses of running replicas were built on the data before the restore.
    await raiseDataVersion(handle.db, before);
    return `Restored ${new URL(url).host}${new URL(url).pathname} from ${path} with pg_restore; API caches were invalidated.`;
  } finally {
    await handle.close();
  }
}
