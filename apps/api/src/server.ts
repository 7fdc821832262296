import { readFileSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Db } from '@transferboard/db/client';
import { sql } from 'drizzle-orm';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import pino, { type Logger } from 'pino';
import { createLoaders, type ApiContext } from './context';
import { ErrorCode, REQUEST_ERROR_CODES } from './errors';
import { createHttpHandler } from './http';
import { resolvers } from './resolvers/resolvers';

export const typeDefs = readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8');

export interface ServerOptions {
  db: Db;
  log?: Logger;
  maxBodyBytes?: number;
  /** Show unexpected errors' real messages (development only). */
  development?: boolean;
}

export interface Server {
  apollo: ApolloServer<ApiContext>;
  /** node:http request listener: /graphql, /healthz, /readyz. */
  handler: RequestListener;
  /** A context for in-process operations (tests, scripts). */
  context: (requestId?: string) => ApiContext;
  stop: () => Promise<void>;
}

const KNOWN_CODES = new Set<string>([...Object.values(ErrorCode), ...REQUEST_ERROR_CODES]);

/**
 * Expected errors (a GraphQLError with one of our codes, or a malformed request) reach the client
 * as they are; anything else is logged and masked, outside development, so internals never leak.
 */
export function formatError(log: Logger, development: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    const original = unwrapResolverError(error);
    const expected = typeof code === 'string' && KNOWN_CODES.has(code) && (original instanceof GraphQLError || REQUEST_ERROR_CODES.has(code));
    if (expected) {
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL operation');
    if (development) return formatted;
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  };
}

/** Builds the API: pure (no listening, no migrations), so tests run it in-process. */
export async function createServer(opts: ServerOptions): Promise<Server> {
  const log = opts.log ?? pino({ level: 'silent' });
  const development = opts.development ?? false;
  const apollo = new ApolloServer<ApiContext>({
    typeDefs,
    resolvers,
    csrfPrevention: true,
    introspection: true,
    includeStacktraceInErrorResponses: development,
    formatError: formatError(log, development),
    plugins: [ApolloServerPluginLandingPageDisabled()],
  });
  await apollo.start();
  const context = (requestId = 'in-process'): ApiContext => ({ db: opts.db, requestId, log: log.child({ requestId }), loaders: createLoaders(opts.db) });
  const handler = createHttpHandler({
    apollo,
    log,
    maxBodyBytes: opts.maxBodyBytes ?? 256 * 1024,
    context: async (requestId) => context(requestId),
    ready: async () => {
      await opts.db.execute(sql`select 1`);
      return true;
    },
  });
  return { apollo, handler, context, stop: () => apollo.stop() };
}
