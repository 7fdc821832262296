import { describe, expect, it } from 'vitest';
import { coalesce, ResponseCache } from './response-cache';

describe('response cache', () => {
  it('caches only queries that read public data', () => {
    const cache = new ResponseCache();
    expect(cache.keyOf({ query: '{ leaderboard(suite: "x") { rows { rank } } }' })).not.toBeNull();
    expect(cache.keyOf({ query: 'query Q { ...F } fragment F on Query { suites { slug } }' })).not.toBeNull();
    expect(cache.keyOf({ query: '{ suites { slug } submissions { totalCount } }' })).toBeNull();
    expect(cache.keyOf({ query: 'mutation { claimJob(runner: "x") { id } }' })).toBeNull();
    expect(cache.keyOf({ query: '{ suites { slug ' })).toBeNull();
    expect(cache.keyOf({ query: '{ suites { slug } }', extensions: { persistedQuery: {} } })).toBeNull();
    expect(cache.keyOf('text')).toBeNull();
    const a = cache.keyOf({ query: '{ suites { slug } }', variables: { a: 1 } });
    const b = cache.keyOf({ query: '{ suites { slug } }', variables: { a: 2 } });
    expect(a).not.toBe(b);
  });

  it("keys on the Accept header, which picks the response's media type", () => {
    const cache = new ResponseCache();
    const body = { query: '{ suites { slug } }' };
    const json = cache.keyOf(body, 'application/json');
    const graphql = cache.keyOf(body, 'application/graphql-response+json');
    expect(json).not.toBeNull();
    expect(graphql).not.toBe(json);
    expect(cache.keyOf(body, 'Application/JSON ')).toBe(json);
    expect(cache.keyOf(body, undefined)).not.toBe(json);
    expect(cache.keyOf(body, 'x'.repeat(501))).toBeNull();
  });

  it('keys variables in canonical order, so a client building them in another order still hits', () => {
    const cache = new ResponseCache();
    const q = '{ leaderboard(suite: "x") { rows { rank } } }';
    const a = cache.keyOf({ query: q, variables: { suite: 's', filter: { search: 'a', family: 'b' } } });
    const b = cache.keyOf({ query: q, variables: { filter: { family: 'b', search: 'a' }, suite: 's' } });
    expect(a).toBe(b);
    expect(cache.keyOf({ query: q, variables: { list: [1, 2] } })).not.toBe(
      cache.keyOf({ query: q, variables: { list: [2, 1] } }),
    );
  });

  it('refuses (and counts) an entry too large to keep, which is why a whole 2,000-model board never hit', () => {
    const cache = new ResponseCache({ maxBytes: 800 });
    expect(cache.set('small', { version: 1, body: 'x'.repeat(50), headers: [] })).toBe(true);
    expect(cache.set('large', { version: 1, body: 'x'.repeat(200), headers: [] })).toBe(false);
    expect(cache.get('large', 1)).toBeUndefined();
    expect(cache.get('small', 1)).toBeDefined();
    expect(cache.stats).toEqual({ hits: 1, misses: 1, stored: 1, tooLarge: 1, storedBytes: 'small'.length + 50 });
  });

  it('serves an entry only at the version it was built at, and evicts the least recently used', () => {
    const cache = new ResponseCache({ maxEntries: 2 });
    cache.set('a', { version: 1, body: 'A', headers: [] });
    expect(cache.get('a', 1)?.body).toBe('A');
    expect(cache.get('a', 2)).toBeUndefined();
    expect(cache.get('a', 1)).toBeUndefined(); // dropped once stale
    cache.set('x', { version: 1, body: 'X', headers: [] });
    cache.set('y', { version: 1, body: 'Y', headers: [] });
    cache.get('x', 1);
    cache.set('z', { version: 1, body: 'Z', headers: [] });
    expect([cache.get('x', 1)?.body, cache.get('y', 1), cache.get('z', 1)?.body]).toEqual(['X', undefined, 'Z']);
  });

  it('shares version reads among concurrent callers, never reusing one that started before a caller arrived', async () => {
    let reads = 0;
    let version = 1;
    const gates: (() => void)[] = [];
    const read = coalesce(() => {
      reads++;
      const v = version;
      return new Promise<number>((resolve) => gates.push(() => resolve(v)));
    });
    const first = read(); // starts read 1, at version 1
    version = 2; // a write commits while read 1 is in flight
    const second = read();
    const third = read();
    expect(reads).toBe(1);
    gates.shift()!();
    expect(await first).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(reads).toBe(2); // one more read serves both later callers
    gates.shift()!();
    expect([await second, await third]).toEqual([2, 2]);
  });
});
