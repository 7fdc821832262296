import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { auditServer, type AuditResult } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './test/harness';

const summary = (results: AuditResult[], status: 'warn' | 'error') =>
  results.filter((r) => r.status === status).map((r) => `${r.id} ${r.name}${'reason' in r ? `: ${r.reason}` : ''}`);

/**
 * The GraphQL over HTTP spec's own audit suite (graphql-http's serverAudits) against the real API
 * over HTTP, response cache on, and against a plain Apollo Server in the same run: the API must
 * fail no MUST, and warn on no SHOULD the plain server passes.
 */
describe('GraphQL over HTTP conformance', () => {
  let h: Harness;
  let plain: ApolloServer;
  let plainUrl = '';
  beforeAll(async () => {
    h = await startHarness('pglite');
    plain = new ApolloServer({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });
    plainUrl = (await startStandaloneServer(plain, { listen: { port: 0, host: '127.0.0.1' } })).url;
  });
  afterAll(async () => {
    await plain?.stop();
    await h?.close();
  });

  it('passes every MUST audit and warns on no SHOULD that a plain Apollo Server passes', async () => {
    const ours = await auditServer({ url: `${h.url}/graphql` });
    // Twice: the second run is answered from the response cache where it can be.
    const oursCached = await auditServer({ url: `${h.url}/graphql` });
    const theirs = await auditServer({ url: plainUrl });
    expect(ours.length).toBeGreaterThan(30);
    expect(summary(ours, 'error')).toEqual([]);
    expect(summary(oursCached, 'error')).toEqual([]);
    const theirWarnings = new Set(theirs.filter((r) => r.status === 'warn').map((r) => r.id));
    for (const run of [ours, oursCached]) {
      const extra = run.filter((r) => r.status === 'warn' && !theirWarnings.has(r.id));
      expect(extra.map((r) => `${r.id} ${r.name}`)).toEqual([]);
      expect(summary(run, 'warn').length).toBeLessThanOrEqual(theirWarnings.size);
    }
    expect(summary(theirs, 'error')).toEqual([]);
  });

  it('reproduces the cache bug of issue 15 no more: a cached graphql-response+json answer never reaches an application/json client', async () => {
    const address = (h.http.address() as AddressInfo).port;
    const ask = (accept: string) => fetch(`http://127.0.0.1:${address}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect((await ask('application/graphql-response+json')).headers.get('content-type')).toMatch(/graphql-response\+json/);
    expect((await ask('application/json')).headers.get('content-type')).toMatch(/^application\/json/);
  });
});
