import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript module of the scripts, without type declarations
import { backoffDelay, supervise } from '../../scripts/lib/supervisor.mjs';

const node = (code: string) => ({ command: process.execPath, args: ['-e', code], cwd: process.cwd() });

describe('scripts/lib/supervisor.mjs with real child processes', () => {
  it('backs off 1 s, 2 s, 4 s, … up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelay(n, 1000, 30_000))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 30_000, 30_000,
    ]);
  });

  it('restarts a crashing child with growing delays while the other keeps running, and stops both on request', async () => {
    const events: Record<string, unknown>[] = [];
    const running = supervise(
      [
        { name: 'crasher', ...node('process.exit(1)') },
        { name: 'steady', ...node('setInterval(() => {}, 1000)') },
      ],
      { firstDelayMs: 50, maxDelayMs: 400, log: (e: Record<string, unknown>) => events.push(e) },
    );
    const steadyPid = await new Promise<number>((resolve) => {
      const poll = setInterval(() => {
        const pid = running.pid('steady');
        if (pid && events.filter((e) => e.restartInMs).length >= 5) {
          clearInterval(poll);
          resolve(pid);
        }
      }, 20);
    });
    const delays = events.filter((e) => e.child === 'crasher' && e.restartInMs).map((e) => e.restartInMs);
    expect(delays.slice(0, 5)).toEqual([50, 100, 200, 400, 400]);
    // The steady one was never restarted.
    expect(events.filter((e) => e.msg === 'steady started')).toHaveLength(1);
    expect(running.pid('steady')).toBe(steadyPid);
    expect(await running.stop()).toBe(0);
    expect(() => process.kill(steadyPid, 0)).toThrow();
  });

  it('gives up on exit code 2 (a restart cannot help): stops the others and ends with 2', async () => {
    const events: Record<string, unknown>[] = [];
    const running = supervise(
      [
        { name: 'misconfigured', ...node('setTimeout(() => process.exit(2), 100)') },
        { name: 'steady', ...node('setInterval(() => {}, 1000)') },
      ],
      {
        firstDelayMs: 50,
        log: (e: Record<string, unknown>) => events.push(e),
      },
    );
    expect(await running.done).toBe(2);
    expect(
      events.some((e) => String(e.msg).startsWith('misconfigured exited with code 2: a restart cannot fix this')),
    ).toBe(true);
    expect(events.filter((e) => e.msg === 'misconfigured started')).toHaveLength(1);
  });
});
