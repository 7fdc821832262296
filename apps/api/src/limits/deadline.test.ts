import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test/harness';

/** Once a request's signal is aborted (its deadline passed, or its client left), nothing more of it runs. */
describe('the execution deadline', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('pglite', { responseCache: false });
  });
  afterAll(async () => h?.close());

  it('runs no resolver, and sends no statement, for a request whose deadline has passed', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = h.statements();
    const res = await h.server.apollo.executeOperation(
      { query: '{ leaderboard(suite: "ssl-transfer-v1") { rows { rank } } }' },
      { contextValue: h.server.context('deadline', undefined, controller.signal) },
    );
    expect(res.body.kind === 'single' && res.body.singleResult.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(h.statements() - before).toBe(0);
  });

  it('stops a running request at the next field once its deadline passes', async () => {
    const controller = new AbortController();
    const query = '{ models(first: 14) { edges { node { slug results { value task { slug } } } } } }';
    const pending = h.server.apollo.executeOperation(
      { query },
      { contextValue: h.server.context('deadline', undefined, controller.signal) },
    );
    controller.abort(); // during execution: the first batch has not been delivered yet
    const res = await pending;
    const body = res.body.kind === 'single' ? res.body.singleResult : null;
    expect(body?.errors?.[0]?.extensions?.code).toBe('QUERY_TIMEOUT');
    expect(body?.data ?? null).toBeNull();
  });
});
