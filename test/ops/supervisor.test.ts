import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  alive,
  closed,
  cmdline,
  freePort,
  idleKeepAlive,
  slowRequest,
  startServe,
  status,
  supervisedPid,
  until,
  type Proc,
} from './processes';

/**
 * `npm start`'s supervisor (scripts/serve.mjs) with the real API on embedded PGlite and the
 * production web build: one crash is not an outage, and SIGTERM ends everything within 10 s.
 */
describe('npm start: the supervisor', () => {
  let dir: string;
  let serve: Proc;
  let api: string;
  let web: string;
  let ports: { api: number; web: number };

  beforeAll(async () => {
    if (!existsSync(join(__dirname, '../../apps/web/.next/BUILD_ID')))
      throw new Error('The web app is not built: run `npm test` (turbo builds it first).');
    dir = mkdtempSync(join(tmpdir(), 'tb-ops-serve-'));
    ports = { api: await freePort(), web: await freePort() };
    api = `http://127.0.0.1:${ports.api}`;
    web = `http://127.0.0.1:${ports.web}`;
    serve = startServe({
      TB_DATA_DIR: dir,
      API_PORT: String(ports.api),
      PORT: String(ports.web),
      API_HOST: '127.0.0.1',
      WEB_HOST: '127.0.0.1',
      API_URL: `${api}/graphql`,
      DATABASE_URL: '',
    });
    await until(
      'the API and the web app',
      async () => (await status(`${api}/readyz`)) === 200 && (await status(`${web}/submit`)) === 200,
      150_000,
      serve.output,
    );
  });
  afterAll(async () => {
    if (serve?.child.exitCode === null) {
      serve.child.kill('SIGKILL');
      for (const name of ['api', 'web'] as const) {
        const pid = supervisedPid(serve.output(), name);
        if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs each process with a heap limit', () => {
    expect(cmdline(supervisedPid(serve.output(), 'api')!)).toContain('--max-old-space-size=2048');
    expect(cmdline(supervisedPid(serve.output(), 'web')!)).toContain('--max-old-space-size=1024');
  });

  it('restarts the API after kill -9 while the web app keeps answering', async () => {
    const first = supervisedPid(serve.output(), 'api')!;
    process.kill(first, 'SIGKILL');
    await until('the API to be gone', () => !alive(first), 10_000);
    // The web process serves on its own: a page that needs no API answers at once.
    expect(await status(`${web}/submit`)).toBe(200);
    const logged = await until(
      'the supervisor to schedule a restart',
      () => /"msg":"api exited \(SIGKILL\); restarting in 1000 ms"/.test(serve.output()),
      10_000,
      serve.output,
    );
    expect(logged).toBe(true);
    const second = await until(
      'a new API process',
      () => {
        const pid = supervisedPid(serve.output(), 'api');
        return pid !== first ? pid : null;
      },
      15_000,
      serve.output,
    );
    // The lock the killed API left behind is stale: the new one takes the database over.
    await until(
      'the restarted API to be ready',
      async () => (await status(`${api}/readyz`)) === 200,
      120_000,
      serve.output,
    );
    const res = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ models(first: 1) { totalCount } }' }),
    });
    expect(
      ((await res.json()) as { data: { models: { totalCount: number } } }).data.models.totalCount,
    ).toBeGreaterThanOrEqual(14);
    expect(alive(second)).toBe(true);
    expect(await status(`${web}/`)).toBe(200);
  });

  it('restarts the web app after kill -9 while the API keeps answering', async () => {
    const first = supervisedPid(serve.output(), 'web')!;
    process.kill(first, 'SIGKILL');
    await until('the web app to be gone', () => !alive(first), 10_000);
    expect(await status(`${api}/healthz`)).toBe(200);
    await until('a new web process', () => supervisedPid(serve.output(), 'web') !== first, 15_000, serve.output);
    await until(
      'the restarted web app to answer',
      async () => (await status(`${web}/submit`)) === 200,
      60_000,
      serve.output,
    );
  });

  it('SIGTERM ends the supervisor and both processes within 10 s, with idle keep-alives and slow requests open', async () => {
    const pids = [supervisedPid(serve.output(), 'api')!, supervisedPid(serve.output(), 'web')!];
    const idle = [await idleKeepAlive(ports.api, '/healthz'), await idleKeepAlive(ports.web, '/submit')];
    const slow = [await slowRequest(ports.api, '/graphql'), await slowRequest(ports.web, '/submit')];
    const sent = Date.now();
    serve.child.kill('SIGTERM');
    const exit = await serve.exited;
    const took = Date.now() - sent;
    expect(exit.code, serve.output()).toBe(0);
    expect(took, serve.output()).toBeLessThan(10_000);
    expect(pids.filter(alive)).toEqual([]);
    await Promise.all([...idle, ...slow].map(closed));
    // The API closed the embedded database and released its lock on the way out.
    expect(existsSync(join(dir, 'pglite.lock'))).toBe(false);
    // Both ended by themselves (after cutting the slow requests), not by the supervisor's SIGKILL.
    expect(serve.output()).toMatch(/"service":"api"[^\n]*"msg":"stopped"/);
    expect(serve.output()).toMatch(/"service":"web"[^\n]*"msg":"stopped"/);
    expect(serve.output()).not.toMatch(/did not stop within/);
  });
});
