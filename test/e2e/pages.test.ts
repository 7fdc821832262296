import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';

describe('task, model, compare, analysis and API pages in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const webUrl = inject('webUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => browser?.close());

  it('task page: dataset, metric, both protocols, the ranking and its chart', async () => {
    await page.goto(`${webUrl}/tasks/dense-nyuv2-normals`);
    expect(await page.locator('h1').textContent()).toContain('NYUv2');
    const meta = await page.locator('dl.meta').first().textContent();
    expect(meta).toContain('nyuv2');
    expect(meta).toContain('lower is better');
    expect(await page.getByRole('heading', { name: /Paper's protocol/ }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: /Runner's protocol/ }).count()).toBe(1);
    expect(await page.locator('.note[data-note="not-comparable"]').textContent()).toContain(
      'Measured and reported numbers are not comparable on this task',
    );
    const order = await page
      .locator('table.ranking tbody tr[data-model]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));
    expect(order).toHaveLength(14);
    expect(order[0]).toBe('simclr-v2'); // lowest angular error first
    expect(await page.locator('figure svg').count()).toBe(1);
    expect(await page.locator('figure svg text', { hasText: 'SimCLR-v2' }).count()).toBeGreaterThan(0);
    await screenshot(page, 'task');
  });

  it('model page: provenance, every result, per-category ranks chart, history note', async () => {
    await page.goto(`${webUrl}/models/swav`);
    expect(await page.locator('h1').textContent()).toBe('SwAV');
    const meta = await page.locator('dl.meta').textContent();
    expect(meta).toContain('75.3%');
    expect(meta).toContain('swav_800ep_pretrain.pth.tar');
    expect(
      await page
        .locator('table.results tr[data-task="linear-aircraft"][data-metric="mean_per_class"] td')
        .nth(2)
        .textContent(),
    ).toBe('54.04');
    expect(await page.locator('table.results tbody tr').count()).toBeGreaterThan(60);
    expect(await page.locator('figure [role=img]').getAttribute('aria-label')).toMatch(/Many-shot linear #2/);
    expect(await page.getByRole('heading', { name: 'Submission history' }).count()).toBe(1);
    await screenshot(page, 'model');
  });

  it('compare page: side by side, deltas and who wins where', async () => {
    await page.goto(`${webUrl}/compare?models=swav,supervised`);
    expect(await page.locator('table.compare-tasks tbody tr').count()).toBe(25);
    const aircraft = page.locator('table.compare-tasks tr[data-task="linear-aircraft"]');
    expect(await aircraft.locator('td.win').getAttribute('data-model')).toBe('swav');
    expect(await aircraft.locator('td[data-model="supervised"]').textContent()).toBe('43.59 −10.45');
    const wins = await page.locator('table.compare-summary td[data-col="wins"]').allTextContents();
    const counts = wins.map((w) => Number(w.split(' ')[0]));
    expect(counts[0]! + counts[1]!).toBeGreaterThanOrEqual(25);
    // The picker is a GET form: typing a third model's slug extends the URL.
    await page.getByLabel('Model 3').fill('byol');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.waitForURL(/models=swav&models=supervised&models=byol/);
    expect(await page.locator('table.compare-summary tbody tr').count()).toBe(3);
    await screenshot(page, 'compare');
  });

  it('compare page names unknown models', async () => {
    await page.goto(`${webUrl}/compare?models=swav,nosuchmodel`);
    expect(await page.locator('.error-box[role=alert]').textContent()).toContain('nosuchmodel');
  });

  it('compare and model pages: only an unknown suite reads "Unknown suite"; other API errors surface', async () => {
    for (const path of ['/compare?models=swav,supervised&suite=nosuchsuite', '/models/swav?suite=nosuchsuite']) {
      await page.goto(`${webUrl}${path}`);
      expect(await page.locator('.error-box[role=alert]').first().textContent()).toContain(
        'Unknown suite "nosuchsuite"',
      );
    }
    // A slug the API refuses as bad input (BAD_USER_INPUT: over 100 characters) is an error, not
    // an unknown suite, nor "no results".
    const long = 'x'.repeat(101);
    for (const path of [`/compare?models=swav,supervised&suite=${long}`, `/models/swav?suite=${long}`]) {
      await page.goto(`${webUrl}${path}`);
      expect(await page.getByRole('heading', { name: 'Something went wrong' }).count()).toBe(1);
      expect(await page.getByText('Unknown suite').count()).toBe(0);
      expect(await page.getByText('No results').count()).toBe(0);
    }
  });

  it('analysis page: a scatter per analysis group, correlations with CIs and verdicts', async () => {
    await page.goto(`${webUrl}/analysis`);
    // ssl-transfer-v1's six settings: linear, CD-FSL at 5, 20 and 50 shots, detection frozen, surface normals.
    expect(await page.locator('figure[data-group] svg').count()).toBe(6);
    expect(await page.locator('tr[data-group="detection-frozen"] td[data-col="pearson"]').textContent()).toMatch(
      /^0\.79 /,
    );
    const linear = await page.locator('tr[data-group="linear"] td[data-col="pearson"]').textContent();
    expect(Number(linear!.split(' ')[0])).toBeGreaterThan(0.7);
    expect(linear).toMatch(/\[-?\d\.\d\d, -?\d\.\d\d\]/);
    const verdicts = await page.locator('.findings .verdict').allTextContents();
    expect(verdicts.length).toBeGreaterThanOrEqual(5);
    expect(
      await page.locator('.findings li', { hasText: 'weaker for few-shot' }).locator('.verdict').textContent(),
    ).toBe('holds');
    await screenshot(page, 'analysis');
  });

  it('API docs: the schema, examples and a working explorer', async () => {
    await page.goto(`${webUrl}/docs/api`);
    expect(await page.locator('#sdl').textContent()).toContain('type Query');
    await page.getByLabel('Query', { exact: true }).fill('{ suites { slug } }');
    await page.getByLabel('Variables (JSON)').fill('');
    await page.getByRole('button', { name: 'Run query' }).click();
    await page.waitForURL(/query=/);
    const json = JSON.parse((await page.locator('#response').textContent())!) as {
      data: { suites: { slug: string }[] };
    };
    expect(json.data.suites.map((s) => s.slug)).toContain('ssl-transfer-cvpr');
    await page.getByRole('link', { name: 'A model and its many-shot results' }).click();
    expect(await page.locator('#response').textContent()).toContain('imagenetTop1');
    await page.goto(`${webUrl}/docs/api?query=${encodeURIComponent('mutation { x }')}`);
    expect(await page.locator('.error-box[role=alert]').textContent()).toContain('queries only');
    await screenshot(page, 'api-docs');
  });

  it('unknown model and task slugs get a 404 page', async () => {
    for (const path of ['/models/no-such-model', '/tasks/no-such-task', '/nowhere']) {
      const response = await page.goto(`${webUrl}${path}`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Not found');
    }
    await screenshot(page, 'not-found');
  });

  it('fits a 375 px wide phone without horizontal page scroll', async () => {
    const phone = await browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const [name, path] of [
      ['leaderboard', '/'],
      ['task', '/tasks/linear-aircraft'],
      ['model', '/models/byol'],
      ['analysis', '/analysis'],
      ['compare', '/compare?models=byol,swav'],
      ['submit', '/submit'],
      ['api-docs', '/docs/api'],
    ] as const) {
      await phone.goto(`${webUrl}${path}`);
      const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} overflows by ${overflow}px`).toBeLessThanOrEqual(0);
      if (name === 'leaderboard' || name === 'model') await screenshot(phone, `mobile-${name}`);
    }
    await phone.close();
  });
});
