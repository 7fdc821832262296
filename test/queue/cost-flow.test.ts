import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costReferences } from '@transferboard/onnx-intake/test-vectors';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { startRunner, startStack, submit, SUBMISSION, TEST_DATABASE_URL, upload, type Stack } from './stack';

const TASKS = 'linear-dtd,linear-pets';
const COST = `query($slug: String!) { model(slug: $slug) {
  cost { parameters gflopsPerImage imagesPerSecond peakMemoryMiB device provider precision batchSize imagesMeasured tasksMeasured }
  costs { device imagesPerSecond }
  anatomy { family inputSize featureTensor featureSource }
} }`;

describe.skipIf(!TEST_DATABASE_URL)('what a model costs, through the real flow: upload, submit, `work --once`', () => {
  let stack: Stack;
  const fixtures = inject('fixturesDir');
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => stack?.close());

  it("the fixture model gets its graph's parameters and GFLOPs at upload, and the runner's img/s and device once measured", async () => {
    const up = await upload(stack, readFileSync(join(fixtures, 'model.onnx')));
    expect(up.status).toBe(201);
    const submission = await submit(stack, up.body.id, 'Cost Flow Net');
    const slug = submission.model.slug;

    const before = (await stack.gql(null, COST, { slug })).data.model;
    expect(before.cost.parameters).toBeGreaterThan(0);
    expect(before.cost.gflopsPerImage).toBeGreaterThan(0);
    expect(before.cost).toMatchObject({ imagesPerSecond: null, device: null });
    expect(before.anatomy).toMatchObject({ family: 'CONVOLUTIONAL', inputSize: 224 });

    // A work directory of its own: the fixtures' shared one may hold this model's features from
    // other tests, and features served from the cache are (rightly) not timed.
    const workDir = mkdtempSync(join(tmpdir(), 'tb-cost-flow-'));
    onTestFinished(() => rmSync(workDir, { recursive: true, force: true }));
    const runner = startRunner(stack, [
      '--data',
      fixtures,
      '--work',
      workDir,
      '--once',
      '--tasks',
      TASKS,
      '--name',
      'cost-runner',
      '--threads',
      '1',
    ]);
    expect(await runner.exited, runner.output()).toBe(0);
    expect((await stack.gql(null, SUBMISSION, { id: submission.id })).data.submission.status).toBe('SUCCEEDED');
    expect(runner.output()).toMatch(/throughput linear-dtd: [\d.]+ img\/s on .+ \(fp32, batch \d+\)/);

    const after = (await stack.gql(null, COST, { slug })).data.model;
    expect(after.cost).toMatchObject({
      parameters: before.cost.parameters,
      gflopsPerImage: before.cost.gflopsPerImage,
      provider: 'cpu',
      precision: 'FP32',
      tasksMeasured: 2,
    });
    expect(after.cost.imagesPerSecond).toBeGreaterThan(0);
    expect(after.cost.device).toMatch(/\(1 threads\)$/);
    expect(after.cost.peakMemoryMiB).toBeGreaterThan(50);
    expect(after.cost.batchSize).toBeGreaterThan(0);
    expect(after.cost.imagesMeasured).toBeGreaterThan(0);
    expect(after.costs).toHaveLength(1);
  });

  it("gives the paper's models the reference script's ResNet-50 counts", async () => {
    const r = costReferences().resnet50;
    const paper = (await stack.gql(null, COST, { slug: 'simclr-v1' })).data.model.cost;
    expect(paper.parameters).toBe(r.parameters - r.bnChannels);
    expect(paper.gflopsPerImage).toBeCloseTo((2 * r.totalMacs) / 1e9, 9);
  });
});
