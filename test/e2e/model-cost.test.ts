import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { costReferences } from '@transferboard/onnx-intake/test-vectors';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { createTokenOver } from './stack';

/** A fresh submitter token of the API under test (each token has its own quota of live submissions). */
async function submitterToken(apiUrl: string): Promise<string> {
  const origin = new URL(apiUrl).origin;
  for (const dir of readdirSync(tmpdir()).filter((d) => d.startsWith('tb-e2e-'))) {
    const socket = join(tmpdir(), dir, 'api.sock');
    if (!existsSync(socket)) continue;
    const token = await createTokenOver(socket, 'submitter', 'e2e-cost');
    if (!token) continue;
    const probe = await fetch(`${origin}/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '',
    });
    if (probe.status !== 401) return token;
  }
  throw new Error(`No control socket of the API at ${origin} found under ${tmpdir()}/tb-e2e-*`);
}

const resnet50 = costReferences().resnet50;

describe('what a model is and costs, in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const webUrl = inject('webUrl');
  const apiUrl = inject('apiUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  });
  afterAll(async () => browser?.close());

  const fact = (field: string) => page.locator(`[data-testid="model-facts"] [data-field="${field}"]`).textContent();

  it("model page: a paper model's family, input, features, and the reference ResNet-50's parameters and GFLOPs", async () => {
    await page.goto(`${webUrl}/models/moco-v2`);
    expect(await fact('family')).toMatch(/^convolutional \(the paper's models are torchvision ResNet-50s/);
    expect(await fact('input')).toContain('224×224');
    expect(await fact('features')).toContain('2048-d');
    const params = ((resnet50.parameters - resnet50.bnChannels) / 1e6).toFixed(1);
    expect(await fact('parameters')).toBe(`${params} M`);
    expect(await fact('gflops')).toBe(((2 * resnet50.totalMacs) / 1e9).toFixed(2));
    expect(await fact('throughput')).toContain('not measured yet');
    expect(await page.locator('[data-testid="model-facts"] [data-field="patch"]').count()).toBe(0);
    await screenshot(page, 'model-facts');
  });

  it('leaderboard: cost columns hidden by default, shown through the URL, and sorted by the API', async () => {
    await page.goto(`${webUrl}/`);
    expect(await page.locator('td[data-col="cost:params"]').count()).toBe(0);
    await page.locator('[data-testid="cost-toggle"]').click();
    await page.waitForURL(/cost=1/);
    const rows = await page.locator('table.board tbody tr[data-model]').count();
    expect(await page.locator('td[data-col="cost:gflops"]').count()).toBe(rows);
    expect(await page.locator('tr[data-model="swav"] td[data-col="cost:gflops"]').first().textContent()).toBe(
      ((2 * resnet50.totalMacs) / 1e9).toFixed(2),
    );
    // A cost header is a sort link like the others: the API sorts the whole board, the view stays in the URL.
    await page.getByRole('link', { name: /^img\/s/ }).click();
    await page.waitForURL(/sort=cost%3Aips/);
    const url = new URL(page.url());
    expect([url.searchParams.get('sort'), url.searchParams.get('dir'), url.searchParams.get('cost')]).toEqual([
      'cost:ips',
      'desc',
      '1',
    ]);
    expect(await page.locator('th[aria-sort="descending"]', { hasText: /^img\/s/ }).count()).toBe(1);
    const rates = await page.locator('table.board tbody tr[data-model] td[data-col="cost:ips"]').allTextContents();
    expect(rates.length).toBeGreaterThan(0);
    const measured = rates.filter((r) => r !== '—').map(Number);
    // Measured rates first, fastest first; the unmeasured (the paper's models among them) after them.
    expect(measured).toEqual([...measured].sort((a, b) => b - a));
    expect(rates.slice(measured.length).every((r) => r === '—')).toBe(true);
    await page.getByRole('link', { name: /^GFLOPs/ }).click();
    await page.waitForURL(/sort=cost%3Agflops&dir=asc/);
    expect(await page.locator('th[aria-sort="ascending"]', { hasText: /^GFLOPs/ }).count()).toBe(1);
    await screenshot(page, 'leaderboard-cost');
    await page.locator('[data-testid="cost-toggle"]').click();
    await page.waitForURL((url) => !url.search.includes('cost=1'));
    expect(await page.locator('td[data-col="cost:params"]').count()).toBe(0);
  });

  it('analysis: score against GFLOPs with the Pareto front, and a note where no throughput is measured', async () => {
    await page.goto(`${webUrl}/analysis`);
    expect(await page.locator('figure[data-chart="gflops"] svg').count()).toBe(1);
    // Every paper model has the same GFLOPs: the front is the best-scoring one(s).
    expect(await page.locator('[data-testid="gflops-front"]').textContent()).not.toBe('—');
    expect(await page.locator('figure[data-chart="throughput"]').textContent()).toMatch(
      /No model on this basis has a measured throughput yet|Score against img\/s/,
    );
  });

  it('submit form: a wrong feature-tensor declaration gets the API’s message at its field; a right one is stored and shown', async () => {
    const token = await submitterToken(apiUrl);
    const fill = async (name: string, seed: number, feature: string, spatial: string) => {
      await page.goto(`${webUrl}/submit`);
      await page.locator('#name').fill(name);
      await page.locator('details summary', { hasText: 'Which features' }).click();
      await page.locator('#featureTensor').fill(feature);
      await page.locator('#spatialTensors').fill(spatial);
      await page.locator('#file').setInputFiles({
        name: 'declared.onnx',
        mimeType: 'application/octet-stream',
        buffer: Buffer.from(buildTinyBackbone({ seed })),
      });
      await page.locator('#token').fill(token);
      await page.getByRole('button', { name: 'Upload and submit' }).click();
    };
    await fill('E2E Wrong Declaration', 41, 'no-such-tensor', '');
    await expect
      .poll(() => page.locator('#featureTensor-error').textContent(), { timeout: 60_000 })
      .toMatch(/featureTensor names 'no-such-tensor', but the graph computes no tensor of that name; name the tensor/);
    expect(await page.locator('#featureTensor').inputValue()).toBe('no-such-tensor');
    expect(await page.locator('#error-summary').textContent()).toContain('Feature tensor:');
    await screenshot(page, 'submit-declaration-error');

    await fill('E2E Wrong Map', 42, '', 'pooled');
    await expect
      .poll(() => page.locator('#spatialTensors-error').textContent(), { timeout: 60_000 })
      .toMatch(/spatialTensors names 'pooled', but its shape \[N,\d+,1,1\] has no spatial extent to probe/);

    await fill('E2E Declared Features', 43, 'pooled', 'block2_relu, block1_relu');
    await page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    await page.getByRole('link', { name: 'E2E Declared Features' }).click();
    await page.waitForURL(/\/models\//);
    expect(await fact('features')).toMatch(/^pooled: declared with the submission/);
    expect(await fact('spatial')).toContain('block2_relu');
    expect(await fact('family')).toMatch(/^convolutional \(inferred/);
    expect(await fact('parameters')).not.toBe('—');
    expect(await fact('gflops')).not.toBe('—');
  });
});
