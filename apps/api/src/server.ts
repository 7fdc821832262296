import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { Db } from '@transferboard/db/client';
import { sql } from 'drizzle-orm';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import pino, { type Logger } from 'pino';
import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { DEFAULT_STALL_SECONDS } from './config';
import { correlationStore, createContext, type ApiContext } from './context';
import { armorRules, PARSE_LIMITS } from './limits/document';
import { costLimitPlugin, DEFAULT_MAX_COST } from './limits/cost-plugin';
import { deadlinePlugin, DEFAULT_REQUEST_TIMEOUT_MS } from './limits/deadline';
import { createListSizeSource, type ListSizeSource } from './limits/list-sizes';
import { parseTrustedProxies } from './limits/client-address';
import { createRateLimiter, DEFAULT_RATE_LIMITS } from './limits/rate-limit';
import { DEFAULT_MAX_RESPONSE_BYTES } from './limits/response-size';
import { nulGuard } from './nul-guard';
import { boardBytes } from './board/board-load';
import { createExportRoute } from './board/export-route';
import { BOARD_STORE_BYTES, BoardStore } from './board/board-store';
import type { BuiltBoard, CorrelationParent } from './mappers';
import { coalesce, ResponseCache } from './response-cache';
import { ErrorCode, REQUEST_ERROR_CODES } from './errors';
import { createHttpHandler, type HttpOptions } from './http';
import { resolvers } from './resolvers/resolvers';

export const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export interface ServerOptions {
  db: Db;
  log?: Logger;
  /** Boards with more rows bootstrap rank intervals in a worker thread (default 1,000; board/intervals.ts). */
  inlineIntervalRows?: number;
  /** Boards with more cells are aggregated in a worker thread (default INLINE_BUILD_CELLS). */
  inlineBuildCells?: number;
  /** The board store's bound, in estimated bytes of boards (default BOARD_STORE_BYTES). */
  boardStoreBytes?: number;
  maxBodyBytes?: number;
  /** Show unexpected errors' real messages (development only). */
  development?: boolean;
  /** Answer introspection queries (default true: the schema is public, and the web app reads it). */
  introspection?: boolean;
  /** Cache whole responses of public reads, invalidated by the data version (default true). */
  responseCache?: boolean;
  /** Lease of a claimed job, in seconds (default 300). */
  leaseSeconds?: number;
  /** A job without progress for this long is stalled (default 900; null: never). */
  stallSeconds?: number | null;
  /** Extra HTTP routes tried before GraphQL (the artifact upload and download endpoints). */
  routes?: HttpOptions['routes'];
  /** Budget of one operation in cost units (default 200,000; see limits/cost.ts). */
  maxCost?: number;
  /** How often the live list sizes behind the cost are read again, in ms (default 10,000). */
  listSizesRefreshMs?: number;
  /** Time limit of one GraphQL request in ms (default 10,000). */
  requestTimeoutMs?: number;
  /** Largest GraphQL response in bytes (default 8 MiB). */
  maxResponseBytes?: number;
  /**
   * Requests per minute per client (default 300 per address, 1,200 per API token; trusted
   * proxies: loopback), or false for none.
   */
  rateLimit?: false | { anonymousPerMinute?: number; tokenPerMinute?: number; trustedProxies?: string };
}

export interface Server {
  apollo: ApolloServer<ApiContext>;
  /** node:http request listener: /graphql, /healthz, /readyz. */
  handler: RequestListener;
  /** A context for in-process operations (tests, scripts), optionally with an Authorization header and a signal. */
  context: (requestId?: string, authorization?: string, signal?: AbortSignal) => ApiContext;
  cache: ResponseCache | null;
  /** Computed leaderboards by (view, data version) (board/board-store.ts). */
  boards: BoardStore<BuiltBoard>;
  /** Computed correlations by (setting, data version) (resolvers/correlation.ts). */
  correlations: BoardStore<CorrelationParent>;
  /** The live list sizes the cost analysis uses (refresh() after writes in tests). */
  listSizes: ListSizeSource;
  stop: () => Promise<void>;
}

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...REQUEST_ERROR_CODES]);

/**
 * Expected errors (a GraphQLError with one of our codes, or a malformed request) reach the client
 * as they are; anything else is logged and masked, outside development, so internals never leak.
 */
