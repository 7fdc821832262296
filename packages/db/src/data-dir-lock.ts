import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

/**
 * One writer per embedded database. PGlite has no lock of its own: two processes that open the
 * same data directory both write to it and corrupt it. `lockDataDir` takes an exclusive pid
 * file beside the database before anything opens it; a second process is refused with the
 * holder's pid, and a lock left by a process that died (kill -9, a power cut) is taken over.
 *
 * The file appears atomically with its whole content (written to a private file, then
 * hard-linked into place: link(2) fails if the name exists), so a reader never sees half a
 * holder. A holder is alive when its pid exists and, where /proc is there, still has the start
 * time it had when it took the lock (pids are reused).
 */
export interface LockHolder {
  pid: number;
  host: string;
  /** What holds it, for the message: "the API", "npm run tokens", … */
  what: string;
  acquiredAt: string;
  /** The holder's start time in clock ticks since boot (/proc/PID/stat field 22), when known. */
  procStart: string | null;
  nonce: string;
}

export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holder: LockHolder,
  ) {
    super(
      `The embedded database in ${lockPath.replace(/\/[^/]+$/, '')} is in use by ${holder.what} (pid ${holder.pid}` +
        `${holder.host !== hostname() ? ` on host ${holder.host}` : ''}, since ${holder.acquiredAt}). ` +
        'Only one process may open it: stop that process first, or use another TB_DATA_DIR ' +
        '(token commands go through the running API by themselves).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  path: string;
  holder: LockHolder;
  /** Removes the lock if it is still ours (idempotent). */
  release(): void;
}

export const LOCK_FILE = 'pglite.lock';

function procStart(pid: number): string | null {
  try {
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** True when the holder still runs; a holder on another host is assumed alive (we cannot tell). */
export function holderIsAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = procStart(holder.pid);
  return holder.procStart === null || now === null || now === holder.procStart;
}

/** The current holder of the lock in `dir`, or null when there is none (or it is unreadable). */
export function readLockHolder(dir: string): LockHolder | null {
  const holder = readHolderFile(join(dir, LOCK_FILE));
  return holder === 'missing' ? null : holder;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Takes the lock on the embedded database in `dir` for this process, or throws
 * DataDirLockedError naming the live holder. Synchronous, so nothing runs before it decides.
 */
export function lockDataDir(dir: string, what: string): DataDirLock {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, LOCK_FILE);
  const holder: LockHolder = {
    pid: process.pid,
    host: hostname(),
    what,
    acquiredAt: new Date().toISOString(),
    procStart: procStart(process.pid),
    nonce: randomBytes(8).toString('hex'),
  };
  const mine = `${path}.${process.pid}.${holder.nonce}`;
  writeFileSync(mine, `${JSON.stringify(holder)}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const current = readLockHolder(dir);
      if (current && holderIsAlive(current)) throw new DataDirLockedError(path, current);
      if (attempt >= 20) throw new Error(`Could not take the lock ${path}: it keeps changing hands. Try again.`);
      takeOverStale(path, current);
    }
  } finally {
    unlinkSync(mine);
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    if (readLockHolder(dir)?.nonce === holder.nonce) unlinkSync(path);
  };
  // A normal exit (process.exit, the end of the event loop) leaves no lock behind; a crash
  // leaves one that the next process finds stale.
  process.on('exit', release);
  return { path, holder, release };
}

/**
 * Removes a dead holder's lock. Two processes may find the same stale lock: a takeover
 * directory (mkdir is atomic) lets one of them remove it, and only if it is still the same
 * stale holder, so nobody removes a lock that a live process has just taken.
 */
function takeOverStale(path: string, stale: LockHolder | null): void {
  const guard = `${path}.takeover`;
  try {
    mkdirSync(guard);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Someone else is taking over; a guard older than 10 s was left by a process that died doing it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > 10_000) rmdirSync(guard);
    } catch {
      // gone already
    }
    sleep(50);
    return;
  }
  try {
    const now = readHolderFile(path);
    if (now !== 'missing' && (now === null ? stale === null : now.nonce === stale?.nonce)) unlinkSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  } finally {
    rmdirSync(guard);
  }
}

/** The holder in a lock file; null when the file is not a holder (corrupt); 'missing' when absent. */
function readHolderFile(path: string): LockHolder | null | 'missing' {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as LockHolder;
    return typeof parsed?.pid === 'number' && typeof parsed.nonce === 'string' ? parsed : null;
  } catch {
    return null;
  }
}
