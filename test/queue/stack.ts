import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb, type DbHandle } from '@transferboard/db/client';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import pg from 'pg';
import { freePort, ROOT, startProcess, waitFor, type Started } from '../e2e/processes';

/**
 * One real API process (tsx src/main.ts, as `npm start` runs it) on its own fresh PostgreSQL
 * database and data directory, with short leases so fault-tolerance tests run in seconds, plus
 * tokens of every role made straight in the database.
 */
export interface Stack {
  base: string;
  dataDir: string;
  db: DbHandle;
  tokens: { submitter: string; runner: string; admin: string };
  api: () => Started;
  /**
   * Stops the API (SIGTERM, or SIGKILL with `hard`) and starts it again on the same port, with
   * `env` added to its environment from then on (a test build's variables, say).
   */
  restartApi: (opts?: { downMs?: number; hard?: boolean; env?: Record<string, string> }) => Promise<void>;
  stopApi: (hard?: boolean) => Promise<void>;
  startApi: () => Promise<void>;
  /** Freezes the API's processes (SIGSTOP) for `ms`, then lets them go on (SIGCONT): a hung API, not a restarted one. */
  pauseApi: (ms: number) => Promise<void>;
  gql: <T = any>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data: T; errors?: { message: string; extensions?: { code?: string } }[] }>;
  close: () => Promise<void>;
}

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  if (!TEST_DATABASE_URL)
    throw new Error('TEST_DATABASE_URL is not set: run the queue tests with `npm test`, which starts PostgreSQL.');
  const dbName = `tb_queue_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${dbName}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-queue-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const apiEnv: Record<string, string> = {
    API_PORT: String(port),
    API_HOST: '127.0.0.1',
    DATABASE_URL: url.toString(),
    TB_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    JOB_LEASE_SECONDS: '10',
    LEASE_SWEEP_MS: '500',
    SUBMISSION_QUOTA: '1000',
    ...env,
  };
  let api: Started | null = null;
  const startApi = async () => {
    api = startProcess('tsx', ['src/main.ts'], join(ROOT, 'apps/api'), apiEnv);
    await waitFor(`${base}/readyz`, 120_000, api.child, api.output);
  };
  const stopApi = async (hard = false) => {
    if (!api) return;
    const a = api;
    api = null;
    if (hard) {
      await new Promise<void>((resolve) => {
        if (a.child.exitCode !== null) return resolve();
        a.child.once('exit', () => resolve());
        a.child.kill('SIGKILL');
      });
    } else await a.stop();
  };
  await startApi();
  const db = await createDb(url.toString());
  // The API stores the sha256 of each token (apps/api/src/auth/tokens.ts).
  const hashToken = (t: string) => createHash('sha256').update(t).digest('hex');
  const tokens = { submitter: '', runner: '', admin: '' };
  for (const role of ['submitter', 'runner', 'admin'] as const) {
    const secret = `tb_${randomBytes(32).toString('base64url')}`;
    await createApiToken(db.db, {
      name: `queue-test-${role}`,
      role,
      tokenHash: hashToken(secret),
      prefix: secret.slice(0, 11),
    });
    tokens[role] = secret;
  }
  return {
    base,
    dataDir,
    db,
    tokens,
    api: () => api!,
    startApi,
    stopApi,
    pauseApi: async (ms) => {
      // `tsx` runs the server as a child process: freeze the whole tree, children first.
      const pids = processTree(api!.child.pid!).reverse();
      for (const pid of pids) process.kill(pid, 'SIGSTOP');
      try {
        await new Promise((r) => setTimeout(r, ms));
      } finally {
        for (const pid of pids.reverse()) process.kill(pid, 'SIGCONT');
      }
    },
    restartApi: async ({ downMs = 0, hard = false, env: more = {} } = {}) => {
      await stopApi(hard);
      Object.assign(apiEnv, more);
      await new Promise((r) => setTimeout(r, downMs));
      await startApi();
    },
    gql: async (token, query, variables = {}) => {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as any;
    },
    close: async () => {
      await stopApi();
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
      const dropper = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** A process and all its descendants, parents first (from `ps`). */
function processTree(root: number): number[] {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number));
  const tree = [root];
  for (let i = 0; i < tree.length; i++)
    for (const [pid, ppid] of rows) if (ppid === tree[i] && pid !== undefined) tree.push(pid);
  return tree;
}

/** Whether a process exists (a zombie reaped by its parent does not). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Uploads model bytes; returns the status and parsed body. */
export async function upload(
  stack: Stack,
  bytes: Uint8Array | string,
  token = stack.tokens.submitter,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${stack.base}/artifacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text for the assertion message
  }
  return { status: res.status, body };
}

const SUBMIT = `mutation Submit($input: SubmitModelInput!) { submitModel(input: $input) { id status model { slug } job { id } } }`;

export async function submit(
  stack: Stack,
  artifactId: string,
  name: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; model: { slug: string }; job: { id: string } }> {
  const res = await stack.gql(stack.tokens.submitter, SUBMIT, {
    input: { artifactId, name, license: 'MIT', ...extra },
  });
  if (res.errors) throw new Error(`submitModel failed: ${JSON.stringify(res.errors)}`);
  return res.data.submitModel;
}

export interface Runner {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * A real runner process: `transferboard-runner work …` from the repository root, as a user runs it.
 * Its work folder (downloads, feature cache) belongs to the stack unless `args` name one: the
 * queue files run two at a time over the same fixture datasets, whose default work folder would
 * otherwise be shared between them.
 */
export function startRunner(stack: Stack, args: string[], env: Record<string, string> = {}): Runner {
  const work = args.includes('--work') ? [] : ['--work', join(stack.dataDir, 'runner-work')];
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'packages/runner/bin/transferboard-runner.mjs'),
      'work',
      '--api',
      stack.base,
      '--token',
      stack.tokens.runner,
      ...work,
      ...args,
    ],
    {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-40_000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-40_000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  context: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${context()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const SUBMISSION = `query Sub($id: ID!) { submission(id: $id) { id status failureReason progress { task { slug } status reason failures } events { status reason attempt } job { id status attempt fencingToken runner progress lastError } } }`;
