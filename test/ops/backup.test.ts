import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@transferboard/db/client';
import { migrateDb } from '@transferboard/db/migrate';
import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT, run, startApi, status, until } from './processes';

const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

async function cli(
  script: 'db' | 'tokens',
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; output: string }> {
  const p = run(process.execPath, [`scripts/${script}.mjs`, ...args], ROOT, env);
  const { code } = await p.exited;
  return { code, output: p.output() };
}

const lastLine = (text: string) => text.trim().split('\n').at(-1)!;

describe('npm run db -- backup / restore', () => {
  const dirs: string[] = [];
  const temp = (prefix: string) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  afterAll(() =>
    dirs.forEach((d) => {
      rmSync(d, { recursive: true, force: true });
    }),
  );

  it('embedded PGlite: backs up through the running API, refuses a restore under it, restores once it is stopped', async () => {
    const dataDir = temp('tb-ops-backup-');
    const env = { TB_DATA_DIR: dataDir, DATABASE_URL: '' };
    const port = await freePort();
    const api = startApi({ ...env, API_PORT: String(port), API_HOST: '127.0.0.1' });
    try {
      await until(
        'the API',
        async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200,
        120_000,
        api.output,
      );
      const kept = await cli('tokens', ['create', '--role', 'submitter', '--name', 'kept'], env);
      expect(kept.code, kept.output).toBe(0);
      const backup = join(temp('tb-ops-dump-'), 'transferboard.tar.gz');
      const made = await cli('db', ['backup', backup], env);
      expect(made.code, made.output).toBe(0);
      expect(made.output).toContain('by the running API');
      expect(readFileSync(backup).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip

      const refused = await cli('db', ['restore', backup], env);
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`in use by the API (pid ${api.child.pid}`);
      const later = await cli('tokens', ['create', '--role', 'submitter', '--name', 'after-backup'], env);
      expect(later.code, later.output).toBe(0);

      api.child.kill('SIGTERM');
      expect((await api.exited).code).toBe(0);
      const garbage = join(dataDir, 'not-a-backup.tar.gz');
      writeFileSync(garbage, randomBytes(1000));
      const bad = await cli('db', ['restore', garbage], env);
      expect([bad.code, bad.output]).toEqual([1, expect.stringContaining('is not a backup of the embedded database')]);

      const restored = await cli('db', ['restore', backup], env);
      expect(restored.code, restored.output).toBe(0);
      expect(restored.output).toMatch(/The database it replaced is kept in .*pglite\.before-restore-/);
      expect(readdirSync(dataDir).filter((f) => f.startsWith('pglite.before-restore-'))).toHaveLength(1);

      // The restored database holds what the backup held: the first token, not the later one.
      const listed = await cli('tokens', ['list'], env);
      expect(listed.output).toMatch(/submitter\s+kept/);
      expect(listed.output).not.toContain('after-backup');
      const again = startApi({ ...env, API_PORT: String(port), API_HOST: '127.0.0.1' });
      try {
        await until(
          'the API on the restored database',
          async () => (await status(`http://127.0.0.1:${port}/readyz`)) === 200,
          120_000,
          again.output,
        );
        const limits = await fetch(`http://127.0.0.1:${port}/artifacts/limits`, {
          headers: { authorization: `Bearer ${lastLine(kept.output)}` },
        });
        expect(limits.status).toBe(200);
        const gone = await fetch(`http://127.0.0.1:${port}/artifacts/limits`, {
          headers: { authorization: `Bearer ${lastLine(later.output)}` },
        });
        expect(gone.status).toBe(401);
      } finally {
        again.child.kill('SIGTERM');
        await again.exited;
      }
    } finally {
      if (api.child.exitCode === null) api.child.kill('SIGKILL');
    }
  });

  it.skipIf(!TEST_DATABASE_URL)(
    "PostgreSQL: pg_dump and pg_restore, and the restore invalidates every replica's response cache",
    async () => {
      const name = `tb_backup_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      const url = new URL(TEST_DATABASE_URL!);
      url.pathname = `/${name}`;
      const env = { DATABASE_URL: url.toString(), TB_DATA_DIR: temp('tb-ops-pgdata-') };
      const handle = await createDb(url.toString());
      try {
        await migrateDb(handle);
        const kept = await cli('tokens', ['create', '--role', 'admin', '--name', 'kept'], env);
        expect(kept.code, kept.output).toBe(0);
        const backup = join(temp('tb-ops-pgdump-'), 'transferboard.pgdump');
        const made = await cli('db', ['backup', backup], env);
        expect(made.code, made.output).toBe(0);
        expect(readFileSync(backup).subarray(0, 5).toString()).toBe('PGDMP');

        await cli('tokens', ['create', '--role', 'admin', '--name', 'after-backup'], env);
        for (let i = 0; i < 5; i++) await bumpDataVersion(handle.db);
        const before = await findDataVersion(handle.db);

        const restored = await cli('db', ['restore', backup], env);
        expect(restored.code, restored.output).toBe(0);
        const reader = new pg.Client({ connectionString: url.toString() });
        await reader.connect();
        const names = await reader.query<{ name: string }>('select name from api_tokens order by name');
        await reader.end();
        expect(names.rows.map((r) => r.name)).toEqual(['kept']);
        // The dump's counter was lower than what replicas may have cached: it is moved past both.
        expect(await findDataVersion(handle.db)).toBeGreaterThan(before);

        const garbage = join(env.TB_DATA_DIR, 'garbage.pgdump');
        writeFileSync(garbage, 'not a dump');
        const bad = await cli('db', ['restore', garbage], env);
        expect([bad.code, bad.output]).toEqual([1, expect.stringContaining('pg_restore failed')]);
        expect(existsSync(garbage)).toBe(true);
      } finally {
        await handle.close();
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      }
    },
  );
});
