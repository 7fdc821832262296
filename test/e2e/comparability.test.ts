import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { registry } from '@transferboard/suite/registry';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, screenshot } from './browser';
import { createTokenOver, startStack, type Stack } from './stack';

/**
 * What the pages show with a measured model present (issue 14). A stack of its own (the shared
 * one must keep its 14 paper rows), a real ONNX upload, submitModel, claimJob and reportResults as
 * a runner sends them: linear and few-shot on the runner's protocols, detection and normals from
 * its frozen probes, with probe numbers better than any paper number, so that a page ranking them
 * against the paper's would show it at once.
 */

const SLUG = 'probe-model';
const PROBE = registry.task('detection-voc-frozen').protocol!;
const CATEGORY_LABEL: Record<string, string> = {
  LINEAR: 'Many-shot linear',
  FEW_SHOT: 'Few-shot',
  DETECTION: 'Detection',
  DENSE: 'Dense',
};
/** The v1 categories where the runner's protocol is the paper's on every task: the measured row's basis. */
const BASIS = ['LINEAR', 'FEW_SHOT', 'DETECTION', 'DENSE'].filter((cat) =>
  registry
    .suiteTasks('ssl-transfer-v1')
    .filter((t) => t.category.toUpperCase() === cat)
    .every((t) => t.protocol && t.protocol.id === t.paperProtocol.id && t.protocol.version === t.paperProtocol.version),
);
const BASIS_LABEL = BASIS.map((c) => CATEGORY_LABEL[c]).join(' + ');

