import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getIntrospectionQuery } from 'graphql';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArtifactRoute } from './artifacts/routes';
import { FsArtifactStore } from './artifacts/fs-store';
import { hostileRequests, type HostileRequest } from './test/hostile-requests';
import { startHarness, type Harness } from './test/harness';
import { UPLOAD_DEFAULTS } from './test/artifact-server';

const COUNT = 2000;
const CONCURRENCY = 8;

async function send(url: string, r: HostileRequest): Promise<{ status: number; text: string }> {
  // fetch() would normalise a broken path; send it as a hostile client would.
  const target = `${url}${r.path ?? '/graphql'}${r.search ?? ''}`;
  const res = await fetch(target, { method: r.method, headers: r.headers, body: r.body });
  return { status: res.status, text: await res.text() };
}

describe('hostile requests (seeded fuzz over loopback)', () => {
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tb-fuzz-'));
    // Requests from loopback are the trusted proxy's own: not rate limited, so every request reaches the API.
    h = await startHarness('pglite', {
      routesFor: (db) => [
        createArtifactRoute({
          db,
          store: new FsArtifactStore(dir),
          log: pino({ level: 'silent' }),
          config: { ...UPLOAD_DEFAULTS, maxBytes: 64 * 1024, validateMemoryMb: 1024 },
        }),
      ],
    });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const title = `answers ${COUNT} malformed or hostile requests with 4xx-class errors, never a 5xx, then still serves`;
  it(title, { timeout: 300_000 }, async () => {
    const requests = hostileRequests(COUNT, 20211130);
    const failures: string[] = [];
    const kinds = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const r = requests[next++]!;
          kinds.add(r.kind);
          const { status, text } = await send(h.url, r);
          if (status >= 500) failures.push(`${r.kind}: ${status} ${text.slice(0, 200)}`);
          if (r.method === 'HEAD') continue;
          let body: any = null;
          try {
            body = JSON.parse(text);
          } catch {
            failures.push(`${r.kind}: ${status} not JSON: ${text.slice(0, 100)}`);
            continue;
          }
          if (r.path && r.path !== '/graphql') {
            // The artifact and health routes answer { error, code } or { status }.
            if (status >= 400 && status !== 404 && typeof body.code !== 'string') {
              failures.push(`${r.kind}: ${status} without a code: ${text.slice(0, 100)}`);
            }
            continue;
          }
          const errors: any[] = body.errors ?? [];
          if (status >= 400 && errors.length === 0 && status !== 404)
            failures.push(`${r.kind}: ${status} without errors`);
          for (const e of errors) {
            const code = e?.extensions?.code;
            if (typeof code !== 'string' || code === 'INTERNAL_SERVER_ERROR')
              failures.push(`${r.kind}: error code ${code}: ${String(e?.message).slice(0, 150)}`);
            if (/\bat .*\.(ts|js):\d+/.test(JSON.stringify(e)))
              failures.push(`${r.kind}: a stack trace reached the client`);
          }
        }
      }),
    );
    expect(failures.slice(0, 10)).toEqual([]);
    expect(kinds.size).toBeGreaterThanOrEqual(45);
    const covered = ['fan-out', 'fan-out with aliases', 'fan-out through fragments', 'artifact path', 'health route'];
    for (const kind of covered) {
      expect(kinds).toContain(kind);
    }
    const health = await fetch(`${h.url}/healthz`);
    expect(health.status).toBe(200);
    const ok = await h.gql('{ leaderboard(suite: "ssl-transfer-v1") { rows { rank model { slug } } } }');
    expect(ok.status).toBe(200);
    expect(ok.json.data.leaderboard.rows).toHaveLength(14);
  });

  it.each([
    [
      'depth',
      `{ ${'submissions { edges { node { job { submission { '.repeat(4)} id ${'} } } } }'.repeat(4)} }`,
      /Query depth limit of 15 exceeded/,
    ],
    [
      'aliases',
      `{ ${Array.from({ length: 31 }, (_, i) => `a${i}: suites { slug }`).join(' ')} }`,
      /Aliases limit of 30 exceeded/,
    ],
    ['directives', `{ suites ${'@include(if: true) '.repeat(51)}{ slug } }`, /Directives limit of 50 exceeded/],
    ['tokens', `{ ${'suites { slug } '.repeat(1300)} }`, /more th\w+ 5000 tokens/],
  ])('rejects a %s bomb with QUERY_TOO_COMPLEX (400)', async (_what, query, message) => {
    const res = await h.gql(query);
    expect(res.status).toBe(400);
    expect(res.json.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.json.errors[0].message).toMatch(message);
  });

  it('admits the standard introspection query', async () => {
    const res = await h.gql(getIntrospectionQuery());
    expect(res.status).toBe(200);
    expect(res.json.data.__schema.queryType.name).toBe('Query');
  });
});
