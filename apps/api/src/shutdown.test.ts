import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./test/shutdown-fixture.ts', import.meta.url));

describe('exitOnTermination', () => {
  it('runs the beforeDrain steps while the servers drain, so a request waiting on their work ends; then the steps; exit 0', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit');
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async () => JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
    try {
      const { port } = (await next()) as { port: number };
      const answer = fetch(`http://127.0.0.1:${port}/`).then(async (r) => [
        r.status,
        r.headers.get('connection'),
        await r.text(),
      ]);
      expect(await next()).toEqual({ event: 'request received' });
      child.kill('SIGTERM');
      expect(await answer).toEqual([200, 'close', 'stopped, send again']);
      expect(await next()).toEqual({ order: ['beforeDrain', 'request answered', 'steps'] });
      expect(await exited).toEqual([0, null]);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);
});
