import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { ApiContext } from './context';
import { ErrorCode } from './errors';
import type { ResponseCache } from './response-cache';

export interface HttpOptions {
  apollo: ApolloServer<ApiContext>;
  log: Logger;
  maxBodyBytes: number;
  context: (requestId: string, req: IncomingMessage) => Promise<ApiContext>;
  ready: () => Promise<boolean>;
  /** Whole-response cache for public reads, checked against the database's data version. */
  cache?: { store: ResponseCache; version: () => Promise<number> };
  /** Extra routes (e.g. artifacts) tried before GraphQL; return true when handled. */
  routes?: ((req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<boolean>)[];
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-shaped error for problems found before GraphQL runs (body size, JSON syntax). */
function requestError(res: ServerResponse, status: number, code: string, message: string, requestId: string): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId } }] });
}

function parseJsonBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (!contentType.includes('application/json') && !contentType.includes('application/graphql-response+json')) return text;
  return JSON.parse(text);
}

/** The node:http front of the API: health checks, extra routes, then GraphQL at /graphql. */
export function createHttpHandler(opts: HttpOptions): RequestListener {
  return (req, res) => {
    const requestId = (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    handle(opts, req, res, requestId).catch((error: unknown) => {
      opts.log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) requestError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
      else res.destroy();
    });
  };
}

async function handle(opts: HttpOptions, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (url.pathname === '/readyz') {
    const ready = await opts.ready().catch(() => false);
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  }
  for (const route of opts.routes ?? []) if (await route(req, res, requestId)) return;
  if (url.pathname !== '/graphql') {
    return sendJson(res, 404, { error: `No route ${url.pathname}. GraphQL is served at /graphql.` });
  }
  let body: unknown;
  try {
    body = parseJsonBody(await readBody(req, opts.maxBodyBytes), String(req.headers['content-type'] ?? ''));
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      return requestError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body is larger than ${opts.maxBodyBytes} bytes.`, requestId);
    }
    return requestError(res, 400, ErrorCode.BAD_USER_INPUT, 'Request body is not valid JSON.', requestId);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  const cacheKey = opts.cache && method === 'POST' ? opts.cache.store.keyOf(body) : null;
  const version = cacheKey ? await opts.cache!.version() : 0;
  if (cacheKey) {
    const hit = opts.cache!.store.get(cacheKey, version);
    if (hit) {
      for (const [key, value] of hit.headers) res.setHeader(key, value);
      res.setHeader('x-cache', 'hit');
      res.statusCode = 200;
      res.end(hit.body);
      return;
    }
  }
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await opts.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method, headers, search: url.search, body },
    context: () => opts.context(requestId, req),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    // A raw `"errors":` can only be the response's own key (quotes inside strings are escaped).
    if (cacheKey && res.statusCode === 200 && !text.includes('"errors":')) {
      opts.cache!.store.set(cacheKey, { version, body: text, headers: [...response.headers].filter(([k]) => k === 'content-type' || k === 'cache-control') });
      res.setHeader('x-cache', 'miss');
    }
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}
