import { createTestDb } from '@transferboard/db/testing';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer } from './server';

describe('error masking', () => {
  it('masks unexpected errors outside development and logs them', async () => {
    const db = await createTestDb('pglite', { seed: false });
    const lines: string[] = [];
    const log = pino({ level: 'error' }, { write: (line: string) => lines.push(line) });
    const server = await createServer({ db: db.db, log });
    await db.close(); // every query now fails with a driver error nobody expected
    const res = await server.apollo.executeOperation(
      { query: '{ suites { slug } }' },
      { contextValue: server.context() },
    );
    const errors = res.body.kind === 'single' ? res.body.singleResult.errors : undefined;
    expect(errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(errors)).not.toMatch(/closed|PGlite|stack/i);
    expect(lines.join('')).toMatch(/unexpected error in a GraphQL operation/);
    await server.stop();
  });
});
