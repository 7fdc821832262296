import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';
import { seedGrowthModels } from './growth-seed';
import { startStack, type Stack } from './stack';

/**
 * Issue 19 in the browser: `/` shows one page of the view with plain pagination links, sorting
 * and filtering are the API's, exports carry every row of the view, and a second render of the
 * same view is answered from the API's response cache. On a board of 1,014 rows, the model and
 * compare pages read only their models' rows.
 */

const modelOrder = (page: Page) =>
  page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

interface CacheStats {
  hits: number;
  misses: number;
  stored: number;
  tooLarge: number;
  /** The bytes of every response stored (key and body). */
  storedBytes: number;
}

/** The API's response-cache counters, over its control socket (GET /cache). */
function cacheStats(dataDir: string): Promise<CacheStats> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: join(dataDir, 'api.sock'), path: '/cache' }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(JSON.parse(text) as CacheStats));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('leaderboard pages, sort, filter and exports through the web', () => {
  let browser: Browser;
  let page: Page;
  const webUrl = inject('webUrl');
  const dataDir = inject('dataDir');
  let full: string[];

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(webUrl);
    full = (await modelOrder(page)) as string[];
  });
  afterAll(async () => browser?.close());

  it('renders the same view twice: every request of the second render is a cache hit', async () => {
    const url = `${webUrl}/?suite=ssl-transfer-v1&q=o&sort=task%3Alinear-aircraft&dir=desc&per=5`;
    const before = await cacheStats(dataDir);
    expect((await fetch(url)).status).toBe(200);
    const mid = await cacheStats(dataDir);
    expect((await fetch(url)).status).toBe(200);
    const after = await cacheStats(dataDir);
    const firstMisses = mid.misses - before.misses;
    expect(firstMisses).toBeGreaterThanOrEqual(1);
    expect(mid.stored - before.stored).toBe(firstMisses);
    expect(after.misses - mid.misses).toBe(0);
    expect(after.hits - mid.hits).toBe(firstMisses);
  });

  it('shows one page at a time with first, previous, next and last links', async () => {
    expect(full).toHaveLength(14);
    await page.goto(`${webUrl}/?per=5`);
    expect(await modelOrder(page)).toEqual(full.slice(0, 5));
    await expect.poll(() => page.locator('nav.pagination').textContent()).toContain('Rows 1–5 of 14');
    await page.getByRole('link', { name: 'Next ›' }).click();
    await page.waitForURL(/after=/);
    expect(await modelOrder(page)).toEqual(full.slice(5, 10));
    await page.getByRole('link', { name: 'Last »' }).click();
    await page.waitForURL(/page=last/);
    expect(await modelOrder(page)).toEqual(full.slice(-5));
    expect(await page.getByRole('link', { name: 'Next ›' }).count()).toBe(0);
    await page.getByRole('link', { name: '‹ Previous' }).click();
    await page.waitForURL(/before=/);
    expect(await modelOrder(page)).toEqual(full.slice(-10, -5));
    await page.getByRole('link', { name: '« First' }).click();
    expect(await modelOrder(page)).toEqual(full.slice(0, 5));
  });

  it('sorts and filters across pages on the server, and a sort starts again at page one', async () => {
    await page.goto(`${webUrl}/?sort=task%3Alinear-aircraft&dir=desc`);
    const sorted = (await modelOrder(page)) as string[];
    await page.goto(`${webUrl}/?per=5&after=${encodeURIComponent('cm93OjQ')}`); // a cursor the API issued (row 5)
    await page.getByRole('link', { name: 'Aircraft', exact: true }).click();
    await page.waitForURL(/sort=task%3Alinear-aircraft&dir=desc&per=5$/);
    expect(await modelOrder(page)).toEqual(sorted.slice(0, 5));
    await page.goto(`${webUrl}/?per=5&family=contrastive`);
    const contrastive = await modelOrder(page);
    await expect.poll(() => page.locator('.downloads').textContent()).toMatch(/of 14 in the view/);
    expect(contrastive.length).toBeGreaterThan(0);
    expect(contrastive.every((m) => full.includes(m!))).toBe(true);
    // Sorted by a task, then switched to a category without it: the view's own order, not an error.
    await page.goto(`${webUrl}/?category=LINEAR&sort=task%3Adense-nyuv2-normals&dir=asc`);
    expect(await page.locator('tbody tr').count()).toBe(14);
    expect(await page.locator('.error-box').count()).toBe(0);
  });

  it('exports every row of the view in its order, whatever the page size', async () => {
    await page.goto(`${webUrl}/?sort=model&dir=asc`);
    const byName = await modelOrder(page);
    const csv = await (await fetch(`${webUrl}/export?sort=model&dir=asc&per=5&format=csv`)).text();
    const slugs = csv
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',')[3]);
    expect(slugs).toEqual(byName);
    const json = (await (await fetch(`${webUrl}/export?sort=model&dir=asc&per=5&format=json`)).json()) as {
      rows: { model: { slug: string } }[];
    };
    expect(json.rows.map((r) => r.model.slug)).toEqual(byName);
  });

  it('pages without client JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${webUrl}/?per=5`);
    await noJs.getByRole('link', { name: 'Next ›' }).click();
    await noJs.waitForURL(/after=/);
    expect(await modelOrder(noJs)).toEqual(full.slice(5, 10));
    await context.close();
  });
});

