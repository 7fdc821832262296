import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of a real API that slows model downloads (`GET /artifacts/…`) to a trickle, so
 * a test can act while a runner is mid-download, and records what each download asked for (its
 * Range header) and how many bytes it got. Everything else passes through untouched.
 */
export interface ThrottleProxy {
  base: string;
  downloads: { range: string | null; status: number; bytes: number; done: boolean }[];
  /** Holds every download's body still (no bytes at all) while true. */
  stall: (on: boolean) => void;
  close: () => Promise<void>;
}

export async function startThrottleProxy(
  target: string,
  opts: { chunkBytes: number; everyMs: number },
): Promise<ThrottleProxy> {
  const to = new URL(target);
  const downloads: ThrottleProxy['downloads'] = [];
  let stalled = false;
  const server: Server = createServer((req, res) => {
    const upstream = request(
      {
        host: to.hostname,
        port: to.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: to.host },
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        if (!(req.method === 'GET' && req.url?.startsWith('/artifacts/'))) return void up.pipe(res);
        const record = {
          range: (req.headers.range as string | undefined) ?? null,
          status: up.statusCode ?? 0,
          bytes: 0,
          done: false,
        };
        downloads.push(record);
        const chunks: Buffer[] = [];
        let ended = false;
        up.on('data', (d: Buffer) => chunks.push(d));
        up.on('end', () => (ended = true));
        let pending = Buffer.alloc(0);
        const tick = () => {
          if (res.destroyed) return;
          if (!stalled) {
            pending = Buffer.concat([pending, ...chunks.splice(0)]);
            const part = pending.subarray(0, opts.chunkBytes);
            pending = pending.subarray(part.length);
            if (part.length) {
              res.write(part);
              record.bytes += part.length;
            } else if (ended) {
              record.done = true;
              return void res.end();
            }
          }
          setTimeout(tick, opts.everyMs);
        };
        tick();
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    downloads,
    stall: (on) => (stalled = on),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
