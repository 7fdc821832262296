import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbHandle } from '@transferboard/db/client';
import { createTestDb, type TestDbKind } from '@transferboard/db/testing';
import { createServer, type Server } from '../server';

export interface Harness {
  db: DbHandle;
  server: Server;
  http: HttpServer;
  url: string;
  /** Runs an operation in-process and returns data and errors (errors flattened to plain objects). */
  query: <T = Record<string, any>>(query: string, variables?: Record<string, unknown>) => Promise<{ data: T | null; errors?: { message: string; extensions?: Record<string, unknown> }[] }>;
  post: (body: string, headers?: Record<string, string>) => Promise<{ status: number; json: any }>;
  close: () => Promise<void>;
}

/** One seeded database, one in-process API, and the same API over HTTP on a loopback port. */
export async function startHarness(kind: TestDbKind): Promise<Harness> {
  const db = await createTestDb(kind);
  const server = await createServer({ db: db.db });
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
      return { data: (data ?? null) as any, errors: errors?.map((e) => ({ message: e.message, extensions: e.extensions })) };
    },
    post: async (body, headers = { 'content-type': 'application/json' }) => {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers, body });
      const text = await res.text();
      return { status: res.status, json: text ? JSON.parse(text) : null };
    },
    close: async () => {
      await new Promise((resolve) => http.close(resolve));
      await server.stop();
      await db.close();
    },
  };
}
