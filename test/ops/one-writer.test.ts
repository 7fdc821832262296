import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, freePort, ROOT, run, startApi, startServe, status, until, type Proc } from './processes';

const TOKEN_LINE = /^tb_[A-Za-z0-9_-]{43}$/;

async function tokensCli(dir: string, args: string[]): Promise<{ code: number | null; output: string }> {
  const p = run(process.execPath, ['scripts/tokens.mjs', ...args], ROOT, { TB_DATA_DIR: dir, DATABASE_URL: '' });
  const { code } = await p.exited;
  return { code, output: p.output() };
}

/** The embedded database has one writer: real API processes on one PGlite data directory. */
describe('one writer per embedded database', () => {
  let dir: string;
  let first: Proc;
  let port: number;
  const procs: Proc[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-ops-writer-'));
    port = await freePort();
    first = startApi({ TB_DATA_DIR: dir, API_PORT: String(port), API_HOST: '127.0.0.1', DATABASE_URL: '' });
    procs.push(first);
    await until(
      'the first API',
      async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200,
      120_000,
      first.output,
    );
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it("a second API on the same data directory refuses before opening it, naming the holder's pid", async () => {
    const second = startApi({
      TB_DATA_DIR: dir,
      API_PORT: String(await freePort()),
      API_HOST: '127.0.0.1',
      DATABASE_URL: '',
    });
    procs.push(second);
    const { code } = await second.exited;
    expect(code, second.output()).toBe(2);
    expect(second.output()).toContain(`is in use by the API (pid ${first.child.pid}`);
    expect(second.output()).not.toContain('database opened');
    expect(await status(`http://127.0.0.1:${port}/readyz`)).toBe(200);
  });

  it('a second `npm start` refuses before building or starting anything', async () => {
    const serve = startServe({
      TB_DATA_DIR: dir,
      API_PORT: String(await freePort()),
      PORT: String(await freePort()),
      DATABASE_URL: '',
    });
    procs.push(serve);
    const { code } = await serve.exited;
    expect(code, serve.output()).toBe(2);
    expect(serve.output()).toMatch(
      new RegExp(`not starting: the embedded database in .* is in use by the API \\(pid ${first.child.pid},`),
    );
    expect(serve.output()).not.toContain('api started');
    expect(await status(`http://127.0.0.1:${port}/readyz`)).toBe(200);
  });

  it('on PGlite, an API that cannot open its control socket does not start (exit 2), so token commands always have a way in', async () => {
    // A Unix socket path is limited to 107 bytes: this data directory's api.sock is longer.
    const long = join(dir, 'x'.repeat(100));
    const api = startApi({
      TB_DATA_DIR: long,
      API_PORT: String(await freePort()),
      API_HOST: '127.0.0.1',
      DATABASE_URL: '',
    });
    procs.push(api);
    const { code } = await api.exited;
    expect(code, api.output()).toBe(2);
    expect(api.output()).toMatch(
      /The API failed to start: the control socket could not be opened .*`npm run tokens` needs it/,
    );
    expect(existsSync(join(long, 'pglite.lock'))).toBe(false);
  });

  it('tokens go through the running API; after kill -9 the next API takes the stale lock over and the token still works', async () => {
    const created = await tokensCli(dir, ['create', '--role', 'admin', '--name', 'ops']);
    expect(created.code, created.output).toBe(0);
    expect(created.output).toContain('via the running API');
    const token = created.output.trim().split('\n').at(-1)!;
    expect(token).toMatch(TOKEN_LINE);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(alive(first.child.pid!)).toBe(false);
    const next = startApi({ TB_DATA_DIR: dir, API_PORT: String(port), API_HOST: '127.0.0.1', DATABASE_URL: '' });
    procs.push(next);
    await until(
      'the API after the crash',
      async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200,
      120_000,
      next.output,
    );
    const upload = await fetch(`http://127.0.0.1:${port}/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '',
    });
    expect(upload.status).toBe(400); // an empty body, not 401: the token was kept
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
  });
});
