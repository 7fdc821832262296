import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import type { Logger } from 'pino';
import type { ApiContext } from './context';
import { ErrorCode } from './errors';
import { timeoutMessage } from './limits/deadline';
import type { RateLimiter } from './limits/rate-limit';
import { nextTurn } from './limits/turns';
import { PINNED, type ResponseCache } from './response-cache';

export interface HttpOptions {
  apollo: ApolloServer<ApiContext>;
  log: Logger;
  maxBodyBytes: number;
  /** Time limit of one GraphQL request; past it the answer is QUERY_TIMEOUT (503) and its execution stops. */
  timeoutMs: number;
  /** Largest GraphQL response body sent; a larger one is replaced by RESPONSE_TOO_LARGE (400). */
  maxResponseBytes: number;
  /** Per-client request rate limit (absent: none). */
  rateLimit?: RateLimiter;
  context: (requestId: string, req: IncomingMessage, signal: AbortSignal) => Promise<ApiContext>;
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

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** A GraphQL-shaped error for problems found outside GraphQL (body size, JSON syntax, limits). */
function requestError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  requestId: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { errors: [{ message, extensions: { code, requestId, ...extra } }] }, headers);
}

/** The request's path, or null when its target is not a URL path at all (answered 400, never 500). */
function pathOf(req: IncomingMessage): { pathname: string; search: string } | null {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return { pathname: url.pathname, search: url.search };
  } catch {
    return null;
  }
}

function parseJsonBody(text: string, contentType: string): unknown {
  if (text === '') return undefined;
  if (!contentType.includes('application/json') && !contentType.includes('application/graphql-response+json'))
    return text;
  return JSON.parse(text);
}

/** The node:http front of the API: health checks, extra routes, then GraphQL at /graphql. */
export function createHttpHandler(opts: HttpOptions): RequestListener {
  return (req, res) => {
    const requestId =
      (typeof req.headers['x-request-id'] === 'string' && req.headers['x-request-id'].slice(0, 64)) || randomUUID();
    res.setHeader('x-request-id', requestId);
    handle(opts, req, res, requestId).catch((error: unknown) => {
      opts.log.error({ err: error, requestId }, 'request failed');
      if (!res.headersSent) requestError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error', requestId);
      else res.destroy();
    });
  };
}

