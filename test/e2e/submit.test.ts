import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { createTokenOver } from './stack';

const errorFor = (page: Page, field: string) => page.locator(`#${field}-error`);

/**
 * A submitter token for the API under test, made as `npm run tokens` makes one: through the
 * control socket in the API's data directory (global-setup gives it a fresh tb-e2e-* one). Other
 * test runs' APIs may be live too, so a token counts only once the API under test accepts it.
 */
async function submitterToken(apiUrl: string, role: 'submitter' | 'runner' = 'submitter'): Promise<string> {
  return (await apiUnderTest(apiUrl, role)).token;
}

/** A token of the API under test (a submitter's unless `role` says otherwise), and its data directory. */
async function apiUnderTest(
  apiUrl: string,
  role: 'submitter' | 'runner' = 'submitter',
): Promise<{ token: string; dataDir: string }> {
  const origin = new URL(apiUrl).origin;
  for (const dir of readdirSync(tmpdir()).filter((d) => d.startsWith('tb-e2e-'))) {
    const socket = join(tmpdir(), dir, 'api.sock');
    if (!existsSync(socket)) continue;
    const token = await createTokenOver(socket, role, `e2e-web-${role}`);
    if (!token) continue;
    const probe = await fetch(`${origin}/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: '',
    });
    if (probe.status !== 401) return { token, dataDir: join(tmpdir(), dir) };
  }
  throw new Error(`No control socket of the API at ${origin} found under ${tmpdir()}/tb-e2e-*`);
}

/**
 * The submit form's POST written by hand onto a socket, as a browser sends it (fields, then the
 * file last), so the test decides when each byte of the file goes out.
 */
function formPost(
  webUrl: string,
  fields: Record<string, string>,
  filename: string,
): { req: ClientRequest; response: Promise<IncomingMessage>; tail: Buffer } {
  const boundary = `----tb${randomBytes(8).toString('hex')}`;
  const head =
    Object.entries(fields)
      .map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`)
      .join('') +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  const url = new URL('/submit/upload', webUrl);
  const req = request({
    host: url.hostname,
    port: url.port,
    path: url.pathname,
    method: 'POST',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      accept: 'application/json',
      'transfer-encoding': 'chunked',
    },
  });
  req.on('error', () => {});
  const response = new Promise<IncomingMessage>((resolve) => req.once('response', resolve));
  req.write(head);
  return { req, response, tail: Buffer.from(`\r\n--${boundary}--\r\n`) };
}

async function jsonOf(res: IncomingMessage): Promise<any> {
  let text = '';
  for await (const chunk of res) text += chunk;
  return JSON.parse(text);
}