async function graphql(stack: Stack, query: string, variables: Record<string, unknown>, token: string) {
  const res = await fetch(stack.apiUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** Submits a tiny real backbone and reports every v1 task of its job as a runner does. */
async function measureProbeModel(stack: Stack): Promise<void> {
  const socket = join(stack.dataDir, 'api.sock');
  const submitter = (await createTokenOver(socket, 'submitter', 'e2e-submitter'))!;
  const runner = (await createTokenOver(socket, 'runner', 'e2e-runner'))!;
  const upload = await fetch(`${new URL(stack.apiUrl).origin}/artifacts`, {
    method: 'POST',
    headers: { authorization: `Bearer ${submitter}` },
    body: Buffer.from(buildTinyBackbone({ seed: 14 })),
  });
  expect(upload.status).toBe(201);
  const { id } = (await upload.json()) as { id: string };
  await graphql(
    stack,
    'mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }',
    { input: { artifactId: id, name: 'Probe Model' } },
    submitter,
  );
  const job = (
    await graphql(
      stack,
      'mutation { claimJob(runner: "e2e") { id fencingToken tasks { slug primaryMetric protocol { id version } } } }',
      {},
      runner,
    )
  ).claimJob;
  for (const task of job.tasks as {
    slug: string;
    primaryMetric: string;
    protocol: { id: string; version: number };
  }[]) {
    const results =
      task.slug === 'detection-voc-frozen'
        ? [
            { metric: 'ap50', value: 99 },
            { metric: 'ap', value: 90 },
            { metric: 'ap75', value: 95 },
          ]
        : task.slug === 'dense-nyuv2-normals'
          ? [{ metric: 'mean_angle_error', value: 5 }]
          : [{ metric: task.primaryMetric, value: task.slug.startsWith('linear-') ? 60 : 70 }];
    // Under the task's runner protocol, as a runner must report (the API refuses any other).
    await graphql(
      stack,
      `mutation($job: ID!, $token: Int!, $task: String!, $results: [MetricValueInput!]!, $protocol: ProtocolRefInput) {
      reportResults(jobId: $job, fencingToken: $token, task: $task, results: $results, protocol: $protocol) { id } }`,
      { job: job.id, token: job.fencingToken, task: task.slug, results, protocol: task.protocol },
      runner,
    );
  }
}

describe('pages with a measured model present', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  const row = () => page.locator(`tr[data-model="${SLUG}"][data-source="MEASURED"]`);

  beforeAll(async () => {
    stack = await startStack();
    await measureProbeModel(stack);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it("leaderboard: names the probe protocol, ranks it against nothing of the paper's, and shows the basis", async () => {
    await page.goto(stack.webUrl);
    await expect.poll(() => row().count()).toBe(1);
    const detection = row().locator('td[data-task="detection-voc-frozen"]');
    expect(await detection.getAttribute('data-comparable')).toBe('false');
    expect(await detection.textContent()).toBe(`99.00≠ ${PROBE.id} v${PROBE.version}`);
    expect(await detection.getAttribute('class')).not.toMatch(/\bc\d\b/); // not shaded on the paper's scale
    expect(await row().locator('td[data-task="dense-nyuv2-normals"]').getAttribute('data-comparable')).toBe('false');
    const category = row().locator('td[data-category="DETECTION"]');
    expect(await category.getAttribute('data-comparable')).toBe('false');
    expect(await category.textContent()).toBe(`99.00≠ ${PROBE.id} v${PROBE.version}`);
    // SimCLR-v2 keeps the best detection rank among the paper's rows: the probe's 99 is not ranked against it.
    expect(await page.locator('tr[data-model="simclr-v2"] td[data-category="DETECTION"]').textContent()).toBe(
      '82.34(1)',
    );
    // Its rank covers its basis only, and the table says so.
    expect(await row().getAttribute('data-basis')).toBe(BASIS.join(','));
    expect(await row().locator('[data-col="basis"]').textContent()).toBe(`ranked on ${BASIS_LABEL}`);
    expect(await row().locator('td[data-col="rank"]').getAttribute('data-ranked-among')).toBe('15');
    expect(await page.locator(`tr.basis-group[data-basis="${BASIS.join(',')}"]`).textContent()).toContain(
      `Ranked over ${BASIS_LABEL} only`,
    );
    const paperRanks = await page
      .locator('tbody tr[data-source="REPORTED"] td[data-col="rank"]')
      .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-ranked-among')));
    expect(paperRanks).toEqual(new Array(14).fill('14'));
    expect(await page.locator('.note.comparability').textContent()).toContain(`(${PROBE.id} v${PROBE.version})`);
    await screenshot(page, 'leaderboard-measured');
  });

  it("the v1 suite says its task list is reconstructed and its numbers the CVPR version's, with the evidence", async () => {
    await page.goto(stack.webUrl);
    await page.locator('details.provenance summary').click();
    expect(await page.locator('details.provenance').textContent()).toContain(
      "REPORTED numbers on this suite are the CVPR 2021 version's tables",
    );
    expect(await page.locator('details.provenance ul[data-evidence="against"]').textContent()).toContain('Birdsnap');
    expect(await page.locator('details.provenance ul[data-evidence="against"]').textContent()).toContain(
      'fine-tuned detection',
    );
  });

  it("measured-only view: ranks the probe numbers on the runner's protocol and says why", async () => {
    await page.goto(`${stack.webUrl}/?source=MEASURED`);
    expect(await row().locator('td[data-task="detection-voc-frozen"]').getAttribute('data-comparable')).toBe('true');
    expect(await row().locator('td[data-col="rank"]').textContent()).toMatch(/^1/);
    expect(await page.locator('.note.comparability').textContent()).toContain('the runner\u2019s protocol');
  });

  it('task page: says measured and reported numbers are not comparable, and ranks each protocol apart', async () => {
    await page.goto(`${stack.webUrl}/tasks/detection-voc-frozen`);
    expect(await page.locator('.note[data-note="not-comparable"]').textContent()).toContain(
      'Measured and reported numbers are not comparable on this task',
    );
    expect(await page.locator('tbody[data-comparable="true"] tr[data-model]').count()).toBe(14);
    const probe = page.locator(`tbody[data-comparable="false"] tr[data-model="${SLUG}"]`);
    expect(await probe.locator('td').first().textContent()).toBe('1 of 1');
    expect(
      await page.locator('tbody[data-comparable="true"] tr[data-model="simclr-v2"] td').first().textContent(),
    ).toBe('1 of 14');
    await screenshot(page, 'task-measured');
  });

  it('model page: ranks per comparable category only, and names the probe categories', async () => {
    await page.goto(`${stack.webUrl}/models/${SLUG}`);
    const card = page.locator('figure[data-source="MEASURED"]');
    expect(await card.locator('[data-col="overall"]').textContent()).toContain(`of 15, over ${BASIS_LABEL} only`);
    expect(await card.locator('li[data-category="DETECTION"]').textContent()).toContain(
      `from ${PROBE.id} v${PROBE.version}, not the protocol`,
    );
    expect(await card.locator('[role=img]').getAttribute('aria-label')).not.toContain('Detection');
  });

  it("compare page: a probe number never wins against the paper's and gets no delta", async () => {
    await page.goto(`${stack.webUrl}/compare?models=simclr-v2,${SLUG}`);
    const detection = page.locator('table.compare-tasks tr[data-task="detection-voc-frozen"]');
    const probe = detection.locator(`td[data-model="${SLUG}"]`);
    expect(await probe.getAttribute('data-comparable')).toBe('false');
    expect(await probe.getAttribute('class')).toBeNull();
    expect(await probe.textContent()).toBe(`99.00≠ ${PROBE.id} v${PROBE.version}`);
    expect(await detection.locator('td.win').count()).toBe(0);
    expect(
      await page
        .locator(`table.compare-summary tr[data-model="${SLUG}"] td[data-category="DETECTION"]`)
        .getAttribute('data-comparable'),
    ).toBe('false');
  });

  it('CSV export: protocol and comparability per cell, the basis per row', async () => {
    const csv = await (await fetch(`${stack.webUrl}/export?suite=ssl-transfer-v1&format=csv`)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    const names = header!.split(',');
    const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i]!, v])));
    const probe = rows.find((r) => r.model_slug === SLUG)!;
    expect(probe).toMatchObject({
      basis: BASIS.join(';'),
      ranked_among: '15',
      category_detection_comparable: 'false',
      'detection-voc-frozen': '99',
      'detection-voc-frozen_protocol_id': PROBE.id,
      'detection-voc-frozen_comparable': 'false',
      'linear-cars_comparable': 'true',
    });
    const simclr = rows.find((r) => r.model_slug === 'simclr-v2')!;
    expect(simclr).toMatchObject({
      basis: 'LINEAR;FEW_SHOT;DETECTION;DENSE',
      ranked_among: '14',
      'detection-voc-frozen_comparable': 'true',
    });
  });
});
