import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRunner, startStack, submit, SUBMISSION, TEST_DATABASE_URL, until, upload, type Stack } from './stack';

describe.skipIf(!TEST_DATABASE_URL)('the API restarted mid-job', () => {
  let stack: Stack;
  const fixtures = inject('fixturesDir');
  // The lease outlives the restart (the API takes ~10 s to migrate, seed and listen here).
  beforeAll(async () => {
    stack = await startStack({ JOB_LEASE_SECONDS: '90' });
  });
  afterAll(async () => stack?.close());

  it('the runner retries through the outage and completes the job on its first attempt', async () => {
    const up = await upload(stack, buildTinyBackbone({ seed: 21, layout: 'resnet50' }));
    const s = await submit(stack, up.body.id, 'Api Restart Net');
    // An admin token: anonymous readers see runner names only as pseudonyms (docs/api.md, privacy).
    const status = async () => (await stack.gql(stack.tokens.admin, SUBMISSION, { id: s.id })).data.submission;
    // --no-progress: the job's steps are not printed, what went wrong (the outage) still is.
    const runner = startRunner(stack, [
      '--data',
      fixtures,
      '--once',
      '--tasks',
      'linear-dtd,linear-pets',
      '--name',
      'steady',
      '--no-progress',
    ]);
    // Restart while the second task is being evaluated: its report meets the outage.
    await until(
      'the first task result',
      async () => (await status()).progress.some((p: any) => p.status === 'DONE'),
      90_000,
      runner.output,
    );
    await stack.restartApi({ downMs: 1000 });
    expect(await runner.exited, runner.output()).toBe(0);
    const done = await status();
    expect(done.status, JSON.stringify(done.events)).toBe('SUCCEEDED');
    expect(done.job).toMatchObject({ attempt: 1, runner: 'steady' });
    expect(runner.output()).not.toMatch(/claimed job|downloading model|task \d+\/2|tasks measured/);
    expect(runner.output()).toMatch(/^1 job\(s\) handled$/m);
    expect(
      done.progress
        .filter((p: any) => p.status === 'DONE')
        .map((p: any) => p.task.slug)
        .sort(),
    ).toEqual(['linear-dtd', 'linear-pets']);
  });
});