const GROWTH = 1_000;
/** The row fields the model and compare pages read (apps/web/src/lib/view-rows.ts). */
const PAGE_ROW_FIELDS = `rank rankedAmong basis score source rankInterval { low high draws } rankIntervalPending
  model { slug name family imagenetTop1 cost { parameters gflopsPerImage imagesPerSecond device precision } }
  categoryScores { category score rank rankedAmong comparable protocols { id version } tasksWithResults tasks }
  cells { taskSlug value ciLow ciHigh protocolId protocolVersion comparable rank rankedAmong stale staleReason }
  completeness { tasksWithResults tasks }`;

/** What the API says, as a client outside the web asks it. */
async function api<T>(stack: Stack, query: string): Promise<{ data?: T; errors?: { message: string }[] }> {
  const res = await fetch(stack.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await res.json()) as { data?: T; errors?: { message: string }[] };
}

/**
 * A page rendered twice: the first render's responses all fit the cache, the second's all hit it.
 * Returns the bytes of the responses the first render stored: what the page asked the API for.
 */
async function renderTwice(stack: Stack, url: string, render: () => Promise<void>): Promise<number> {
  const before = await cacheStats(stack.dataDir);
  await render();
  const mid = await cacheStats(stack.dataDir);
  expect((await fetch(url)).status).toBe(200);
  const after = await cacheStats(stack.dataDir);
  const misses = mid.misses - before.misses;
  // Every response the page asked for was small enough to keep (the whole board at 10,000 rows is not).
  expect(mid.tooLarge - before.tooLarge).toBe(0);
  expect(mid.stored - before.stored).toBe(misses);
  expect(after.misses - mid.misses).toBe(0);
  expect(after.hits - mid.hits).toBeGreaterThan(0);
  return mid.storedBytes - before.storedBytes;
}