async function handle(opts: HttpOptions, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = pathOf(req);
  if (!url) {
    const error = 'The request target is not a valid path.';
    return sendJson(res, 400, { error, code: ErrorCode.BAD_USER_INPUT, requestId });
  }
  if (url.pathname === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (url.pathname === '/readyz') {
    const ready = await opts.ready().catch(() => false);
    return sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready' });
  }
  if (opts.rateLimit) {
    const decision = await opts.rateLimit(req);
    for (const [key, value] of Object.entries(decision.headers)) res.setHeader(key, value);
    if (!decision.ok) {
      const who = decision.client === 'token' ? 'API token' : 'address';
      const message =
        `Too many requests: this ${who} may send ${decision.limit} per minute. ` +
        `Retry after ${decision.retryAfterSeconds} s.`;
      const extra = { limit: decision.limit, retryAfter: decision.retryAfterSeconds };
      if (url.pathname !== '/graphql') {
        const answer = { error: message, code: ErrorCode.RATE_LIMITED, requestId, ...extra };
        return sendJson(res, 429, answer, { connection: 'close' });
      }
      return requestError(res, 429, ErrorCode.RATE_LIMITED, message, requestId, extra);
    }
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
      return requestError(
        res,
        413,
        ErrorCode.PAYLOAD_TOO_LARGE,
        `Request body is larger than ${opts.maxBodyBytes} bytes.`,
        requestId,
      );
    }
    return requestError(res, 400, ErrorCode.BAD_USER_INPUT, 'Request body is not valid JSON.', requestId);
  }
  const method = (req.method ?? 'GET').toUpperCase();
  // Only anonymous reads are cached: what a token may see (host details) differs from what the public sees.
  const anonymous = req.headers.authorization === undefined;
  const cacheable = opts.cache && method === 'POST' && anonymous;
  const cacheKey = cacheable ? opts.cache!.store.keyOf(body, req.headers.accept) : null;
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
  // Parsing, validating and pricing a large document is work too: on a turn of its own.
  await nextTurn();
  const response = await executeWithDeadline(opts, req, res, requestId, { method, headers, search: url.search, body });
  if (!response) return;
  if (response.body.kind === 'complete' && Buffer.byteLength(response.body.string) > opts.maxResponseBytes) {
    const size = Buffer.byteLength(response.body.string);
    return requestError(
      res,
      400,
      ErrorCode.RESPONSE_TOO_LARGE,
      `The response would be ${size} bytes, over the limit of ${opts.maxResponseBytes}. ` +
        'Ask for fewer fields or smaller pages (first/after).',
      requestId,
      { size, limit: opts.maxResponseBytes },
    );
  }
  for (const [key, value] of response.headers) res.setHeader(key, value);
  // Answers change with the data version: shared caches must not keep them (the API caches itself).
  if (!response.headers.has('cache-control')) {
    res.setHeader('cache-control', 'no-store');
    response.headers.set('cache-control', 'no-store');
  }
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    const text = response.body.string;
    // A raw `"errors":` can only be the response's own key (quotes inside strings are escaped).
    if (cacheKey && res.statusCode === 200 && !text.includes('"errors":')) {
      const kept = new Set(['content-type', 'cache-control', 'x-query-cost']);
      const stored = [...response.headers].filter(([k]) => kept.has(k));
      const pinned = opts.cache!.store.isPinned(body);
      const isStored = opts.cache!.store.set(cacheKey, {
        version: pinned ? PINNED : version,
        body: text,
        headers: stored,
      });
      res.setHeader('x-cache', 'miss');
      if (!isStored) res.setHeader('x-cache-skipped', 'too large to cache: ask for a page');
    }
    res.end(text);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

type HTTPGraphQLRequest = Parameters<ApolloServer<ApiContext>['executeHTTPGraphQLRequest']>[0]['httpGraphQLRequest'];
type HTTPGraphQLResponse = Awaited<ReturnType<ApolloServer<ApiContext>['executeHTTPGraphQLRequest']>>;

/**
 * Runs the operation under the request's time limit. At the deadline the client gets
 * QUERY_TIMEOUT (503) at once, and the abort signal stops the execution left behind; a client
 * that disconnects aborts it too, so nobody computes answers no one will read.
 */
async function executeWithDeadline(
  opts: HttpOptions,
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  request: HTTPGraphQLRequest,
): Promise<HTTPGraphQLResponse | null> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('deadline')), opts.timeoutMs);
  const onClose = () => {
    if (!res.writableEnded) controller.abort(new Error('client gone'));
  };
  res.once('close', onClose);
  const expired = new Promise<null>((resolve) => {
    controller.signal.addEventListener('abort', () => resolve(null), { once: true });
  });
  let context: ApiContext | undefined;
  const execution = opts.apollo
    .executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: async () => (context = await opts.context(requestId, req, controller.signal)),
    })
    .then((response) => {
      // What the operation cost (docs/api.md, "Query cost"), so clients can see how close to the budget they are.
      const cost = context?.stats.cost;
      if (cost !== undefined) response.headers.set('x-query-cost', String(cost));
      return response;
    });
  try {
    const response = await Promise.race([execution, expired]);
    if (response) return response;
    execution.catch(() => undefined);
    if (res.destroyed) return null;
    opts.log.warn({ requestId, timeoutMs: opts.timeoutMs }, 'request stopped at its time limit');
    const limit = opts.timeoutMs;
    requestError(res, 503, ErrorCode.QUERY_TIMEOUT, timeoutMessage(limit), requestId, { limit });
    return null;
  } finally {
    clearTimeout(timer);
    res.off('close', onClose);
  }
}
