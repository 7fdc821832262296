import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTaskProcess, type TaskRequest } from './task-process';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!alive(pid)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !alive(pid);
}

describe('one task in a process group of its own (real processes)', () => {
  let dir: string;
  let fifo: string;
  const request = (modelPath: string): TaskRequest => ({
    type: 'run',
    options: {
      modelPath,
      dataRoot: dir,
      cacheDir: join(dir, 'cache'),
      suite: 'ssl-transfer-v1',
      tasks: ['linear-dtd'],
      runnerVersion: 'test',
    },
  });
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tb-task-process-'));
    // Reading a FIFO nobody writes to never finishes: a model file that hangs its reader.
    fifo = join(dir, 'model.onnx');
    execFileSync('mkfifo', [fifo]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('kills a task that hangs at its time limit, with its whole process group', async () => {
    let pid = 0;
    const logs: string[] = [];
    const outcome = await runTaskProcess({
      request: request(fifo),
      timeLimitMs: 4_000,
      log: (m) => logs.push(m),
      onStart: (p) => (pid = p),
    });
    expect(outcome).toEqual({ kind: 'timeout', seconds: 4 });
    expect(pid).toBeGreaterThan(0);
    expect(await gone(pid, 5_000)).toBe(true);
  });

  it('reports what evaluate threw, by name', async () => {
    const outcome = await runTaskProcess({
      request: request(join(dir, 'absent.onnx')),
      timeLimitMs: 60_000,
      log: () => {},
    });
    expect(outcome).toMatchObject({
      kind: 'error',
      name: 'ModelError',
      message: expect.stringMatching(/absent\.onnx.*cannot be read \(ENOENT\)/),
    });
  });

  it('kills the task when the job is lost or the runner stops', async () => {
    const abort = new AbortController();
    let pid = 0;
    const running = runTaskProcess({
      request: request(fifo),
      timeLimitMs: 600_000,
      log: () => {},
      signal: abort.signal,
      onStart: (p) => (pid = p),
    });
    await new Promise((r) => setTimeout(r, 1_500));
    abort.abort();
    expect(await running).toEqual({ kind: 'aborted' });
    expect(await gone(pid, 5_000)).toBe(true);
  });

  it('takes its group down when the worker itself is killed', async () => {
    const parent = spawn(
      process.execPath,
      [join(import.meta.dirname, 'task-parent.fixture.mjs'), fifo, dir, join(dir, 'cache')],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const pid = await new Promise<number>((resolve, reject) => {
      let out = '';
      parent.stdout!.on('data', (d) => {
        out += d;
        const m = /child (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      parent.once('exit', () => reject(new Error(`the stand-in worker exited first: ${out}`)));
    });
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    // The IPC channel closes with the worker; the task notices and kills its own group.
    expect(await gone(pid, 10_000)).toBe(true);
  });
});