// Seeding a board this large writes to the stack's database: PostgreSQL only (npm test starts one).
describe.skipIf(!process.env.TEST_DATABASE_URL)(`model and compare pages on a board of ${GROWTH + 14} rows`, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  type Ranked = { model: { slug: string }; rank: number | null; rankedAmong: number | null; source: string };
  const rowsOf = async (slugs: string[]): Promise<Ranked[]> => {
    const res = await api<{ leaderboard: { rowsPage: { edges: { node: Ranked }[] } } }>(
      stack,
      `{ leaderboard(suite: "ssl-transfer-v1") { rowsPage(filter: { models: ${JSON.stringify(slugs)} }) {
        edges { node { model { slug } rank rankedAmong source } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.leaderboard.rowsPage.edges.map((e) => e.node);
  };

  beforeAll(async () => {
    stack = await startStack();
    await seedGrowthModels(stack.databaseUrl!, GROWTH);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  /** The bytes of the whole view's rows with the fields these pages show, a page of 100 at a time. */
  let wholeBoardBytes = 0;
  it('the view has every seeded row', async () => {
    let after: string | null = null;
    let rows = 0;
    do {
      const res: Response = await fetch(stack.apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `{ leaderboard(suite: "ssl-transfer-v1") { rowsPage(first: 100, after: ${JSON.stringify(after)})
          { edges { node { ${PAGE_ROW_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
        }),
      });
      const text: string = await res.text();
      wholeBoardBytes += Buffer.byteLength(text);
      const connection: { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } =
        JSON.parse(text).data.leaderboard.rowsPage;
      rows += connection.edges.length;
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    expect(rows).toBe(GROWTH + 14);
  });

  it("model page: the model's rows, ranked among the whole view, from small cached responses", async () => {
    const [row] = await rowsOf(['growth-7']);
    expect(row!.rank).not.toBeNull();
    expect(row!.rankedAmong).toBeGreaterThan(GROWTH);
    const url = `${stack.webUrl}/models/growth-7`;
    const bytes = await renderTwice(stack, url, async () => {
      await page.goto(url);
    });
    // The model, its submissions and its rows: not the whole board (as this page read it before).
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(wholeBoardBytes / 10);
    expect(await page.locator('figure[data-source="MEASURED"] [data-col="overall"]').textContent()).toContain(
      `overall rank ${row!.rank} of ${row!.rankedAmong}`,
    );
    expect(await page.locator('figure[data-source]').count()).toBe(1);
  });

  it('compare page: the chosen models in order, unknown slugs named, a typed slug added', async () => {
    const wanted = ['growth-7', 'swav', `growth-${GROWTH}`];
    const expected = await rowsOf(wanted);
    const url = `${stack.webUrl}/compare?models=${wanted.join(',')}`;
    const bytes = await renderTwice(stack, url, async () => {
      await page.goto(url);
    });
    // Three models' rows and three lookups: not the whole board nor every model (as it read before).
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThan(wholeBoardBytes / 10);
    const summary = page.locator('table.compare-summary tbody tr');
    expect(await summary.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')))).toEqual(wanted);
    for (const slug of wanted) {
      const r = expected.find((e) => e.model.slug === slug)!;
      expect(
        await page.locator(`table.compare-summary tr[data-model="${slug}"] td[data-col="rank"]`).textContent(),
      ).toMatch(new RegExp(`^${r.rank} of ${r.rankedAmong}`));
    }
    expect(await page.locator('table.compare-tasks tbody tr').count()).toBe(25);
    await page.getByLabel('Model 4').fill('growth-12');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/models=growth-7&models=swav&models=growth-1000&models=growth-12/);
    expect(await summary.count()).toBe(4);
    await page.goto(`${stack.webUrl}/compare?models=growth-7,growth-99999`);
    expect(await page.locator('.error-box[role=alert]').textContent()).toContain('Unknown model "growth-99999"');
  });

  it('the leaderboard `/` stays under 300 kB of HTML: one page of rows, whatever the board', async () => {
    const res = await fetch(`${stack.webUrl}/`);
    expect(res.status).toBe(200);
    expect(Buffer.byteLength(await res.text())).toBeLessThan(300 * 1024);
  });

  /** The points a scatter asks for (the web's SCATTER_POINTS, apps/web/src/lib/correlation.ts). */
  const SCATTER_POINTS = 100;

  it('analysis page: bounded scatters with an "N of M" caption, coefficients over all, bounded HTML', async () => {
    const res = await api<{ correlation: { n: number; pointCount: number; coefficient: number | null } }>(
      stack,
      '{ correlation(suite: "ssl-transfer-v1", group: "linear", method: PEARSON) { n pointCount coefficient } }',
    );
    expect(res.errors).toBeUndefined();
    const { n, pointCount } = res.data!.correlation;
    expect(pointCount).toBe(n);
    const url = `${stack.webUrl}/analysis`;
    const html = await (await fetch(url)).text();
    // Bounded whatever the board's size: at most SCATTER_POINTS per scatter and 300 rows per cost
    // chart (447 kB measured at 1,014 rows; 1.25 MB with 500 points per scatter). The issue's
    // 300 kB target is the leaderboard's (`/`), checked next.
    expect(Buffer.byteLength(html)).toBeLessThan(512 * 1024);
    await page.goto(url);
    expect(await page.locator('.error-box[role=alert]').count()).toBe(0);
    expect(await page.locator('section[aria-labelledby=scatter] figure[data-group] svg').count()).toBeGreaterThan(0);
    // The table's Models column is the API's n, over every point.
    expect(await page.locator('tr[data-group="linear"] td').nth(2).textContent()).toBe(String(n));
    const caption = page.getByTestId('linear-shown');
    if (pointCount > SCATTER_POINTS) {
      expect(await caption.textContent()).toContain(
        `${SCATTER_POINTS} of ${pointCount.toLocaleString('en')} models shown`,
      );
    } else {
      expect(await caption.count()).toBe(0);
    }
    // The cost charts: bounded pages of the board, saying how many of its rows they show.
    expect(await page.getByTestId('cost-shown').textContent()).toMatch(/of 1,014 rows shown/);
  });
});
