import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { authenticateApiToken } from '@transferboard/db/queries/authenticate-api-token';
import { createTestDb, TEST_DATABASE_URL } from '@transferboard/db/testing';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, TOKEN_PATTERN } from './auth/tokens';
import { controlSocketPath, startControlServer } from './control';
import { runTokensCli } from './tokens-cli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const saved = process.env.TB_DATA_DIR;
  process.env.TB_DATA_DIR = env.TB_DATA_DIR;
  try {
    const code = await runTokensCli(
      args,
      env,
      (l) => out.push(l),
      (l) => err.push(l),
    );
    return { code, out, err };
  } finally {
    process.env.TB_DATA_DIR = saved;
  }
}

describe('npm run tokens', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-tokens-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() =>
    dirs.forEach((d) => {
      rmSync(d, { recursive: true, force: true });
    }),
  );

  it('explains its usage and refuses bad roles and names', async () => {
    const dir = tempDir();
    expect((await cli([], { TB_DATA_DIR: dir })).code).toBe(2);
    const usage = await cli(['create', 'extra'], { TB_DATA_DIR: dir });
    expect([usage.code, usage.err.join('\n')]).toEqual([
      2,
      expect.stringMatching(/Usage:\n {2}npm run tokens -- create --role/),
    ]);
    const role = await cli(['create', '--role', 'root', '--name', 'x'], { TB_DATA_DIR: dir });
    expect([role.code, role.err[0]]).toEqual([1, '--role must be one of submitter, runner, admin (got "root").']);
  });

  describe("through the running API's control socket", () => {
    let db: Awaited<ReturnType<typeof createTestDb>>;
    let dir: string;
    let server: Awaited<ReturnType<typeof startControlServer>>;
    beforeAll(async () => {
      db = await createTestDb('pglite', { seed: false });
      dir = tempDir();
      server = await startControlServer(db.db, pino({ level: 'silent' }), controlSocketPath(dir));
    });
    afterAll(async () => {
      await new Promise((resolve) => server?.close(resolve));
      await db?.close();
    });

    it('creates a token from a separate process, printed once as the last line, usable at once', async () => {
      expect(statSync(controlSocketPath(dir)).mode & 0o777).toBe(0o600);
      // Asynchronously: this process serves the socket the child talks to.
      const child = spawn('node', ['scripts/tokens.mjs', 'create', '--role', 'runner', '--name', 'gpu-1'], {
        cwd: ROOT,
        env: { ...process.env, TB_DATA_DIR: dir, DATABASE_URL: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c));
      child.stderr.on('data', (c: Buffer) => (stderr += c));
      const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
      const run = { status, stdout, stderr };
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/Created runner token "gpu-1" .* via the running API/);
      const token = lines.at(-1)!;
      expect(token).toMatch(TOKEN_PATTERN);
      expect(await authenticateApiToken(db.db, hashToken(token))).toMatchObject({ name: 'gpu-1', role: 'runner' });
    }, 120_000);

    it('lists and revokes through the socket, never showing a secret again', async () => {
      const created = await cli(['create', '--role', 'submitter', '--name', 'alice'], { TB_DATA_DIR: dir });
      const token = created.out.at(-1)!;
      const listed = await cli(['list'], { TB_DATA_DIR: dir });
      expect(listed.out.join('\n')).toContain(`${token.slice(0, 11)}…  submitter  alice`);
      expect(listed.out.join('\n')).not.toContain(token);
      expect((await cli(['revoke', token.slice(0, 11)], { TB_DATA_DIR: dir })).code).toBe(0);
      expect(await authenticateApiToken(db.db, hashToken(token))).toBeNull();
      const again = await cli(['revoke', token.slice(0, 11)], { TB_DATA_DIR: dir });
      expect([again.code, again.err[0]]).toEqual([1, expect.stringMatching(/No live token has the id or prefix/)]);
    });
  });

  it('opens embedded PGlite itself when no API runs', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const created = await cli(['create', '--role', 'admin', '--name', 'ops'], { TB_DATA_DIR: dir });
    expect(created.code, created.err.join('\n')).toBe(0);
    expect(created.out[0]).toMatch(/via embedded PGlite .* no API is running/);
    expect(created.out.at(-1)).toMatch(TOKEN_PATTERN);
    const listed = await cli(['list'], { TB_DATA_DIR: dir });
    expect(listed.out.join('\n')).toMatch(/admin\s+ops/);
  });

  it('refuses, changing nothing, while another process holds the embedded database without a live socket', {
    timeout: 120_000,
  }, async () => {
    const dir = tempDir();
    // A real process that holds the lock as an API would, but serves no control socket.
    const lockModule = JSON.stringify(new URL('../../../packages/db/src/data-dir-lock.ts', import.meta.url).href);
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { lockDataDir } from ${lockModule}; lockDataDir(${JSON.stringify(dir)}, 'the API'); console.log('locked'); setInterval(() => {}, 1000);`,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
      const refused = await cli(['create', '--role', 'admin', '--name', 'ops'], { TB_DATA_DIR: dir });
      expect(refused.code).toBe(1);
      expect(refused.err[0]).toContain(
        `the API (pid ${holder.pid}) holds the embedded database, and its control socket`,
      );
      expect(refused.out).toEqual([]);
    } finally {
      await new Promise((resolve) => {
        holder.once('exit', resolve);
        holder.kill('SIGKILL');
      });
    }
    // The holder died without releasing the lock: the command takes it over, and no token was made before.
    const listed = await cli(['list'], { TB_DATA_DIR: dir });
    expect([listed.code, listed.out]).toEqual([0, [expect.stringMatching(/^No tokens yet/)]]);
  });

  it.skipIf(!TEST_DATABASE_URL)('goes straight to PostgreSQL when DATABASE_URL is set', async () => {
    const db = await createTestDb('postgres', { seed: false });
    try {
      const created = await cli(['create', '--role', 'runner', '--name', 'pg-runner'], {
        TB_DATA_DIR: tempDir(),
        DATABASE_URL: db.url!,
      });
      expect(created.code, created.err.join('\n')).toBe(0);
      expect(created.out[0]).toMatch(/via postgres:\/\//);
      expect(await authenticateApiToken(db.db, hashToken(created.out.at(-1)!))).toMatchObject({ role: 'runner' });
    } finally {
      await db.close();
    }
  });
});
