import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hostileUploads } from './hostile-models';
import { startRunner, startStack, submit, SUBMISSION, TEST_DATABASE_URL, upload, type Stack } from './stack';

const TASKS = 'linear-dtd,linear-pets';
const JOB_ETA = 'query($id: ID!) { submission(id: $id) { job { eta { secondsLeft basis } } } }';
const MAX = 2 * 1024 * 1024;

describe.skipIf(!TEST_DATABASE_URL)(
  'submissions through a real API process: upload to leaderboard row, quota, hostile uploads',
  () => {
    let stack: Stack;
    const fixtures = inject('fixturesDir');
    beforeAll(async () => {
      stack = await startStack({
        SUBMISSION_QUOTA: '2',
        ARTIFACT_MAX_BYTES: String(MAX),
        ARTIFACT_VALIDATE_TIMEOUT_MS: '20000',
      });
    });
    afterAll(async () => stack?.close());

    it('uploads, submits, is evaluated by `work --once` and ranks with measured results', async () => {
      const model = readFileSync(join(fixtures, 'model.onnx'));
      const up = await upload(stack, model);
      expect(up.status).toBe(201);
      // The pooled map [N,64,1,1] instead of the default (the Flatten the classifier head reads).
      const submission = await submit(stack, up.body.id, 'Queue Flow Net', {
        featureTensor: '/avgpool/GlobalAveragePool_output_0',
      });
      const queued = await stack.gql(null, SUBMISSION, { id: submission.id });
      expect(queued.data.submission).toMatchObject({ status: 'QUEUED', job: { status: 'QUEUED' } });

      // The same bytes again: refused, naming the first submission.
      const again = await stack.gql(
        stack.tokens.submitter,
        `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }`,
        { input: { artifactId: up.body.id, name: 'Again' } },
      );
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', submissionId: submission.id });

      const runner = startRunner(stack, ['--data', fixtures, '--once', '--tasks', TASKS, '--name', 'flow-runner']);
      // While it runs, the job carries the runner's estimate (sent with the heartbeat after the download).
      const etas: { secondsLeft: number; basis: string }[] = [];
      let exited = false;
      void runner.exited.then(() => (exited = true));
      while (!exited) {
        const eta = (await stack.gql(null, JOB_ETA, { id: submission.id })).data?.submission.job?.eta;
        if (eta) etas.push(eta);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(await runner.exited, runner.output()).toBe(0);
      expect(etas.length, runner.output()).toBeGreaterThan(0);
      // Polled every 200 ms, so a fast host may finish the first task before the first poll:
      // whatever was seen names 2 or 1 tasks left, never more later than earlier.
      const left = etas.map((e) => {
        expect(e.secondsLeft).toBeGreaterThanOrEqual(0);
        expect(e.basis).toMatch(/^[12] task\(s\) left; calibrated: \d+ GFLOP\/s/);
        return Number(e.basis[0]);
      });
      expect(left).toEqual([...left].sort().reverse());
      // Progress on a stderr that is not a terminal: the job's steps as plain lines, no redraws.
      const log = runner.output();
      expect(log).toMatch(/claimed job [0-9a-f-]{36} \(submission .*, attempt 1\/\d+\)/);
      expect(log).toMatch(/estimate: .+ for 2 task\(s\) \(calibrated: \d+ GFLOP\/s/);
      expect(log).toMatch(/task 1\/2 linear-dtd \(time limit \d+ s, /);
      expect(log).toMatch(/task 1\/2 linear-dtd: ok \(\d+\.\d s\)/);
      expect(log).toMatch(/task 2\/2 linear-pets: ok \(\d+\.\d s\)/);
      expect(log).toMatch(/job [0-9a-f-]{36}: 2 of 25 tasks measured; job SUCCEEDED/);
      expect(log).not.toContain('\r');
      expect(log).not.toContain('\u001b');

      const done = (await stack.gql(null, SUBMISSION, { id: submission.id })).data.submission;
      expect(done.status, JSON.stringify(done)).toBe('SUCCEEDED');
      const measured = done.progress.filter((p: any) => p.status === 'DONE').map((p: any) => p.task.slug);
      expect(measured.sort()).toEqual(TASKS.split(','));
      expect(done.events.map((e: any) => e.status)).toEqual(['QUEUED', 'LEASED', 'RUNNING', 'SUCCEEDED']);
      expect(done.events.at(-1).reason).toMatch(/2 of 25 tasks measured; no result for 23/);

      const board = await stack.gql(
        null,
        `query { leaderboard(suite: "ssl-transfer-v1", source: MEASURED) { rows { rank model { slug } } } }`,
      );
      expect(board.errors).toBeUndefined();
      expect(board.data.leaderboard.rows.map((r: any) => r.model.slug)).toContain(submission.model.slug);
      const results = await stack.gql(
        null,
        `query($slug: String!) { model(slug: $slug) { results(source: MEASURED) { task { slug } metric value source } } }`,
        { slug: submission.model.slug },
      );
      const primaries = results.data.model.results.filter(
        (r: any) => r.metric === 'top1' || r.metric === 'mean_per_class',
      );
      expect(primaries.map((r: any) => r.task.slug).sort()).toEqual(TASKS.split(','));
      for (const r of primaries) expect(r.value).toBeGreaterThanOrEqual(0);
      // Every result says which tensors it was computed from, and why.
      const provenance = await stack.gql(
        null,
        `query($slug: String!) { model(slug: $slug) { featureTensor results(source: MEASURED) { provenance } } }`,
        { slug: submission.model.slug },
      );
      expect(provenance.data.model.featureTensor).toBe('/avgpool/GlobalAveragePool_output_0');
      for (const r of provenance.data.model.results) {
        expect(r.provenance.model).toMatchObject({
          featureOutput: '/avgpool/GlobalAveragePool_output_0',
          featureSource: 'declared',
          spatialSource: 'before-global-pool',
        });
        expect(r.provenance.model.spatialOutputs).toHaveLength(4);
      }
    });

    it('holds each submitter to SUBMISSION_QUOTA live submissions and shows the queue position', async () => {
      const { buildTinyBackbone } = await import('@transferboard/onnx-intake/tiny-backbone');
      const ids: string[] = [];
      for (const seed of [31, 32]) {
        const up = await upload(stack, buildTinyBackbone({ seed, layout: 'resnet50' }));
        ids.push((await submit(stack, up.body.id, `Quota Net ${seed}`)).id);
      }
      const positions = await Promise.all(
        ids.map(
          async (id) =>
            (await stack.gql(null, 'query($id: ID!) { submission(id: $id) { queuePosition } }', { id })).data.submission
              .queuePosition,
        ),
      );
      expect(positions).toEqual([1, 2]);
      const third = await upload(stack, buildTinyBackbone({ seed: 33, layout: 'resnet50' }));
      const refused = await stack.gql(
        stack.tokens.submitter,
        `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }`,
        { input: { artifactId: third.body.id, name: 'Quota Net 33' } },
      );
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 2, live: 2 });
      await stack.gql(stack.tokens.submitter, 'mutation($id: ID!) { cancelSubmission(id: $id) { status } }', {
        id: ids[0],
      });
      expect(
        (await stack.gql(null, 'query($id: ID!) { submission(id: $id) { queuePosition } }', { id: ids[1] })).data
          .submission.queuePosition,
      ).toBe(1);
      const accepted = await stack.gql(
        stack.tokens.submitter,
        `mutation($input: SubmitModelInput!) { submitModel(input: $input) { id } }`,
        { input: { artifactId: third.body.id, name: 'Quota Net 33' } },
      );
      expect(accepted.errors).toBeUndefined();
    });

    it.each(hostileUploads(MAX))(
      '$name: a clear 4xx, and the API stays up',
      async ({ body, status, message, reason }) => {
        const res = await upload(stack, body);
        expect(res.status, JSON.stringify(res.body)).toBe(status);
        expect(res.body.error).toMatch(message);
        if (reason) expect(res.body).toMatchObject({ code: 'INVALID_MODEL', reason, cached: false });
        expect(res.body.error).not.toMatch(/\n\s+at /); // no stack trace
        expect((await fetch(`${stack.base}/healthz`)).status).toBe(200);
        expect(stack.api().child.exitCode).toBeNull();
      },
    );

    it('answers a refused model uploaded again from the record of refusals, by sha256', async () => {
      const cyclic = hostileUploads(MAX).find((u) => u.reason === 'CYCLIC_GRAPH')!;
      const again = await upload(stack, cyclic.body);
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ code: 'INVALID_MODEL', reason: 'CYCLIC_GRAPH', cached: true });
      expect(again.body.error).toMatch(cyclic.message);
    });

    it('refuses uploads without a submitter token', async () => {
      expect((await upload(stack, new Uint8Array(10), `tb_${'x'.repeat(43)}`)).status).toBe(401);
      expect((await upload(stack, new Uint8Array(10), stack.tokens.runner)).status).toBe(403);
    });
  },
);