describe('submit form and submission page', () => {
  let browser: Browser;
  let page: Page;
  let dir: string;
  let submissionId = '';
  const webUrl = inject('webUrl');
  const apiUrl = inject('apiUrl');

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
    await page
      .locator('#file')
      .setInputFiles({ name: 'weights.pth', mimeType: 'application/octet-stream', buffer: Buffer.from([1, 2, 3]) });
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
    await expect
      .poll(() => errorFor(page, 'file').textContent())
      .toBe('"huge.onnx" is 600 MB, larger than the 500 MB limit.');
    expect(await errorFor(page, 'name').count()).toBe(0);
  });

  it('checks on the server too, without client JavaScript', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const noJs = await context.newPage();
    await noJs.goto(`${webUrl}/submit`);
    await noJs.locator('#token').fill('tb_test');
    await noJs.locator('#description').fill('kept after the round trip');
    await noJs.locator('#file').setInputFiles({
      name: 'model.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('not a protobuf at all'),
    });
    await noJs.getByRole('button', { name: 'Upload and submit' }).click();
    await expect.poll(() => errorFor(noJs, 'name').textContent()).toBe('Enter a name for the model.');
    expect(await errorFor(noJs, 'file').textContent()).toContain('"model.onnx" is not an ONNX model');
    expect(await noJs.locator('#description').inputValue()).toBe('kept after the round trip');
    await screenshot(noJs, 'submit-errors-no-js');
    await context.close();
  });

  it('uploads a real ONNX backbone, submits it and follows it on its submission page', async () => {
    const token = await submitterToken(apiUrl);
    const onnx = join(dir, 'tiny-backbone.onnx');
    writeFileSync(onnx, buildTinyBackbone({ seed: 11 }));
    await page.goto(`${webUrl}/submit`);
    await page.locator('#name').fill('E2E Tiny Backbone');
    await page.locator('#description').fill('A tiny ResNet-shaped graph built by the test.');
    await page.locator('#codeUrl').fill('https://example.org/tiny');
    await page.locator('#license').fill('MIT');
    await page.locator('#normalization').selectOption('NONE');
    await page.locator('#file').setInputFiles(onnx);
    await page.locator('#token').fill(token);
    await page.getByRole('button', { name: 'Upload and submit' }).click();
    await page.waitForURL(/\/submissions\/[0-9a-f-]{36}$/, { timeout: 60_000 });
    const id = page.url().split('/').pop()!;
    submissionId = id;
    expect(await page.locator('[data-status]').textContent()).toMatch(/QUEUED|RUNNING/);
    expect(await page.locator('head meta[http-equiv="refresh"]').count()).toBe(1);
    expect(await page.locator('table tr[data-task]').count()).toBe(25);
    expect(await page.locator('dl.meta').textContent()).toContain('Queue position');
    await screenshot(page, 'submission');

    await page.getByRole('link', { name: 'E2E Tiny Backbone' }).click();
    await page.waitForURL(/\/models\//);
    expect(await page.locator('dl.meta').textContent()).toMatch(/ONNX sha256[0-9a-f]{64}/);
    expect(await page.locator(`a[href="/submissions/${id}"]`).count()).toBe(1);
  });

  it('shows a task that failed as FAILED with its reason on the submission page', async () => {
    expect(submissionId, 'the upload test above creates the submission').not.toBe('');
    const runner = await submitterToken(apiUrl, 'runner');
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(apiUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${runner}` },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data: any; errors?: unknown };
    };
    const claimed = await gql('mutation { claimJob(runner: "e2e-runner") { id fencingToken submission { id } } }', {});
    expect(claimed.data.claimJob?.submission.id, JSON.stringify(claimed)).toBe(submissionId);
    const reason = 'time limit: linear-dtd was still running after 60 s, its limit; its processes were killed';
    const failed = await gql(
      'mutation($id: ID!, $t: Int!, $r: String!) { reportTaskFailure(jobId: $id, fencingToken: $t, task: "linear-dtd", reason: $r) { status } }',
      { id: claimed.data.claimJob.id, t: claimed.data.claimJob.fencingToken, r: reason },
    );
    expect(failed.errors).toBeUndefined();
    // The runner's estimate, as its heartbeats carry it (runner/src/worker/job-progress.ts).
    const eta = { secondsLeft: 25 * 60, estimatedAt: new Date().toISOString(), basis: '24 task(s) left; calibrated' };
    const beat = await gql(
      'mutation($id: ID!, $t: Int!, $p: JSON) { heartbeat(jobId: $id, fencingToken: $t, progress: $p) { status } }',
      { id: claimed.data.claimJob.id, t: claimed.data.claimJob.fencingToken, p: { phase: 'evaluate', mark: 1, eta } },
    );
    expect(beat.errors).toBeUndefined();
    await page.goto(`${webUrl}/submissions/${submissionId}`);
    expect(await page.getByTestId('job-eta').textContent()).toMatch(/^about 2[45] minutes left$/);
    const row = page.locator('tr[data-task="linear-dtd"]');
    expect(await row.getAttribute('data-task-status')).toBe('FAILED');
    expect(await row.locator('td').nth(1).textContent()).toBe(`FAILED: ${reason} (retried while attempts remain)`);
    expect(await page.locator('main, body').first().textContent()).toContain('; 1 failed.');
    await screenshot(page, 'submission-failed-task');
  });

  it('refuses a wrong token with a message on the token field', async () => {
    await page.goto(`${webUrl}/submit`);
    await page.locator('#name').fill('Bad token model');
    await page.locator('#file').setInputFiles({
      name: 'model.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from(buildTinyBackbone({ seed: 3 })),
    });
    await page.locator('#token').fill('tb_not-a-real-token');
    await page.getByRole('button', { name: 'Upload and submit' }).click();
    await expect.poll(() => errorFor(page, 'token').textContent(), { timeout: 30_000 }).toBeTruthy();
    expect(page.url()).toContain('/submit');
  });

  it('checks the token before it reads the file: a wrong token is answered while a 1 GB upload has barely begun', async () => {
    const { req, response } = formPost(
      webUrl,
      { name: 'Never read', normalization: 'IMAGENET', token: 'tb_wrong-token-for-the-stream-test' },
      'big.onnx',
    );
    const chunk = Buffer.alloc(1024 * 1024, 0x08);
    let sent = 0;
    let answer: IncomingMessage | null = null;
    void response.then((r) => (answer = r));
    // Offer up to 1 GiB, as fast as the server takes it, until it answers.
    while (!answer && sent < 1024 * chunk.length && !req.destroyed) {
      if (!req.write(chunk))
        await new Promise((r) => {
          req.once('drain', r);
          req.once('close', r);
          setTimeout(r, 200);
        });
      sent += chunk.length;
    }
    const res = await response;
    expect(res.statusCode).toBe(400);
    expect(res.headers.connection).toBe('close');
    const body = await jsonOf(res);
    expect(body.errors.token).toMatch(/^Send a valid API token/);
    // Socket buffers hold a few MB; had the server read (or buffered) the body, it would have taken all of it first.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    req.destroy();
  });

  it('streams the file to the API while the browser is still sending it, then submits', async () => {
    const { token, dataDir } = await apiUnderTest(apiUrl);
    const model = Buffer.from(buildTinyBackbone({ seed: 12 }));
    const { req, response, tail } = formPost(
      webUrl,
      { name: 'Streamed Backbone', normalization: 'IMAGENET', token },
      'streamed.onnx',
    );
    const half = Math.floor(model.length / 2);
    req.write(model.subarray(0, half));
    // The API has started writing the upload to disk before the rest of the form has been sent.
    const tmp = join(dataDir, 'artifacts', 'tmp');
    await expect
      .poll(
        () =>
          existsSync(tmp)
            ? readdirSync(tmp)
                .filter((f) => f.endsWith('.upload'))
                .map((f) => statSync(join(tmp, f)).size)
            : [],
        { timeout: 15_000 },
      )
      .toEqual([expect.any(Number)]);
    req.write(model.subarray(half));
    req.end(tail);
    const res = await response;
    expect(res.statusCode).toBe(200);
    const { redirect } = await jsonOf(res);
    expect(redirect).toMatch(/^\/submissions\/[0-9a-f-]{36}$/);
    await page.goto(`${webUrl}${redirect}`);
    expect(await page.getByRole('link', { name: 'Streamed Backbone' }).count()).toBe(1);
  });

  it('an unknown submission id is a 404 page', async () => {
    const response = await page.goto(`${webUrl}/submissions/00000000-0000-0000-0000-000000000000`);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
  });
});
