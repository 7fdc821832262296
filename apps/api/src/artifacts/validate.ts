import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * `definitive`: the file itself decided (the intake refused it with a reason), so the same
 * bytes would be refused again and the refusal may be cached. A timeout, a crash or running out
 * of memory depend on the machine and its load, and are not.
 */
export type Validation =
  | { ok: true; info: Record<string, unknown> }
  | { ok: false; status: 422 | 503; reason: string; message: string; definitive: boolean };

export interface ValidateLimits {
  timeoutMs: number;
  memoryMb: number;
}

const CHILD = fileURLToPath(new URL('./validate-child.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));
/** The whole inspection (tensor catalog included) is one JSON line; past this the child is misbehaving. */
const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Validations in flight, so shutdown can stop them all. */
const running = new Set<ChildProcess>();
let stopping = false;

/**
 * Validates an uploaded model in a child process, so that a hostile file (a protobuf bomb, a
 * graph built to exhaust memory, a parser bug) can take down only that child: its V8 heap is
 * capped, its data segment and CPU time too where prlimit exists (RLIMIT_DATA: address-space
 * limits break WebAssembly, which reserves gigabytes it never touches; RLIMIT_CPU: the kernel
 * ends it even if this process is gone). It runs in its own process group, which is killed
 * whole at the time limit and on shutdown, and it exits by itself when this process dies (its
 * stdin closes).
 */
export function validateInChild(
  path: string,
  displayName: string,
  limits: ValidateLimits,
  script = CHILD,
): Promise<Validation> {
  if (stopping) return Promise.resolve(shuttingDown());
  const heapMb = Math.max(256, Math.floor(limits.memoryMb / 4));
  const node = [process.execPath, `--max-old-space-size=${heapMb}`, '--import', TSX_LOADER, script, path, displayName];
  const cpuSeconds = Math.ceil(limits.timeoutMs / 1000) + 5;
  const argv = PRLIMIT
    ? [PRLIMIT, `--data=${limits.memoryMb * 1024 * 1024}`, `--cpu=${cpuSeconds}`, '--', ...node]
    : node;
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
      env: { PATH: process.env.PATH ?? '' },
    });
    running.add(child);
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > MAX_OUTPUT_BYTES) killGroup(child);
      else out.push(d);
    });
    child.stderr.on('data', (d: Buffer) => (err = (err + d).slice(-4_000)));
    child.stdin.on('error', () => undefined);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, limits.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      running.delete(child);
      resolve(
        refused(
          'VALIDATOR_CRASHED',
          `${displayName}: the validator could not start (${error.message}); try again later`,
          false,
        ),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // Whatever the child started is stopped with it.
      killGroup(child);
      if (stopping) return resolve(shuttingDown());
      if (timedOut)
        return resolve(
          refused(
            'VALIDATOR_TIMEOUT',
            `${displayName}: validation did not finish within ${limits.timeoutMs / 1000} s and was stopped; submit a standard-size backbone`,
            false,
          ),
        );
      const verdict = readVerdict(Buffer.concat(out).toString('utf8'), code);
      if (verdict) return resolve(verdict);
      const oom =
        /heap out of memory|Allocation failed|Cannot allocate|ENOMEM|RangeError: Array buffer allocation failed/i.test(
          err,
        );
      const why = oom
        ? 'needs more memory to parse than the validator allows'
        : `could not be parsed (validator exited with ${signal ?? code})`;
      resolve(
        refused(
          oom ? 'VALIDATOR_OUT_OF_MEMORY' : 'VALIDATOR_CRASHED',
          `${displayName}: ${why}; submit a standard single-file ONNX backbone exported with torch.onnx.export`,
          false,
        ),
      );
    });
  });
}

function readVerdict(stdout: string, code: number | null): Validation | null {
  if (code !== 0 && code !== 3) return null;
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as {
      ok: boolean;
      info?: Record<string, unknown>;
      message?: string;
      reason?: string;
    };
    if (parsed.ok && parsed.info) return { ok: true, info: parsed.info };
    if (!parsed.ok && parsed.message) return refused(parsed.reason ?? 'UNUSABLE_MODEL', parsed.message, true);
  } catch {
    // Unreadable output is a crash.
  }
  return null;
}

/** SIGKILL to the child's process group (it leads its own: spawned detached). */
function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Shutdown: kill every validation in flight (their uploads are answered 503, to be sent again)
 * and refuse new ones. Returns how many were stopped.
 */
export function stopValidations(): number {
  stopping = true;
  const count = running.size;
  for (const child of running) killGroup(child);
  return count;
}

/** Tests: validations in flight. */
export function runningValidations(): number {
  return running.size;
}

function refused(reason: string, message: string, definitive: boolean): Validation {
  return { ok: false, status: 422, reason, message, definitive };
}

function shuttingDown(): Validation {
  return {
    ok: false,
    status: 503,
    reason: 'SHUTTING_DOWN',
    message: 'The server is shutting down and stopped validating this upload; send it again in a moment.',
    definitive: false,
  };
}
