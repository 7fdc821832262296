import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection } from 'node:net';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import type { Db, DbHandle } from '@transferboard/db/client';
import { dataDir } from '@transferboard/db/paths';
import type { Logger } from 'pino';
import { createToken, listTokens, revokeToken, TokenAdminError } from './auth/token-admin';

/**
 * The control endpoint: token administration and backups of the embedded database over a Unix
 * socket in the data directory, so `npm run tokens` and `npm run db -- backup` work while the API
 * holds embedded PGlite (which one process alone may open: see data-dir-lock.ts). The socket file
 * is mode 0600: only the user running the API can connect. `GET /cache` reports the response
 * cache's counters. It is never reachable over the network.
 */
export const controlSocketPath = (dir = dataDir()) => join(dir, 'api.sock');

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req as AsyncIterable<Buffer>) {
    text += chunk.toString('utf8');
    if (text.length > 10_000) throw new TokenAdminError('Request too large.');
  }
  const value: unknown = text ? JSON.parse(text) : {};
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TokenAdminError('Send a JSON object.');
  return value as Record<string, unknown>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** What the control socket can report about the running API besides tokens and backups. */
export interface ControlExtras {
  /** The response cache's counters (hits, misses, stored, tooLarge): `GET /cache`. */
  cacheStats?: () => Record<string, number>;
}

async function route(
  db: Db,
  handle: DbHandle | undefined,
  extras: ControlExtras,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://control').pathname;
  if (req.method === 'GET' && path === '/backup') return sendBackup(handle, res);
  if (req.method === 'GET' && path === '/cache') return send(res, 200, extras.cacheStats?.() ?? {});
  if (req.method === 'GET' && path === '/tokens') return send(res, 200, { tokens: await listTokens(db) });
  if (req.method === 'POST' && path === '/tokens') return send(res, 201, await createToken(db, await readJson(req)));
  if (req.method === 'POST' && path === '/tokens/revoke')
    return send(res, 200, await revokeToken(db, (await readJson(req)).token));
  send(res, 404, { error: `No control route ${req.method} ${path}.` });
}

/** The embedded database as a gzipped tarball, made by the process that holds it (`npm run db -- backup`). */
async function sendBackup(handle: DbHandle | undefined, res: ServerResponse): Promise<void> {
  if (!handle?.dumpDataDir)
    return send(res, 409, {
      error: 'This API runs on PostgreSQL (DATABASE_URL): back it up with pg_dump (docs/operations.md).',
    });
  const dump = Buffer.from(await (await handle.dumpDataDir()).arrayBuffer());
  res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': dump.length });
  res.end(dump);
}

/** True when something accepts connections on the socket (a live API), false for a stale file. */
export function socketIsLive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Listens on the control socket; null (with a warning) when another live API already owns it. */
export async function startControlServer(
  db: Db,
  log: Logger,
  path = controlSocketPath(),
  handle?: DbHandle,
  extras: ControlExtras = {},
): Promise<Server | null> {
  if (existsSync(path)) {
    if (await socketIsLive(path)) {
      log.warn({ socket: path }, 'another API serves the control socket: token commands go to it');
      return null;
    }
    unlinkSync(path); // left behind by a process that did not shut down cleanly
  }
  const server = createServer((req, res) => {
    route(db, handle, extras, req, res).catch((error: unknown) => {
      if (error instanceof TokenAdminError || error instanceof SyntaxError)
        return send(res, 400, { error: error.message });
      log.error({ err: error }, 'control request failed');
      send(res, 500, { error: 'Internal error: see the API log.' });
    });
  });
  // Created owner-only from the start (umask), not just after a chmod.
  const umask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
  log.info({ socket: path }, 'control socket listening');
  return server;
}
