import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort, ROOT } from '../e2e/processes';

export { freePort, ROOT };

export interface Proc {
  child: ChildProcess;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A real process with its output kept (for assertions and failure messages). */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Proc {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out = (out + d).slice(-60_000)));
  child.stderr!.on('data', (d) => (out = (out + d).slice(-60_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, output: () => out, exited };
}

/** The API as `npm start` runs it (node --import tsx src/main.ts in apps/api). */
export function startApi(env: NodeJS.ProcessEnv): Proc {
  return run(process.execPath, ['--import', 'tsx', 'src/main.ts'], join(ROOT, 'apps/api'), {
    LOG_LEVEL: 'info',
    ...env,
  });
}

/** `npm start` past its build step: scripts/serve.mjs, the supervisor of the API and the web app. */
export function startServe(env: NodeJS.ProcessEnv): Proc {
  return run(process.execPath, ['scripts/serve.mjs'], ROOT, {
    NEXT_TELEMETRY_DISABLED: '1',
    LOG_LEVEL: 'info',
    ...env,
  });
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
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

export async function status(url: string, init?: RequestInit): Promise<number | null> {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return null;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pid the supervisor last logged for a service ("api started"). */
export function supervisedPid(output: string, name: 'api' | 'web'): number | null {
  const pids = [...output.matchAll(new RegExp(`"msg":"${name} started","child":"${name}","pid":(\\d+)`, 'g'))].map(
    (m) => Number(m[1]),
  );
  return pids.at(-1) ?? null;
}

export function cmdline(pid: number): string[] {
  return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
}

/**
 * A keep-alive connection left idle after one answered request, as the web's fetch pool and
 * browsers leave them.
 */
export async function idleKeepAlive(port: number, path: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n`);
  await new Promise<void>((resolve) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen += d.toString('latin1');
      if (/\r\n\r\n/.test(seen)) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
  });
  socket.on('error', () => {});
  // Keep reading (and dropping) whatever comes: a socket nobody reads never sees the server's FIN.
  socket.resume();
  return socket;
}

/** A request in flight: headers and half of the declared body sent, the rest never. */
export async function slowRequest(port: number, path: string): Promise<Socket> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.on('error', () => {});
  socket.resume(); // see idleKeepAlive
  socket.write(
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query":`,
  );
  return socket;
}

/** Resolves once the server has closed the connection; rejects after `timeoutMs`. */
export function closed(socket: Socket, timeoutMs = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (socket.destroyed || socket.readyState === 'closed') return resolve();
    const timer = setTimeout(
      () => reject(new Error(`the connection from port ${socket.localPort} is still open (${socket.readyState})`)),
      timeoutMs,
    );
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
