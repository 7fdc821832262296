import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareAudits } from './test/audits';
import { startHarness, type Harness } from './test/harness';

/**
 * The GraphQL over HTTP spec's own audit suite (graphql-http's serverAudits) against the API over
 * HTTP, response cache on, and against a plain Apollo Server in the same run: the API must fail
 * no MUST, and warn on no SHOULD the plain server passes. (limits/hostile.process.test.ts runs the
 * same against a real API process.)
 */
describe('GraphQL over HTTP conformance', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('pglite');
  });
  afterAll(async () => h?.close());

  it('passes every MUST audit and warns on no SHOULD that a plain Apollo Server passes, cached or not', async () => {
    // Twice: the second run is answered from the response cache where it can be.
    const result = await compareAudits(`${h.url}/graphql`, 2);
    expect(result.audits).toBeGreaterThan(30);
    expect(result.failures).toEqual([]);
    expect(result.extraWarnings).toEqual([]);
    expect(result.warnings).toBeLessThanOrEqual(result.plainWarnings);
  });

  it('never answers an application/json client with a cached graphql-response+json answer (issue 15)', async () => {
    const address = (h.http.address() as AddressInfo).port;
    const ask = (accept: string) =>
      fetch(`http://127.0.0.1:${address}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
    expect((await ask('application/graphql-response+json')).headers.get('content-type')).toMatch(
      /graphql-response\+json/,
    );
    expect((await ask('application/json')).headers.get('content-type')).toMatch(/^application\/json/);
  });
});
