import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, ROOT, startProcess, waitFor, type Started } from './processes';

export interface Stack {
  apiUrl: string;
  webUrl: string;
  /** The API's data directory (its control socket is `api.sock` in it). */
  dataDir: string;
  /** The stack's own database on the test PostgreSQL server; undefined on embedded PGlite (inside the API). */
  databaseUrl: string | undefined;
  stop: () => Promise<void>;
}

/**
 * The product as `npm start` runs it, on free ports: the API (which migrates and seeds) on a fresh
 * database of the test PostgreSQL server (embedded PGlite when there is none), and the production
 * build of the web app pointed at it.
 */
export async function startStack(): Promise<Stack> {
  const admin = process.env.TEST_DATABASE_URL;
  const dbName = `tb_e2e_${randomBytes(5).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-e2e-'));
  let databaseUrl: string | undefined;
  if (admin) {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${dbName}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const [apiPort, webPort] = [await freePort(), await freePort()];
  const started: Started[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await client.end();
    }
  };
  try {
    const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
      API_PORT: String(apiPort),
      API_HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl ?? '',
      TB_DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    });
    started.push(api);
    const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
    await waitFor(`http://127.0.0.1:${apiPort}/readyz`, 120_000, api.child, api.output);
    // The web app's production server, as `npm start` runs it (apps/web/server.mjs).
    const web = startProcess('node', ['server.mjs'], join(ROOT, 'apps/web'), {
      API_URL: apiUrl,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(webPort),
      WEB_HOST: '127.0.0.1',
    });
    started.push(web);
    const webUrl = `http://127.0.0.1:${webPort}`;
    await waitFor(webUrl, 60_000, web.child, web.output);
    return { apiUrl, webUrl, dataDir, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A new API token, made as `npm run tokens` makes one: over the control socket of the API in `dataDir`. */
export function createTokenOver(
  socketPath: string,
  role: 'submitter' | 'runner' | 'admin',
  name: string,
): Promise<string | null> {
  return new Promise((resolve) => {
    const req = request(
      { socketPath, method: 'POST', path: '/tokens', headers: { 'content-type': 'application/json' } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () =>
          resolve(res.statusCode === 201 ? ((JSON.parse(text) as { token?: string }).token ?? null) : null),
        );
      },
    );
    req.on('error', () => resolve(null));
    req.end(JSON.stringify({ role, name }));
  });
}
