import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { findDataVersion } from '@transferboard/db/queries/find-data-version';
import { testDbKinds } from '@transferboard/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from './server';
import { startHarness, type Harness } from './test/harness';

/**
 * Leaderboard.rowsPage (issue 19): cursor pages over the view's board, sorted by any column and
 * filtered server-side, checked against the whole board (`rows`) of the same view.
 */

const ROWS = `query($suite: String!, $aggregate: Aggregate) { leaderboard(suite: $suite, aggregate: $aggregate) {
  rowCount families
  rows { rank rankedAmong rankTied basis score source model { slug name family } cells { taskSlug value comparable } }
} }`;
const PAGE = `query($suite: String!, $aggregate: Aggregate, $first: Int, $after: String, $last: Int, $before: String,
  $orderBy: LeaderboardOrder, $filter: LeaderboardRowFilter) {
  leaderboard(suite: $suite, aggregate: $aggregate) {
    rowsPage(first: $first, after: $after, last: $last, before: $before, orderBy: $orderBy, filter: $filter) {
      totalCount offset
      edges { cursor node { rank rankedAmong rankTied basis score source model { slug name family } cells { taskSlug value comparable } } }
      pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    }
  } }`;

interface Row {
  rank: number | null;
  rankedAmong: number | null;
  rankTied: boolean;
  basis: string[];
  score: number | null;
  source: string;
  model: { slug: string; name: string; family: string | null };
  cells: { taskSlug: string; value: number | null; comparable: boolean }[];
}
interface PageData {
  totalCount: number;
  offset: number;
  edges: { cursor: string; node: Row }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

const SUITE = 'ssl-transfer-v1';
const slugs = (rows: Row[]) => rows.map((r) => r.model.slug);

describe.each(testDbKinds)('leaderboard rows, paginated (%s)', (kind) => {
  let h: Harness;
  let all: Row[];

  const page = async (vars: Record<string, unknown>): Promise<PageData> => {
    const res = await h.query<{ leaderboard: { rowsPage: PageData } }>(PAGE, { suite: SUITE, ...vars });
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard.rowsPage;
  };

  beforeAll(async () => {
    h = await startHarness(kind);
    const res = await h.query<{ leaderboard: { rows: Row[]; rowCount: number; families: string[] } }>(ROWS, {
      suite: SUITE,
    });
    all = res.data!.leaderboard.rows;
    expect(res.data!.leaderboard.rowCount).toBe(all.length);
    expect(res.data!.leaderboard.families).toEqual([...new Set(all.map((r) => r.model.family).filter(Boolean))].sort());
  }, 120_000);
  afterAll(async () => h?.close());

  it('pages forward and backward through exactly the rows of the board, in its order', async () => {
    expect(all.length).toBeGreaterThan(10);
    const seen: Row[] = [];
    let after: string | null = null;
    for (;;) {
      const p: PageData = await page({ first: 5, after });
      expect(p.totalCount).toBe(all.length);
      expect(p.offset).toBe(seen.length);
      expect(p.pageInfo.hasPreviousPage).toBe(seen.length > 0);
      seen.push(...p.edges.map((e) => e.node));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(slugs(seen)).toEqual(slugs(all));
    const last = await page({ last: 5 });
    expect(slugs(last.edges.map((e) => e.node))).toEqual(slugs(all.slice(-5)));
    expect([last.offset, last.pageInfo.hasNextPage, last.pageInfo.hasPreviousPage]).toEqual([
      all.length - 5,
      false,
      true,
    ]);
    const before = await page({ last: 5, before: last.pageInfo.startCursor });
    expect(slugs(before.edges.map((e) => e.node))).toEqual(slugs(all.slice(-10, -5)));
    // Ties are marked as the whole board has them.
    const ties = new Map<string, number>();
    for (const r of all)
      if (r.rank !== null) ties.set(`${r.basis}:${r.rank}`, (ties.get(`${r.basis}:${r.rank}`) ?? 0) + 1);
    for (const r of all) expect(r.rankTied).toBe(r.rank !== null && ties.get(`${r.basis}:${r.rank}`)! > 1);
  });

  it('sorts by a task best first (or as asked), missing values last, and by model name', async () => {
    const task = 'linear-aircraft';
    const value = (r: Row) => r.cells.find((c) => c.taskSlug === task)!.value;
    const desc = (await page({ first: 100, orderBy: { column: `task:${task}` } })).edges.map((e) => e.node);
    expect(desc).toHaveLength(all.length);
    const values = desc.map(value).filter((v): v is number => v !== null);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(desc.slice(values.length).every((r) => value(r) === null)).toBe(true);
    const asc = (await page({ first: 100, orderBy: { column: `task:${task}`, direction: 'ASC' } })).edges.map(
      (e) => e.node,
    );
    expect(asc.map(value).filter((v) => v !== null)).toEqual([...values].reverse());
    const byName = (await page({ first: 100, orderBy: { column: 'model' } })).edges.map((e) =>
      e.node.model.name.toLowerCase(),
    );
    expect(byName).toEqual([...byName].sort());
    const byScore = (await page({ first: 100, orderBy: { column: 'score', direction: 'DESC' } })).edges.map(
      (e) => e.node,
    );
    expect(byScore.filter((r) => r.rank !== null).map((r) => r.rank)).toEqual(
      all.filter((r) => r.rank !== null).map((r) => r.rank),
    );
  });

  it('filters rows without changing their ranks', async () => {
    const target = all[all.length - 1]!;
    const needle = target.model.name.slice(0, 4).toUpperCase();
    const found = (await page({ filter: { search: needle } })).edges.map((e) => e.node);
    const expected = all.filter(
      (r) => r.model.name.toLowerCase().includes(needle.toLowerCase()) || r.model.slug.includes(needle.toLowerCase()),
    );
    expect(found.length).toBeGreaterThan(0);
    expect(found.map((r) => [r.model.slug, r.rank])).toEqual(expected.map((r) => [r.model.slug, r.rank]));
    const family = all.find((r) => r.model.family)!.model.family!;
    const inFamily = await page({ filter: { family: family.toUpperCase() } });
    expect(inFamily.totalCount).toBe(all.filter((r) => r.model.family === family).length);
    expect((await page({ filter: { source: 'MEASURED' } })).totalCount).toBe(
      all.filter((r) => r.source === 'MEASURED').length,
    );
    expect((await page({ filter: { search: 'no model is called this' } })).edges).toEqual([]);
  });

  it("reads only the named models' rows, with the whole board's ranks, ties and bases", async () => {
    // A paper model re-measured has two rows (reported and measured); the last row is often unranked.
    const twice = all.find((r, i) => all.findIndex((o) => o.model.slug === r.model.slug) !== i)?.model.slug;
    const named = [...new Set([all[all.length - 1]!.model.slug, all[0]!.model.slug, ...(twice ? [twice] : [])])];
    const p = await page({ filter: { models: [...named.map((m) => m.toUpperCase()), 'no-such-model'] } });
    const expected = all.filter((r) => named.includes(r.model.slug));
    expect(expected.length).toBeGreaterThanOrEqual(named.length);
    expect(p.totalCount).toBe(expected.length);
    expect(p.edges.map((e) => e.node)).toEqual(expected);
    // With another order and filter together: the same rows, in that order.
    const byName = await page({ orderBy: { column: 'model' }, filter: { models: named, source: 'REPORTED' } });
    expect(byName.edges.map((e) => e.node)).toEqual(
      [...expected]
        .filter((r) => r.source === 'REPORTED')
        .sort(
          (a, b) =>
            a.model.name.toLowerCase().localeCompare(b.model.name.toLowerCase()) ||
            (a.rank ?? Infinity) - (b.rank ?? Infinity),
        ),
    );
    expect((await page({ filter: { models: ['no-such-model'] } })).edges).toEqual([]);
    expect((await page({ filter: { models: [] } })).totalCount).toBe(0);
    const res = await h.query(PAGE, { suite: SUITE, filter: { models: all.slice(0, 11).map((r) => r.model.slug) } });
    expect(res.errors?.[0]?.message).toMatch(/"filter.models" names 11 models; give at most 10/);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('says what is wrong with a bad column, cursor or page size', async () => {
    for (const [vars, text] of [
      [{ orderBy: { column: 'task:no-such-task' } }, /Cannot sort by "task:no-such-task"/],
      [{ orderBy: { column: 'DROP TABLE' } }, /Cannot sort by/],
      [{ after: 'bm90IGEgY3Vyc29y' }, /not a cursor this API issued/],
      [{ first: 101 }, /"first" must be between 1 and 100/],
      [{ first: 5, last: 5 }, /not both/],
    ] as const) {
      const res = await h.query(PAGE, { suite: SUITE, ...vars });
      expect(res.errors?.[0]?.message).toMatch(text);
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('builds a view once per data version and shares it between requests', async () => {
    await page({ first: 1, filter: { search: 'a' } }); // this view is built by now
    const builds = h.server.boards.builds;
    await page({ first: 3, orderBy: { column: 'model' } });
    await h.query(ROWS, { suite: SUITE });
    expect(h.server.boards.builds).toBe(builds);
    await page({ first: 1, aggregate: 'MEAN_RANK' });
    expect(h.server.boards.builds).toBe(builds + 1);
    await bumpDataVersion(h.db.db);
    await page({ first: 1 });
    expect(h.server.boards.builds).toBe(builds + 2);
  });

  it('aggregates a large board in a worker thread, and after a write reads only the changed model', async () => {
    // inlineBuildCells 0: this board counts as large. The same database, so the same board.
    const worker = await createServer({ db: h.db.db, inlineBuildCells: 0, listSizesRefreshMs: Infinity });
    const rowsOf = async (server: Server): Promise<Row[]> => {
      const res = await server.apollo.executeOperation(
        { query: ROWS, variables: { suite: SUITE } },
        { contextValue: server.context() },
      );
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      expect(res.body.singleResult.errors).toBeUndefined();
      return (res.body.singleResult.data as { leaderboard: { rows: Row[] } }).leaderboard.rows;
    };
    try {
      expect(await rowsOf(worker)).toEqual(await rowsOf(h.server));
      // A re-measurement as reportResults stores it: the old row superseded, a new current row.
      const task = all[0]!.cells[0]!.taskSlug;
      const [old] = (
        (await h.db.db.execute(sql`select r.id, r.model_id, m.slug from results r join models m on m.id = r.model_id
          where r.superseded_at is null and r.task_slug = ${task} order by m.slug limit 1`)) as unknown as {
          rows: { id: number; model_id: string; slug: string }[];
        }
      ).rows;
      await h.db.db.transaction(async (tx) => {
        await tx.execute(sql`update results set superseded_at = now() where id = ${old!.id}`);
        await tx.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id,
            protocol_version, task_version, provenance)
          select model_id, task_slug, metric, 99.99, source, protocol_id, protocol_version, task_version, '{}'::jsonb
          from results where id = ${old!.id}`);
        await bumpDataVersion(tx as unknown as typeof h.db.db);
      });
      const after = await rowsOf(worker);
      const cell = after.find((r) => r.model.slug === old!.slug)!.cells.find((c) => c.taskSlug === task);
      expect(cell?.value).toBe(99.99);
      expect(after).toEqual(await rowsOf(h.server));
      const version = await findDataVersion(h.db.db);
      const board = await worker.boards.get(JSON.stringify([SUITE, null, null, 'MEAN', null, false]), version, () => {
        throw new Error('the view should be built');
      });
      expect(board.source.loaded).toMatchObject({ full: false, models: 1 });
      expect(board.source.loaded.changed).toHaveLength(1);
    } finally {
      await worker.stop();
    }
  }, 90_000);

  it('answers a repeated page from the response cache', async () => {
    const body = { suite: SUITE, first: 20, orderBy: { column: 'score' } };
    const first = await h.gql(PAGE, body);
    const again = await h.gql(PAGE, { orderBy: { column: 'score' }, first: 20, suite: SUITE });
    expect(first.status).toBe(200);
    expect([first.headers.get('x-cache'), again.headers.get('x-cache')]).toEqual(['miss', 'hit']);
    expect(again.json).toEqual(first.json);
  });

  it("bootstraps a large board's rank intervals in a worker thread: null and pending until done, never stale", async () => {
    // inlineIntervalRows 0: this board counts as large. The same database, so the same board.
    const worker = await createServer({
      db: h.db.db,
      inlineIntervalRows: 0,
      listSizesRefreshMs: Number.POSITIVE_INFINITY,
    });
    type IntervalRow = {
      rank: number | null;
      rankInterval: { low: number; high: number; draws: number } | null;
      rankIntervalPending: boolean;
    };
    const q = `{ leaderboard(suite: "${SUITE}") { rows { rank rankInterval { low high draws } rankIntervalPending } } }`;
    const rowsOf = async (server: Server): Promise<IntervalRow[]> => {
      const res = await server.apollo.executeOperation({ query: q }, { contextValue: server.context() });
      if (res.body.kind !== 'single') throw new Error('expected a single result');
      expect(res.body.singleResult.errors).toBeUndefined();
      return (res.body.singleResult.data as { leaderboard: { rows: IntervalRow[] } }).leaderboard.rows;
    };
    try {
      const inline = await rowsOf(h.server);
      expect(inline.some((r) => r.rankInterval !== null)).toBe(true);
      expect(inline.some((r) => r.rankIntervalPending)).toBe(false);
      let rows = await rowsOf(worker);
      expect(rows.filter((r) => r.rank !== null).every((r) => r.rankIntervalPending && r.rankInterval === null)).toBe(
        true,
      );
      for (let i = 0; i < 600 && rows.some((r) => r.rankIntervalPending); i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        rows = await rowsOf(worker);
      }
      expect(rows.map((r) => r.rankInterval)).toEqual(inline.map((r) => r.rankInterval));
      expect(rows.some((r) => r.rankIntervalPending)).toBe(false);
    } finally {
      await worker.stop();
    }
  }, 90_000);
});
