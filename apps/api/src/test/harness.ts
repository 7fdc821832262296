import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db, DbHandle } from '@transferboard/db/client';
import { createTestDb, type TestDbKind } from '@transferboard/db/testing';
import { createServer, type Server, type ServerOptions } from '../server';

export interface Harness {
  db: DbHandle;
  server: Server;
  http: HttpServer;
  url: string;
  /** Runs an operation in-process and returns data and errors (errors flattened to plain objects). */
  query: <T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ data: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  post: (body: string, headers?: Record<string, string>) => Promise<{ status: number; json: any; headers: Headers }>;
  /** An operation over HTTP, with a token when given. */
  gql: (
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
  ) => Promise<{ status: number; json: any; headers: Headers }>;
  /** SQL statements sent to the database since the harness started (every driver call counts). */
  statements: () => number;
  close: () => Promise<void>;
}

/** Counts the statements drizzle sends, by wrapping the driver's query method (pg Pool or PGlite). */
function countStatements(handle: DbHandle): () => number {
  const client = (handle.db as unknown as { $client: { query: (...args: unknown[]) => Promise<unknown> } }).$client;
  let n = 0;
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    n++;
    return query(...args);
  };
  return () => n;
}

export interface HarnessOptions extends Partial<ServerOptions> {
  /** Extra HTTP routes that need the harness's database (the artifact endpoints). */
  routesFor?: (db: Db) => NonNullable<ServerOptions['routes']>;
}

/** One seeded database, one in-process API, and the same API over HTTP on a loopback port. */
export async function startHarness(kind: TestDbKind, opts: HarnessOptions = {}): Promise<Harness> {
  const db = await createTestDb(kind);
  const statements = countStatements(db);
  const { routesFor, ...serverOpts } = opts;
  // The list sizes are read once, at start, unless a test asks otherwise: a refresh in the
  // background would add a statement to whatever query a test is counting.
  const server = await createServer({
    db: db.db,
    listSizesRefreshMs: Number.POSITIVE_INFINITY,
    ...serverOpts,
    ...(routesFor ? { routes: routesFor(db.db) } : {}),
  });
  const http = createHttpServer(server.handler);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    db,
    server,
    http,
    url,
    query: async (query, variables) => {
      const res = await server.apollo.executeOperation({ query, variables }, { contextValue: server.context() });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      const { data, errors } = res.body.singleResult;
      return {
        data: (data ?? null) as any,
        errors: errors?.map((e) => ({ message: e.message, extensions: e.extensions })),
      };
    },
    post: async (body, headers = { 'content-type': 'application/json' }) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    },
    gql: async (query, variables, token) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null, headers: res.headers };
    },
    statements,
    close: async () => {
      await new Promise((resolve) => http.close(resolve));
      await server.stop();
      await db.close();
    },
  };
}
