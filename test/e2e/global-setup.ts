import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort, ROOT, startProcess, waitFor, type Started } from './processes';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
  }
}

/**
 * Starts the product as `npm start` does, on free ports: the API (which migrates and seeds) on a
 * fresh database of the test PostgreSQL server (PGlite when there is none), and the production
 * build of the web app pointed at it.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'apps/web/.next/BUILD_ID'))) {
    throw new Error('The web app is not built: run `npm test` (turbo builds it first) or `npx turbo run build`.');
  }
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
  const api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), {
    API_PORT: String(apiPort), API_HOST: '127.0.0.1', DATABASE_URL: databaseUrl ?? '', TB_DATA_DIR: dataDir, LOG_LEVEL: 'warn',
  });
  started.push(api);
  const apiUrl = `http://127.0.0.1:${apiPort}/graphql`;
  await waitFor(`http://127.0.0.1:${apiPort}/readyz`, 120_000, api.child, api.output);
  // The web app's production server, as `npm start` runs it (apps/web/server.mjs).
  const web = startProcess('node', ['server.mjs'], join(ROOT, 'apps/web'), {
    API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', PORT: String(webPort), WEB_HOST: '127.0.0.1',
  });
  started.push(web);
  const webUrl = `http://127.0.0.1:${webPort}`;
  await waitFor(webUrl, 60_000, web.child, web.output);
  project.provide('webUrl', webUrl);
  project.provide('apiUrl', apiUrl);

  return async () => {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
    if (admin) {
      const client = new pg.Client({ connectionString: admin });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await client.end();
    }
  };
}
