// A process that shuts down as the API does (exitOnTermination), for shutdown.test.ts. Its one
// route waits on work that only a `beforeDrain` step ends, as an upload waits on its validation
// child: the request is answered only if that step runs while the server drains.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { exitOnTermination } from '../shutdown';

const order: string[] = [];
const say = (event: unknown) => process.stdout.write(`${JSON.stringify(event)}\n`);
let stopWork: (() => void) | null = null;

const http = createServer((_req, res) => {
  say({ event: 'request received' });
  void new Promise<void>((resolve) => (stopWork = resolve)).then(() => {
    order.push('request answered');
    res.end('stopped, send again');
  });
});
http.listen(0, '127.0.0.1', () => say({ port: (http.address() as AddressInfo).port }));

exitOnTermination({
  log: pino({ level: 'silent' }),
  servers: [http],
  // Far longer than the test waits: a drain that waits for the request would fail the test.
  graceMs: 60_000,
  hardLimitMs: 65_000,
  beforeDrain: [
    { name: 'failing', run: () => Promise.reject(new Error('one step failing stops no other')) },
    {
      name: 'work',
      run: () => {
        order.push('beforeDrain');
        return stopWork?.();
      },
    },
  ],
  steps: [{ name: 'last', run: () => say({ order: [...order, 'steps'] }) }],
});
