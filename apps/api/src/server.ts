import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Db } from '@transferboard/db/client';
import { sql } from 'drizzle-orm';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import pino, { type Logger } from 'pino';
import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { DEFAULT_STALL_SECONDS } from './config';
import { createContext, type ApiContext } from './context';
import { armorRules, PARSE_LIMITS } from './limits';
import { nulGuard } from './nul-guard';
import { coalesce, ResponseCache } from './response-cache';
import { ErrorCode, REQUEST_ERROR_CODES } from './errors';
import { createHttpHandler, type HttpOptions } from './http';
import { resolvers } from './resolvers/resolvers';

export const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export interface ServerOptions {
  db: Db;
  log?: Logger;
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
}

export interface Server {
  apollo: ApolloServer<ApiContext>;
  /** node:http request listener: /graphql, /healthz, /readyz. */
  handler: RequestListener;
  /** A context for in-process operations (tests, scripts), optionally with an Authorization header. */
  context: (requestId?: string, authorization?: string) => ApiContext;
  cache: ResponseCache | null;
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
    const expected = typeof code === 'string' && code !== ErrorCode.INTERNAL_SERVER_ERROR && KNOWN_CODES.has(code)
      && (originalCode === code || REQUEST_ERROR_CODES.has(code));
    if (expected) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    if (development) return formatted;
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** A depth, alias, cost, directive or token limit: QUERY_TOO_COMPLEX rather than a generic validation failure. */
function tooComplex(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const code = formatted.extensions?.code;
  if (code !== 'GRAPHQL_VALIDATION_FAILED' && code !== 'GRAPHQL_PARSE_FAILED') return null;
  if (!/limit of \d+ exceeded|contains more t\w+ \d+ tokens/i.test(formatted.message)) return null;
  return { message: formatted.message.replace(/^Syntax Error: /, ''), extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } };
}

/** Builds the API: pure (no listening, no migrations), so tests run it in-process. */
export async function createServer(opts: ServerOptions): Promise<Server> {
  const log = opts.log ?? pino({ level: 'silent' });
  const development = opts.development ?? false;
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    csrfPrevention: true,
    introspection: opts.introspection ?? true,
    validationRules: armorRules,
    parseOptions: PARSE_LIMITS,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(log, development),
    plugins: [ApolloServerPluginLandingPageDisabled(), nulGuard],
  });
  await apollo.start();
  const leaseSeconds = opts.leaseSeconds ?? 300;
  const stallSeconds = opts.stallSeconds === undefined ? DEFAULT_STALL_SECONDS : opts.stallSeconds;
  const context = (requestId = 'in-process', authorization?: string): ApiContext =>
    createContext({ db: opts.db, requestId, log: log.child({ requestId }), authorization, leaseSeconds, stallSeconds });
  const cache = opts.responseCache === false ? null : new ResponseCache();
  const handler = createHttpHandler({
    apollo,
    log,
    maxBodyBytes: opts.maxBodyBytes ?? 256 * 1024,
    cache: cache ? { store: cache, version: coalesce(() => findDataVersion(opts.db)) } : undefined,
    context: async (requestId, req) => context(requestId, req.headers.authorization),
    routes: opts.routes,
    ready: async () => {
      await opts.db.execute(sql`select 1`);
      return true;
    },
  });
  return { apollo, handler, context, cache, stop: () => apollo.stop() };
}
