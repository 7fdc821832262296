import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, LOCK_FILE, lockDataDir, readLockHolder } from './data-dir-lock';

const MODULE = fileURLToPath(new URL('./data-dir-lock.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** A real process that takes the lock, prints "locked" or "refused PID", and then waits. */
function holder(dir: string): { child: ChildProcess; said: Promise<string> } {
  const code = `
    import { lockDataDir, DataDirLockedError } from ${JSON.stringify(pathToFileURL(MODULE).href)};
    try { lockDataDir(${JSON.stringify(dir)}, 'a test holder'); console.log('locked'); setInterval(() => {}, 1000); }
    catch (e) { console.log(e instanceof DataDirLockedError ? 'refused ' + e.holder.pid : 'error ' + e.message); process.exit(0); }`;
  const child = spawn(process.execPath, ['--import', TSX, '--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const said = new Promise<string>((resolve) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', () => resolve(out.trim()));
  });
  return { child, said };
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('lockDataDir: one process per embedded database', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-lock-'));
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map(killHard));
    rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a second process with the holder's pid, and takes over once the holder was killed -9", async () => {
    const first = holder(dir);
    children.push(first.child);
    expect(await first.said).toBe('locked');

    expect(() => lockDataDir(dir, 'the test')).toThrow(DataDirLockedError);
    try {
      lockDataDir(dir, 'the test');
    } catch (error) {
      expect((error as DataDirLockedError).holder.pid).toBe(first.child.pid);
      expect((error as Error).message).toContain(`in use by a test holder (pid ${first.child.pid}`);
    }
    const second = holder(dir);
    children.push(second.child);
    expect(await second.said).toBe(`refused ${first.child.pid}`);
    expect(readLockHolder(dir)?.pid).toBe(first.child.pid);

    await killHard(first.child);
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true); // a crash leaves the file behind
    const lock = lockDataDir(dir, 'the test');
    expect(readLockHolder(dir)?.pid).toBe(process.pid);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('treats a reused pid (same pid, another start time) and a corrupt file as stale', () => {
    const reused = {
      pid: process.pid,
      host: hostname(),
      what: 'an old API',
      acquiredAt: '2020-01-01T00:00:00.000Z',
      procStart: '1',
      nonce: 'old',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(reused));
    const lock = lockDataDir(dir, 'the test');
    expect(readLockHolder(dir)?.nonce).toBe(lock.holder.nonce);
    lock.release();

    writeFileSync(join(dir, LOCK_FILE), '{"pid": 12');
    lockDataDir(dir, 'the test').release();
  });

  it('a holder on another host is never presumed dead', () => {
    const remote = {
      pid: 1,
      host: `${hostname()}-elsewhere`,
      what: 'the API',
      acquiredAt: '2020-01-01T00:00:00.000Z',
      procStart: null,
      nonce: 'x',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(remote));
    expect(() => lockDataDir(dir, 'the test')).toThrow(/pid 1 on host .*-elsewhere/);
  });

  it('of six processes racing for a stale lock, exactly one gets it', async () => {
    const dead = {
      pid: 2 ** 22 + 17,
      host: hostname(),
      what: 'a dead API',
      acquiredAt: '2020-01-01T00:00:00.000Z',
      procStart: null,
      nonce: 'dead',
    };
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(dead));
    const racers = Array.from({ length: 6 }, () => holder(dir));
    children.push(...racers.map((r) => r.child));
    const said = await Promise.all(racers.map((r) => r.said));
    const winners = racers.filter((_, i) => said[i] === 'locked');
    expect(winners).toHaveLength(1);
    expect(said.filter((s) => s === `refused ${winners[0]!.child.pid}`)).toHaveLength(5);
  });
});
