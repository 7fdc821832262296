import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';

const errorFor = (page: Page, field: string) => page.locator(`#${field}-error`);

describe('submit form and submission page', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  const webUrl = inject('webUrl');

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1000, height: 900 } });
    dir = mkdtempSync(join(tmpdir(), 'tb-submit-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks in the browser: missing name, non-ONNX file, oversized file', async () => {
    await page.goto(`${webUrl}/submit`);
    await page.locator('#token').fill('tb_test');
    await page.locator('#file').setInputFiles({ name: 'weights.pth', mimeType: 'application/octet-stream', buffer: Buffer.from([1, 2, 3]) });
    await page.getByRole('button', { name: 'Upload and submit' }).click();
    await expect.poll(() => errorFor(page, 'name').textContent()).toBe('Enter a name for the model.');
    expect(await errorFor(page, 'file').textContent()).toContain('"weights.pth" is not an ONNX file');
    expect(await page.locator('#name').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-summary').textContent()).toContain('Name: Enter a name');
    await screenshot(page, 'submit-errors');

    // A sparse 600 MB file: over the 500 MB default limit without writing 600 MB to disk.
    const big = join(dir, 'huge.onnx');
    writeFileSync(big, '');
    truncateSync(big, 600 * 1024 * 1024);
    await page.locator('#name').fill('Huge model');
    await page.locator('#file').setInputFiles(big);
    await page.getByRole('button', { name: 'Upload and submit' }).click();
    await expect.poll(() => errorFor(page, 'file').textContent()).toBe('"huge.onnx" is 600 MB, larger than the 500 MB limit.');
    expect(await errorFor(page, 'name').count()).toBe(0);
  });

  it('checks on the server too, without client JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${webUrl}/submit`);
    await noJs.locator('#token').fill('tb_test');
    await noJs.locator('#description').fill('kept after the round trip');
    await noJs.locator('#file').setInputFiles({ name: 'model.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a protobuf at all') });
    await noJs.getByRole('button', { name: 'Upload and submit' }).click();
    await expect.poll(() => errorFor(noJs, 'name').textContent()).toBe('Enter a name for the model.');
    expect(await errorFor(noJs, 'file').textContent()).toContain('"model.onnx" is not an ONNX model');
    expect(await noJs.locator('#description').inputValue()).toBe('kept after the round trip');
    await screenshot(noJs, 'submit-errors-no-js');
    await context.close();
  });

  it('a submission page for an unknown id is a 404 or says the API lacks submissions', async () => {
    const response = await page.goto(`${webUrl}/submissions/00000000-0000-0000-0000-000000000000`);
    const text = await page.locator('main').textContent();
    expect(response?.status() === 404 ? text : text?.includes('not available yet') ? 'ok' : text).toMatch(/Not found|ok/);
    await screenshot(page, 'submission');
  });
});
