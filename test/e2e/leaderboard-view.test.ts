import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';

const modelOrder = (page: Page) =>
  page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

interface ApiRow {
  rank: number | null;
  model: { slug: string };
  cells: { taskSlug: string; value: number | null; ciLow: number | null; ciHigh: number | null }[];
}

async function apiLeaderboard(apiUrl: string, suite: string): Promise<{ tasks: { slug: string }[]; rows: ApiRow[] }> {
  const response = await fetch(apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'query($suite: String!) { leaderboard(suite: $suite) { tasks { slug } rows { rank model { slug } cells { taskSlug value ciLow ciHigh } } } }',
      variables: { suite },
    }),
  });
  return ((await response.json()) as { data: { leaderboard: { tasks: { slug: string }[]; rows: ApiRow[] } } }).data
    .leaderboard;
}

function parseCsv(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trim().split('\r\n');
  const names = header!.split(',');
  // The leaderboard's fields hold no commas or quotes (slugs, names, numbers).
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
}

describe('leaderboard view: filters, URL state, exports', () => {
  let browser: Browser;
  let page: Page;
  const webUrl = inject('webUrl');
  const apiUrl = inject('apiUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  });
  afterAll(async () => browser?.close());

  it('filters by search and family through the GET form, and the URL restores the view', async () => {
    await page.goto(webUrl);
    await page.getByLabel('Search models').fill('moco');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=moco/);
    expect(await modelOrder(page)).toEqual(['moco-v2', 'moco-v1']);
    await page.getByLabel('Search models').fill('');
    await page.getByLabel('Family').selectOption('clustering');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/family=clustering/);
    const clustering = await modelOrder(page);
    expect(clustering).toContain('swav');
    expect(clustering).not.toContain('moco-v2');
    // A shared link restores filters, aggregate and sort, form controls included.
    const shared = `${webUrl}/?suite=ssl-transfer-v1&aggregate=MEAN_RANK&family=clustering&sort=task%3Adense-nyuv2-normals&dir=asc`;
    const fresh = await browser.newPage();
    await fresh.goto(shared);
    expect(await fresh.getByLabel('Aggregate').inputValue()).toBe('MEAN_RANK');
    expect(await fresh.getByLabel('Family').inputValue()).toBe('clustering');
    expect(await fresh.locator('th[aria-sort="ascending"]').textContent()).toContain('NYUv2');
    const order = await modelOrder(fresh);
    expect(order.length).toBe(clustering.length);
    expect(order[0]).toBe('deepcluster-v2');
    await fresh.close();
  });

  it('switches suite, aggregate, category and source, keeping the rest of the view', async () => {
    await page.goto(`${webUrl}/?q=s`);
    await page.getByLabel('Suite', { exact: true }).selectOption('ssl-transfer-cvpr');
    await page.getByLabel('Category').selectOption('FINETUNE');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/suite=ssl-transfer-cvpr.*category=FINETUNE.*q=s/);
    expect(await page.locator('thead tr').nth(1).locator('th').count()).toBe(3 + 1 + 11);
    await page.goto(`${webUrl}/?source=MEASURED`);
    // A fresh database has no measured results: the page says so rather than showing an empty table.
    expect(await page.locator('tbody tr').count()).toBe(0);
    await page.goto(`${webUrl}/?aggregate=MEAN_RANK`);
    expect(await page.locator('thead').textContent()).toContain('Mean rank');
    await screenshot(page, 'leaderboard-mean-rank');
  });

  it('shows completeness and rank intervals, and colours each column from worst to best', async () => {
    await page.goto(webUrl);
    expect(await page.locator('tbody .badge.complete').count()).toBe(14);
    // Rank intervals come from the API's bootstrap; every ranked row has one that contains its rank.
    const intervals = await page.locator('tbody td[data-col="rank"]').allTextContents();
    for (const text of intervals) {
      const [, rank, low, high] = /^=?(\d+)\[(\d+)–(\d+)\]$/.exec(text) ?? [];
      expect(Number(low), text).toBeLessThanOrEqual(Number(rank));
      expect(Number(high), text).toBeGreaterThanOrEqual(Number(rank));
    }
    const aircraft = (model: string) => page.locator(`tr[data-model="${model}"] td[data-task="linear-aircraft"]`);
    const lightness = async (model: string) => {
      const rgb = await aircraft(model).evaluate((td) => getComputedStyle(td).backgroundColor);
      return (rgb.match(/\d+/g) ?? [])
        .slice(0, 3)
        .map(Number)
        .reduce((a, b) => a + b, 0);
    };
    expect(await aircraft('deepcluster-v2').getAttribute('class')).toContain('c9'); // the best
    expect(await aircraft('pcl-v1').getAttribute('class')).toContain('c0'); // the worst
    expect(await lightness('deepcluster-v2')).toBeLessThan(await lightness('moco-v2'));
    expect(await lightness('moco-v2')).toBeLessThan(await lightness('pcl-v1'));
  });

  it('downloads exactly the current view as CSV, equal to the GraphQL data', async () => {
    await page.goto(`${webUrl}/?sort=task%3Alinear-aircraft&dir=asc&family=contrastive`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    const csv = parseCsv(readFileSync((await download.path())!, 'utf8'));
    expect(csv.map((r) => r.model_slug)).toEqual(await modelOrder(page));
    const api = await apiLeaderboard(apiUrl, 'ssl-transfer-v1');
    for (const line of csv) {
      const row = api.rows.find((r) => r.model.slug === line.model_slug)!;
      expect(line.rank).toBe(String(row.rank ?? ''));
      for (const cell of row.cells) {
        expect(line[cell.taskSlug]).toBe(cell.value === null ? '' : String(cell.value));
        expect(line[`${cell.taskSlug}_ci_low`]).toBe(cell.ciLow === null ? '' : String(cell.ciLow));
      }
    }
    expect(Object.keys(csv[0]!).filter((k) => api.tasks.some((t) => t.slug === k))).toHaveLength(api.tasks.length);
  });

  it('exports JSON of the same view', async () => {
    const response = await fetch(`${webUrl}/export?q=swav&format=json`);
    expect(response.headers.get('content-disposition')).toContain('.json');
    const body = (await response.json()) as { rows: { model: { slug: string } }[] };
    expect(body.rows.map((r) => r.model.slug)).toEqual(['swav']);
    expect((await fetch(`${webUrl}/export?format=xml`)).status).toBe(400);
  });

  it('works without client JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(webUrl);
    await noJs.getByRole('link', { name: 'Model', exact: true }).click();
    await noJs.waitForURL(/sort=model&dir=asc/);
    expect((await modelOrder(noJs))[0]).toBe('byol');
    await noJs.getByLabel('Search models').fill('simclr');
    await noJs.getByRole('button', { name: 'Apply' }).click();
    await noJs.waitForURL(/q=simclr/);
    expect(await modelOrder(noJs)).toEqual(['simclr-v1', 'simclr-v2']);
    await context.close();
  });
});
