import { testDbKinds } from '@transferboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../test/harness';

/** Task.ranking's entriesPage: cursor pages over exactly the entries `entries` lists, in its order. */
const TASK = 'linear-aircraft';
const ALL = `query($source: ResultSource) { task(slug: "${TASK}") { ranking(source: $source) {
  entries { model { slug } source protocolId rank } } } }`;
const PAGE = `query($source: ResultSource, $first: Int, $after: String, $last: Int, $before: String) {
  task(slug: "${TASK}") { ranking(source: $source) {
    entriesPage(first: $first, after: $after, last: $last, before: $before) {
      totalCount offset edges { cursor node { model { slug } source protocolId rank } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } } }`;

interface Entry {
  model: { slug: string };
  source: string;
  protocolId: string;
  rank: number;
}
interface EntryPage {
  totalCount: number;
  offset: number;
  edges: { cursor: string; node: Entry }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

describe.each(testDbKinds)('Task.ranking, paginated (%s)', (kind) => {
  let h: Harness;
  let all: Entry[];
  const page = async (vars: Record<string, unknown>): Promise<EntryPage> => {
    const res = await h.query<{ task: { ranking: { entriesPage: EntryPage } } }>(PAGE, vars);
    expect(res.errors).toBeUndefined();
    return res.data!.task.ranking.entriesPage;
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    all = (await h.query<{ task: { ranking: { entries: Entry[] } } }>(ALL, {})).data!.task.ranking.entries;
  }, 120_000);
  afterAll(async () => h?.close());

  it('pages forward and backward through exactly the ranking, in its order', async () => {
    expect(all.length).toBeGreaterThan(8);
    const seen: Entry[] = [];
    let after: string | null = null;
    for (;;) {
      const p: EntryPage = await page({ first: 4, after });
      expect([p.totalCount, p.offset, p.pageInfo.hasPreviousPage]).toEqual([all.length, seen.length, seen.length > 0]);
      seen.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(all);
    const last = await page({ last: 4 });
    expect(last.edges.map((e) => e.node)).toEqual(all.slice(-4));
    expect([last.offset, last.pageInfo.hasNextPage, last.pageInfo.hasPreviousPage]).toEqual([
      all.length - 4,
      false,
      true,
    ]);
    const before = await page({ last: 4, before: last.pageInfo.startCursor });
    expect(before.edges.map((e) => e.node)).toEqual(all.slice(-8, -4));
    // Without arguments: the first 100.
    expect((await page({})).edges.map((e) => e.node)).toEqual(all.slice(0, 100));
  });

  it('keeps the source argument: a page of one source is a page of that ranking', async () => {
    const reported = (await h.query<{ task: { ranking: { entries: Entry[] } } }>(ALL, { source: 'REPORTED' })).data!
      .task.ranking.entries;
    const p = await page({ source: 'REPORTED', first: 3 });
    expect(p.totalCount).toBe(reported.length);
    expect(p.edges.map((e) => e.node)).toEqual(reported.slice(0, 3));
  });

  it('says what is wrong with a bad cursor or page size', async () => {
    for (const [vars, text] of [
      [{ after: 'bm90IGEgY3Vyc29y' }, /not a cursor this API issued/],
      [{ first: 101 }, /"first" must be between 1 and 100/],
      [{ first: 2, last: 2 }, /not both/],
    ] as const) {
      const res = await h.query(PAGE, vars);
      expect(res.errors?.[0]?.message).toMatch(text);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});
