import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { createTokenOver, startStack, type Stack } from './stack';

/**
 * The board as of a moment, in the browser (issue 16): a model measured after T is absent from
 * `/?asOf=T` and present without asOf; the page offers an "as of" control and a permalink; the
 * CSV export of `?asOf=T` says so and shows the board of T. A stack of its own (real upload,
 * submitModel, claimJob, reportResults as a runner sends them).
 */

const TASK = 'linear-cifar10';

async function graphql(stack: Stack, query: string, variables: Record<string, unknown>, token?: string) {
  const res = await fetch(stack.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** Uploads a tiny real backbone as `name`, and reports one task of its job as a runner does. */
async function measure(stack: Stack, name: string, seed: number, value: number): Promise<void> {
  const socket = join(stack.dataDir, 'api.sock');
  const submitter = (await createTokenOver(socket, 'submitter', `e2e-${seed}`))!;
  const runner = (await createTokenOver(socket, 'runner', `e2e-runner-${seed}`))!;
  const upload = await fetch(`${new URL(stack.apiUrl).origin}/artifacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${submitter}` },
    body: Buffer.from(buildTinyBackbone({ seed })),
  });
  expect(upload.status).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  await graphql(
    stack,
    'mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }',
    { input: { artifactId: id, name } },
    submitter,
  );
  const job = (
    await graphql(
      stack,
      'mutation { claimJob(runner: "e2e") { id fencingToken tasks { slug protocol { id version } } } }',
      {},
      runner,
    )
  ).claimJob;
  const task = (job.tasks as { slug: string; protocol: { id: string; version: number } }[]).find(
    (t) => t.slug === TASK,
  )!;
  await graphql(
    stack,
    `mutation($job: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $protocol: ProtocolRefInput) {
    reportResults(jobId: $job, fencingToken: $token, task: $task, results: $results, protocol: $protocol) { id } }`,
    { job: job.id, token: job.fencingToken, task: TASK, results: [{ metric: 'top1', value }], protocol: task.protocol },
    runner,
  );
}

describe('the leaderboard as of a moment', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let between: string;
  const measuredRows = () =>
    page.locator('tr[data-source="MEASURED"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-model')));

  beforeAll(async () => {
    stack = await startStack();
    await measure(stack, 'Early Net', 161, 60);
    await new Promise((r) => setTimeout(r, 1100));
    between = `${new Date().toISOString().slice(0, 19)}Z`;
    await new Promise((r) => setTimeout(r, 1100));
    await measure(stack, 'Late Net', 162, 65);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('a model measured after T is absent from /?asOf=T and present without asOf', async () => {
    await page.goto(`${stack.webUrl}/?source=MEASURED&asOf=${encodeURIComponent(between)}`);
    expect(await measuredRows()).toEqual(['early-net']);
    expect(await page.locator('.as-of time').getAttribute('datetime')).toBe(new Date(between).toISOString());
    expect(await page.locator('#f-asof').inputValue()).toBe(between.slice(0, 19));
    await screenshot(page, 'leaderboard-as-of');
    await page.goto(`${stack.webUrl}/?source=MEASURED`);
    expect((await measuredRows()).sort()).toEqual(['early-net', 'late-net']);
  });

  it('the "as of" control sets asOf through the GET form, and the permalink pins the data\'s last change', async () => {
    await page.goto(`${stack.webUrl}/?source=MEASURED`);
    await page.locator('#f-asof').fill(between.slice(0, 19));
    await Promise.all([page.waitForURL(/asOf=/), page.locator('form.filters button[type=submit]').click()]);
    expect(await measuredRows()).toEqual(['early-net']);
    await page.goto(`${stack.webUrl}/?source=MEASURED`);
    const permalink = await page.locator('a.permalink').getAttribute('href');
    expect(permalink).toMatch(/asOf=/);
    await page.goto(`${stack.webUrl}${permalink}`);
    expect((await measuredRows()).sort()).toEqual(['early-net', 'late-net']);
  });

  it('the CSV export of ?asOf=T records T and holds the board of T', async () => {
    const res = await fetch(
      `${stack.webUrl}/export?suite=ssl-transfer-v1&source=MEASURED&format=csv&asOf=${encodeURIComponent(between)}`,
    );
    expect(res.status).toBe(200);
    const [comment, header, ...lines] = (await res.text()).trim().split('\r\n');
    expect(comment!.startsWith(`# as of ${new Date(between).toISOString()}; data as of 20`)).toBe(true);
    expect(header!.startsWith('rank,')).toBe(true);
    expect(lines.map((l) => l.split(',')[3])).toEqual(['early-net']);
  });

  it('an unreadable asOf is said as such', async () => {
    await page.goto(`${stack.webUrl}/?asOf=yesterday`);
    expect(await page.locator('.error-box[role=alert]').textContent()).toContain('ISO 8601');
  });
});
