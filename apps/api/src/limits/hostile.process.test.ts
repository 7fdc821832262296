import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOutQuery } from '../test/hostile-requests';
import { startApiProcess, type ApiProcess } from '../test/api-process';
import { compareAudits } from '../test/audits';
import { DEFAULT_MAX_COST } from './cost-plugin';

const LARGEST = `{ models(first: 100) { edges { node { results { task { slug title category dataset numClasses
  primaryMetric higherIsBetter secondaryMetrics version protocol { id version description params }
  paperProtocol { id version description params } }
  metric value ciLow ciHigh source protocolId protocolVersion provenance model { slug name } } } } } }`;

/**
 * Issue 15's reproduction against a real API process, as `npm start` runs it, with a heap of only
 * 256 MB: the fan-out query that once exhausted the heap is refused at once, and a burst of the
 * largest queries the budget admits, sent together with it, leaves the API up and serving. The
 * same process then passes the GraphQL over HTTP audits.
 */
describe('the API under the fan-out query of issue 15 (real process)', () => {
  let api: ApiProcess;
  const post = (body: unknown) =>
    fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  beforeAll(async () => {
    api = await startApiProcess({}, ['--max-old-space-size=256']);
  });
  afterAll(async () => api?.stop());

  it('refuses the reproduction ($n = 100) and the shallower variant with their cost and the limit', async () => {
    for (const depth of [2, 1]) {
      const res = await post({ query: fanOutQuery(depth), variables: { n: 100 } });
      expect(res.status).toBe(400);
      const { errors } = (await res.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(errors[0]!.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: DEFAULT_MAX_COST });
      expect(errors[0]!.extensions.cost).toBeGreaterThan(DEFAULT_MAX_COST);
    }
  });

  it('stays up through 20 hostile requests at once, the largest admissible ones among them', async () => {
    const burst = Array.from({ length: 20 }, (_, i) =>
      // Unique text, so the response cache answers none of them.
      post(i % 2 ? { query: `${fanOutQuery(2)} # ${i}`, variables: { n: 100 } } : { query: `${LARGEST} # ${i}` }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as any }),
      ),
    );
    const health = await fetch(`${api.url}/healthz`);
    expect(health.status).toBe(200);
    const answers = await Promise.all(burst);
    for (const [i, { status, body }] of answers.entries()) {
      if (i % 2) expect([status, body.errors[0].extensions.code]).toEqual([400, 'QUERY_TOO_COMPLEX']);
      // Answered in full, or stopped at the time limit when the burst queued it too long: never a crash.
      else if (status === 200) expect(body.data.models.edges).toHaveLength(14);
      else expect([status, body.errors[0].extensions.code]).toEqual([503, 'QUERY_TIMEOUT']);
    }
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    expect(api.alive()).toBe(true);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    const after = await post({ query: '{ leaderboard(suite: "ssl-transfer-v1") { rows { rank model { slug } } } }' });
    expect(after.status).toBe(200);
    expect(((await after.json()) as any).data.leaderboard.rows).toHaveLength(14);
  });

  it('passes the GraphQL over HTTP audits as npm start runs it, warning on nothing plain Apollo passes', async () => {
    const result = await compareAudits(`${api.url}/graphql`);
    expect(result.failures).toEqual([]);
    expect(result.extraWarnings).toEqual([]);
  });
});
