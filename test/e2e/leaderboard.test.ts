import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';

const cell = (page: Page, model: string, task: string) =>
  page.locator(`tr[data-model="${model}"] td[data-task="${task}"]`);
const modelOrder = (page: Page) =>
  page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

describe('leaderboard in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const webUrl = inject('webUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  });
  afterAll(async () => browser?.close());

  it("shows the 14 paper models and 25 tasks with the paper's numbers, marked reported", async () => {
    await page.goto(webUrl);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(14);
    expect(await page.locator('thead tr').nth(1).locator('th').count()).toBe(3 + 4 + 25);
    expect((await cell(page, 'deepcluster-v2', 'linear-aircraft').textContent())?.trim()).toBe('54.49');
    expect((await cell(page, 'simclr-v2', 'detection-voc-frozen').textContent())?.trim()).toBe('82.34');
    expect(await cell(page, 'insdis', 'fewshot-chestx-50shot').textContent()).toBe('31.77±0.44');
    expect(await page.locator('tbody .badge.reported').count()).toBe(14);
    await screenshot(page, 'leaderboard');
  });

  it('sorts by a task column, best first, and flips on a second click', async () => {
    await page.goto(webUrl);
    await page.getByRole('link', { name: 'Aircraft', exact: true }).click();
    await page.waitForURL(/sort=task%3Alinear-aircraft&dir=desc/);
    expect((await modelOrder(page)).slice(0, 2)).toEqual(['deepcluster-v2', 'swav']);
    await page
      .getByRole('link', { name: /Aircraft/ })
      .first()
      .click();
    await page.waitForURL(/dir=asc/);
    expect((await modelOrder(page))[0]).toBe('pcl-v1');
    // Lower is better for angular error: its first click sorts ascending.
    await page.getByRole('link', { name: /NYUv2.*lower is better/ }).click();
    await page.waitForURL(/sort=task%3Adense-nyuv2-normals&dir=asc/);
    expect((await modelOrder(page))[0]).toBe('simclr-v2');
    await screenshot(page, 'leaderboard-sorted');
  });

  it('switches to the 40-task CVPR suite', async () => {
    await page.goto(webUrl);
    await page.getByRole('link', { name: 'ssl-transfer-cvpr' }).click();
    await page.waitForURL(/suite=ssl-transfer-cvpr/);
    expect(await page.locator('thead tr').nth(1).locator('th').count()).toBe(3 + 5 + 40);
  });

  it('explains an unknown suite instead of showing an empty table', async () => {
    await page.goto(`${webUrl}/?suite=ssl-transfer-v9`);
    await expect
      .poll(() => page.locator('.error-box[role=alert]').textContent())
      .toContain('Unknown suite "ssl-transfer-v9"');
  });
});
