import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/processes';
import { startRunner, startStack, submit, SUBMISSION, TEST_DATABASE_URL, upload, type Stack } from './stack';

/**
 * Issue #20's Done-when: a tiny ViT and a tiny ConvNeXt (the `fixtures` command's vit.onnx and
 * convnext.onnx, built in TypeScript) submitted like any model, through upload and submitModel,
 * are evaluated by a real `work --once` on all of ssl-transfer-v1 (full fixtures, every dataset):
 * 25 of 25 tasks measured for each, dense tasks included, from the tensors the default rules pick.
 * About 3–4 minutes per model on the shared 2-core machine.
 */

const FAMILY_TIMEOUT_MS = 900_000;

describe.skipIf(!TEST_DATABASE_URL)('modern backbone families through the submit path, all 25 tasks', () => {
  let stack: Stack;
  let data: string;
  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'tb-families-'));
    // The shared queue fixtures hold two datasets; the whole suite needs them all.
    execFileSync(
      process.execPath,
      [join(ROOT, 'packages/runner/bin/transferboard-runner.mjs'), 'fixtures', '--out', data],
      { cwd: ROOT, stdio: 'ignore' },
    );
    stack = await startStack();
  }, 300_000);
  afterAll(async () => {
    await stack?.close();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  async function evaluate(file: string, name: string) {
    const up = await upload(stack, readFileSync(join(data, file)));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const submission = await submit(stack, up.body.id, name);
    const runner = startRunner(stack, ['--data', data, '--once', '--name', `${file}-runner`]);
    expect(await runner.exited, runner.output()).toBe(0);
    const done = (await stack.gql(null, SUBMISSION, { id: submission.id })).data.submission;
    const notMeasured = done.progress
      .filter((p: any) => p.status !== 'DONE')
      .map((p: any) => `${p.task.slug}: ${p.status} ${p.reason ?? ''}`);
    expect(notMeasured, runner.output()).toEqual([]);
    expect(done.progress).toHaveLength(25);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.events.map((e: any) => e.status)).toEqual(['QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED']);
    expect(done.events.at(-1).reason).toBe('every task has its result');
    const results = await stack.gql(
      null,
      `query($slug: String!) { model(slug: $slug) { featureTensor results(source: MEASURED) { task { slug } provenance } } }`,
      { slug: submission.model.slug },
    );
    return results.data.model as { featureTensor: string; results: { task: { slug: string }; provenance: any }[] };
  }

  it(
    'a tiny ViT (class token, 4 registers): 25 of 25, dense tasks on its last block’s patch tokens',
    async () => {
      const model = await evaluate('vit.onnx', 'Tiny ViT Family');
      // Nothing declared at submission: the intake's default rule chose, and each result says so.
      expect(model.featureTensor).toBeNull();
      for (const r of model.results) {
        expect(r.provenance.model).toMatchObject({
          featureOutput: '/Gather_output_0',
          featureSource: 'classifier-input',
          spatialSource: 'last-block-tokens',
        });
      }
      const dense = model.results.filter((r) => r.provenance.details?.spatial);
      expect(dense.length).toBeGreaterThan(0);
      for (const r of dense) {
        expect(r.provenance.details.spatial.maps).toEqual([
          expect.objectContaining({
            height: 7,
            width: 7,
            tokens: expect.objectContaining({ prefixTokens: 5, patchSize: 32 }),
          }),
        ]);
      }
    },
    FAMILY_TIMEOUT_MS,
  );

  it(
    'a tiny ConvNeXt: 25 of 25, its features after the LayerNorm that follows the pooling',
    async () => {
      const model = await evaluate('convnext.onnx', 'Tiny ConvNeXt Family');
      expect(model.featureTensor).toBeNull();
      for (const r of model.results)
        expect(r.provenance.model).toMatchObject({
          featureOutput: '/classifier/classifier.1/Flatten_output_0',
          spatialSource: 'before-global-pool',
        });
    },
    FAMILY_TIMEOUT_MS,
  );
});
