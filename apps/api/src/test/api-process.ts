import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));

export interface ApiProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  output: () => string;
  /** CPU time the process has used so far, every thread, in nanoseconds (Linux /proc). */
  cpuNs: () => number;
  alive: () => boolean;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Sum of every thread's time on a CPU (schedstat's first field: nanoseconds). */
function processCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return total;
}

/**
 * The API as `npm start` runs it (apps/api/src/main.ts: configuration, migrations, seeding,
 * listening), in one Node process of its own (node --import tsx, so the pid is the API's), on a
 * fresh embedded database in a temporary directory unless DATABASE_URL is given.
 */
export async function startApiProcess(env: NodeJS.ProcessEnv = {}, nodeArgs: string[] = []): Promise<ApiProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tb-api-process-'));
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', MAIN], {
    env: {
      ...process.env,
      TB_DATA_DIR: dataDir,
      API_PORT: String(port),
      API_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d) => (out = (out + d).slice(-20_000)));
  child.stderr?.on('data', (d) => (out = (out + d).slice(-20_000)));
  const url = `http://127.0.0.1:${port}`;
  const alive = () => child.exitCode === null && child.signalCode === null;
  const stop = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        rmSync(dataDir, { recursive: true, force: true });
        resolve();
      };
      if (!alive()) return done();
      child.once('exit', done);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
    });
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (!alive())
      throw new Error(`the API exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the API was not ready within 180 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { child, pid: child.pid!, url, output: () => out, cpuNs: () => processCpuNs(child.pid!), alive, stop };
}
