import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type Validation =
  | { ok: true; info: Record<string, unknown> }
  | { ok: false; status: 422; message: string };

export interface ValidateLimits {
  timeoutMs: number;
  memoryMb: number;
}

const CHILD = fileURLToPath(new URL('./validate-child.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const PRLIMIT = ['/usr/bin/prlimit', '/bin/prlimit'].find((p) => existsSync(p));

/**
 * Validates an uploaded model in a child process, so that a hostile file (a protobuf bomb, a
 * graph built to exhaust memory, a parser bug) can take down only that child: its V8 heap is
 * capped, its data segment too where prlimit exists (RLIMIT_DATA: address-space limits break
 * WebAssembly, which reserves gigabytes it never touches), and it is killed when the time runs out.
 */
export function validateInChild(path: string, displayName: string, limits: ValidateLimits): Promise<Validation> {
  const heapMb = Math.max(256, Math.floor(limits.memoryMb / 4));
  const node = [process.execPath, `--max-old-space-size=${heapMb}`, '--import', TSX_LOADER, CHILD, path, displayName];
  const argv = PRLIMIT ? [PRLIMIT, `--data=${limits.memoryMb * 1024 * 1024}`, '--', ...node] : node;
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out = (out + d).slice(-64_000)));
    child.stderr.on('data', (d: Buffer) => (err = (err + d).slice(-4_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, limits.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').pop() ?? '';
      if (timedOut) return resolve(refused(`${displayName}: validation did not finish within ${limits.timeoutMs / 1000} s and was stopped; submit a standard-size backbone`));
      if (code === 0 || code === 3) {
        try {
          const parsed = JSON.parse(line) as { ok: boolean; info?: Record<string, unknown>; message?: string };
          if (parsed.ok && parsed.info) return resolve({ ok: true, info: parsed.info });
          if (!parsed.ok && parsed.message) return resolve(refused(parsed.message));
        } catch {
          // fall through: unreadable output is a crash
        }
      }
      const oom = /heap out of memory|Allocation failed|Cannot allocate|ENOMEM|RangeError: Array buffer allocation failed/i.test(err);
      const why = oom ? 'needs more memory to parse than the validator allows' : `could not be parsed (validator exited with ${signal ?? code})`;
      resolve(refused(`${displayName}: ${why}; submit a standard single-file ONNX backbone exported with torch.onnx.export`));
    });
  });
}

function refused(message: string): Validation {
  return { ok: false, status: 422, message };
}
