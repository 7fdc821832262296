import { request } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser } from './browser';

/**
 * Issue 19 in the browser: `/` shows one page of the view with plain pagination links, sorting
 * and filtering are the API's, exports carry every row of the view, and a second render of the
 * same view is answered from the API's response cache.
 */

const modelOrder = (page: Page) =>
  page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

interface CacheStats {
  hits: number;
  misses: number;
  stored: number;
  tooLarge: number;
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
