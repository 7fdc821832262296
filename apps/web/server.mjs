// The web app's production server: `next start`'s request handler on our own node:http server,
// so that SIGTERM ends it within 10 s. `next start` alone waits in `server.close()` for every
// connection, so a browser's idle keep-alive connection or a slow page holds it open.
// Env: PORT (3000), WEB_HOST (0.0.0.0), WEB_SHUTDOWN_GRACE_MS (7000).
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createHttpTerminator } from 'http-terminator';
import next from 'next';

/** Exit code for problems a restart cannot fix (scripts/serve.mjs gives up on it). */
const EXIT_FATAL = 2;

function intFromEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`Invalid configuration: ${name}="${raw}" must be a whole number from ${min} to ${max}`);
    process.exit(EXIT_FATAL);
  }
  return n;
}

const port = intFromEnv('PORT', 3000, 0, 65535);
const hostname = process.env.WEB_HOST || '0.0.0.0';
const graceMs = intFromEnv('WEB_SHUTDOWN_GRACE_MS', 7000, 0, 60_000);

// Next's own SIGTERM handler would wait for every connection: ours below replaces it.
process.env.NEXT_MANUAL_SIG_HANDLE = 'true';
const app = next({ dev: false, dir: fileURLToPath(new URL('.', import.meta.url)), hostname, port });
await app.prepare();
const handle = app.getRequestHandler();
const server = createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error('request failed', err);
    if (!res.headersSent) res.writeHead(500).end('Internal server error');
    else res.destroy();
  });
});
const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: graceMs });

await new Promise((resolve) => {
  server.once('error', (err) => {
    console.error(
      err.code === 'EADDRINUSE'
        ? `The web app failed to start: port ${port} is already in use (PORT).`
        : `The web app failed to start: ${err.message}`,
    );
    process.exit(err.code === 'EADDRINUSE' ? EXIT_FATAL : 1);
  });
  server.listen(port, hostname, resolve);
});
console.log(
  JSON.stringify({ service: 'web', pid: process.pid, msg: `web app listening on http://${hostname}:${port}` }),
);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  const started = Date.now();
  console.log(
    JSON.stringify({
      service: 'web',
      signal,
      graceMs,
      msg: 'shutting down: closing idle connections, draining requests in flight',
    }),
  );
  setTimeout(() => {
    console.error(JSON.stringify({ service: 'web', msg: 'shutdown did not finish in time: exiting anyway' }));
    process.exit(1);
  }, graceMs + 2500).unref();
  await terminator.terminate().catch((err) => console.error('closing the server failed', err));
  await app.close().catch((err) => console.error('closing Next failed', err));
  console.log(JSON.stringify({ service: 'web', ms: Date.now() - started, msg: 'stopped' }));
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
