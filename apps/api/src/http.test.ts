import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactRoute } from './artifacts/routes';
import { FsArtifactStore } from './artifacts/fs-store';
import { createToken } from './auth/token-admin';
import { DEFAULT_MAX_COST } from './limits/cost-plugin';
import { fanOutQuery } from './test/hostile-requests';
import { startHarness, type Harness } from './test/harness';
import { UPLOAD_DEFAULTS } from './test/artifact-server';

const REPRO = fanOutQuery(2);
const SHALLOWER = fanOutQuery(1);
const EVERY_RESULT = `{ models(first: 100) { totalCount edges { node { slug results {
  task { slug } metric value ciLow ciHigh source protocolId provenance } } } } }`;
const LEADERBOARD =
  '{ leaderboard(suite: "ssl-transfer-v1") { rows { rank score model { slug } cells { taskSlug value } } } }';

/** Sends a raw request line, for targets fetch() would not send; answers the status code. */
function rawStatus(url: string, requestLine: string): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () =>
      socket.write(`${requestLine}\r\nHost: x\r\nConnection: close\r\n\r\n`),
    );
    let data = '';
    socket.on('data', (chunk) => (data += chunk));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(data)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

describe('HTTP limits and correctness', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-http-'));
    h = await startHarness('pglite', {
      rateLimit: { anonymousPerMinute: 3, tokenPerMinute: 5, trustedProxies: 'loopback' },
      routesFor: (db) => [
        createArtifactRoute({
          db,
          store: new FsArtifactStore(dir),
          log: pino({ level: 'silent' }),
          config: { ...UPLOAD_DEFAULTS, validateMemoryMb: 1024 },
        }),
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses the fan-out query from issue 15 before running it, naming its cost and the limit', async () => {
    const before = h.statements();
    for (const query of [REPRO, SHALLOWER]) {
      const res = await h.gql(query, { n: 100 });
      expect(res.status).toBe(400);
      const error = res.json.errors[0];
      expect(error.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: DEFAULT_MAX_COST });
      expect(error.extensions.cost).toBeGreaterThan(DEFAULT_MAX_COST);
      expect(error.message).toMatch(
        new RegExp(`This query costs \\d+ units, over the limit of ${DEFAULT_MAX_COST} per request`),
      );
      expect(res.json.data).toBeUndefined();
    }
    // Nothing ran: the only statements are the response cache's data-version lookups, one per request.
    expect(h.statements() - before).toBeLessThanOrEqual(2);
  });

  it("answers every model's results, all of them, in one request, and says what it cost", async () => {
    const res = await h.gql(EVERY_RESULT);
    expect(res.status).toBe(200);
    const cost = Number(res.headers.get('x-query-cost'));
    expect(cost).toBeGreaterThan(10_000);
    expect(cost).toBeLessThan(DEFAULT_MAX_COST);
    expect(res.json.errors).toBeUndefined();
    const models = res.json.data.models;
    expect(models.totalCount).toBe(14);
    const total = (await h.gql('{ results(first: 1) { totalCount } }')).json.data.results.totalCount;
    expect(models.edges.reduce((n: number, e: any) => n + e.node.results.length, 0)).toBe(total);
    expect(total).toBeGreaterThan(1000);
  });

  it('stops a request at its time limit with QUERY_TIMEOUT while health checks keep answering', async () => {
    const quick = await startHarness('pglite', { requestTimeoutMs: 2000, rateLimit: false, responseCache: false });
    try {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      // PGlite runs one statement at a time: an open transaction holds every query behind it.
      const hold = quick.db.db.transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        await gate;
      });
      const res = await quick.gql(LEADERBOARD);
      expect(res.status).toBe(503);
      expect(res.json.errors[0].extensions).toMatchObject({ code: 'QUERY_TIMEOUT', limit: 2000 });
      expect(res.json.errors[0].message).toMatch(/longer than its time limit of 2000 ms/);
      expect((await fetch(`${quick.url}/healthz`)).status).toBe(200);
      release();
      await hold;
      const after = await quick.gql(LEADERBOARD);
      expect(after.status).toBe(200);
      expect(after.json.data.leaderboard.rows).toHaveLength(14);
    } finally {
      await quick.close();
    }
  });

  it('replaces a response over the size cap with RESPONSE_TOO_LARGE', async () => {
    const small = await startHarness('pglite', { maxResponseBytes: 10_000, rateLimit: false });
    try {
      const res = await small.gql(LEADERBOARD);
      expect(res.status).toBe(400);
      expect(res.json.errors[0].extensions).toMatchObject({ code: 'RESPONSE_TOO_LARGE', limit: 10_000 });
      expect(res.json.errors[0].extensions.size).toBeGreaterThan(10_000);
      expect((await small.gql('{ suites { slug } }')).status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it("limits each client's rate, answering 429 with Retry-After; a token is its own client", async () => {
    const from = (address: string, extra: Record<string, string> = {}) =>
      fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...extra },
        body: JSON.stringify({ query: '{ suites { slug } }' }),
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await from('203.0.113.7')).status);
    expect(statuses).toEqual([200, 200, 200]);
    const limited = await from('203.0.113.7');
    expect(limited.status).toBe(429);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const body = (await limited.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 3, retryAfter });
    expect(body.errors[0].message).toMatch(/may send 3 per minute/);
    // A forged token buys no fresh allowance; another address and a real token have their own.
    expect((await from('203.0.113.7', { authorization: `Bearer tb_${'f'.repeat(43)}` })).status).toBe(429);
    expect((await from('198.51.100.1')).status).toBe(200);
    const token = (await createToken(h.db.db, { role: 'submitter', name: 'rate' })).token;
    const withToken = await from('203.0.113.7', { authorization: `Bearer ${token}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('ratelimit-limit')).toBe('5');
    // Health checks and the trusted proxy's own requests (loopback, no X-Forwarded-For) are not limited.
    expect((await fetch(`${h.url}/healthz`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(200);
    expect((await h.gql('{ suites { slug } }')).status).toBe(200);
    // The artifact endpoints count too.
    expect((await fetch(`${h.url}/artifacts/x`, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(429);
  });

  it('keys the response cache on the negotiated media type (issue 15)', async () => {
    const ask = (accept: string) =>
      fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query: '{ suites { slug title } }' }),
      });
    const first = await ask('application/graphql-response+json');
    expect(first.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    const plain = await ask('application/json');
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toMatch(/^application\/json/);
    const again = await ask('application/json');
    expect([again.headers.get('x-cache'), again.headers.get('content-type')]).toEqual([
      'hit',
      expect.stringMatching(/^application\/json/),
    ]);
    const rich = await ask('application/graphql-response+json');
    expect([rich.headers.get('x-cache'), rich.headers.get('content-type')]).toEqual([
      'hit',
      expect.stringMatching(/^application\/graphql-response\+json/),
    ]);
  });

  it('never serves a request with an Authorization header from the cache, nor stores its answer', async () => {
    const token = (await createToken(h.db.db, { role: 'runner', name: 'uncached' })).token;
    const ask = () =>
      fetch(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ suites { version } }' }),
      });
    expect((await ask()).headers.get('x-cache')).toBeNull();
    expect((await ask()).headers.get('x-cache')).toBeNull();
  });

  it.each([
    ['GET /artifacts/%E0%A4%A HTTP/1.1'],
    ['GET /artifacts/%ZZ HTTP/1.1'],
    ['GET /%E0%A4%A HTTP/1.1'],
    ['GET /graphql?query=%E0%A4%A HTTP/1.1'],
    ['GET http://[::1 HTTP/1.1'],
    ['GET //artifacts/x HTTP/1.1'],
    ['GET /healthz/%00 HTTP/1.1'],
  ])('answers a malformed request target with 400 or 404, never 500: %s', async (line) => {
    const status = await rawStatus(h.url, line);
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
  });
});