export function formatError(log: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const limit = tooComplex(formatted);
    if (limit) return limit;
    const code = formatted.extensions?.code;
    // Duck-typed, not instanceof: Apollo's own errors (UserInputError for bad variables) may come
    // from the other copy of graphql-js (ESM and CommonJS builds are distinct classes).
    const originalCode = (original as { extensions?: { code?: unknown } } | null)?.extensions?.code;
    const expected =
      typeof code === 'string' &&
      code !== ErrorCode.INTERNAL_SERVER_ERROR &&
      KNOWN_CODES.has(code) &&
      (originalCode === code || REQUEST_ERROR_CODES.has(code));
    if (expected) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    if (development) return formatted;
    return {
      message: 'Internal server error',
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}

/** A depth, alias, directive or token limit: QUERY_TOO_COMPLEX with the limit, not a generic validation failure. */
function tooComplex(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const code = formatted.extensions?.code;
  if (code !== 'GRAPHQL_VALIDATION_FAILED' && code !== 'GRAPHQL_PARSE_FAILED') return null;
  const limit = /limit of (\d+) exceeded|contains more t\w+ (\d+) tokens/i.exec(formatted.message);
  if (!limit) return null;
  return {
    message: formatted.message.replace(/^Syntax Error: /, ''),
    extensions: { code: ErrorCode.QUERY_TOO_COMPLEX, limit: Number(limit[1] ?? limit[2]) },
  };
}

/** Builds the API: pure (no listening, no migrations), so tests run it in-process. */
export async function createServer(opts: ServerOptions): Promise<Server> {
  const log = opts.log ?? pino({ level: 'silent' });
  const development = opts.development ?? false;
  const listSizes = await createListSizeSource(opts.db, log, opts.listSizesRefreshMs);
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    csrfPrevention: true,
    introspection: opts.introspection ?? true,
    validationRules: armorRules,
    parseOptions: PARSE_LIMITS,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(log, development),
    plugins: [
      // No field has a cache hint, and the cache-control plugin's per-field hook costs CPU on every
      // field of every response; http.ts sends the same `cache-control: no-store` it did.
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      nulGuard,
      deadlinePlugin,
      costLimitPlugin({ maxCost: opts.maxCost ?? DEFAULT_MAX_COST, sizes: listSizes.current }),
    ],
    // main.ts owns SIGTERM: Apollo's own handler would stop it first and swallow the signal.
    stopOnTerminationSignals: false,
  });
  await apollo.start();
  const leaseSeconds = opts.leaseSeconds ?? 300;
  const stallSeconds = opts.stallSeconds === undefined ? DEFAULT_STALL_SECONDS : opts.stallSeconds;
  // A superseded or evicted board's rank-interval bootstrap is stopped (board/intervals.ts).
  const retire = (board: BuiltBoard) => board.intervals.cancel();
  const boards = new BoardStore<BuiltBoard>(32, opts.boardStoreBytes ?? BOARD_STORE_BYTES, boardBytes, retire);
  const correlations = correlationStore();
  const context = (requestId = 'in-process', authorization?: string, signal?: AbortSignal): ApiContext =>
    createContext({
      db: opts.db,
      requestId,
      log: log.child({ requestId }),
      authorization,
      leaseSeconds,
      stallSeconds,
      signal,
      boards,
      correlations,
      inlineIntervalRows: opts.inlineIntervalRows,
      inlineBuildCells: opts.inlineBuildCells,
    });
  const cache = opts.responseCache === false ? null : new ResponseCache();
  const handler = createHttpHandler({
    apollo,
    log,
    maxBodyBytes: opts.maxBodyBytes ?? 256 * 1024,
    timeoutMs: opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    rateLimit:
      opts.rateLimit === false
        ? undefined
        : createRateLimiter(opts.db, {
            anonymousPerMinute: opts.rateLimit?.anonymousPerMinute ?? DEFAULT_RATE_LIMITS.anonymousPerMinute,
            tokenPerMinute: opts.rateLimit?.tokenPerMinute ?? DEFAULT_RATE_LIMITS.tokenPerMinute,
            trustedProxies: parseTrustedProxies(opts.rateLimit?.trustedProxies ?? 'loopback'),
          }),
    cache: cache ? { store: cache, version: coalesce(() => findDataVersion(opts.db)) } : undefined,
    context: async (requestId, req, signal) => context(requestId, req.headers.authorization, signal),
    routes: [createExportRoute((requestId) => context(requestId)), ...(opts.routes ?? [])],
    ready: async () => {
      await opts.db.execute(sql`select 1`);
      return true;
    },
  });
  return { apollo, handler, context, cache, boards, correlations, listSizes, stop: () => apollo.stop() };
}
