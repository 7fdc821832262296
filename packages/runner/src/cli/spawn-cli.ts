import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** bin/transferboard-runner.mjs, the CLI exactly as users run it. */
const CLI_BIN = join(import.meta.dirname, '..', '..', 'bin', 'transferboard-runner.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process (for tests where process-level behaviour matters). */
export function spawnCli(...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], { env: { ...process.env, TB_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
