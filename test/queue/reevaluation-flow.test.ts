import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry } from '@transferboard/suite/registry';
import { PROTOCOL_BUMP_VARIABLE } from '@transferboard/suite/versions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startRunner, startStack, submit, TEST_DATABASE_URL, upload, type Stack } from './stack';

// One linear task: the smallest run that has a protocol to bump (both fixture datasets are linear).
const TASK = 'linear-dtd';
const PROTOCOL = registry.task(TASK).protocol!;
const METRIC = registry.task(TASK).primaryMetric;
const BUMP = { [PROTOCOL_BUMP_VARIABLE]: PROTOCOL.id };
const JOBS = `query($id: ID!) { submission(id: $id) { status jobs { id kind status priority reason taskSlugs tasks { slug } } } }`;
const RESULTS = `query($slug: String!, $asOf: String) { model(slug: $slug) {
  results(task: "${TASK}", source: MEASURED, asOf: $asOf) { metric value stale staleReason protocolVersion } } }`;
type Result = { metric: string; value: number; stale: boolean; staleReason: string | null; protocolVersion: number };

/** A query's data; its errors fail the test with their messages. */
async function read(stack: Stack, query: string, variables: Record<string, unknown> = {}) {
  const res = await stack.gql(null, query, variables);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** The task's primary-metric results of the model, oldest first. */
async function primaryResults(stack: Stack, slug: string, asOf?: string): Promise<Result[]> {
  const data = await read(stack, RESULTS, { slug, ...(asOf ? { asOf } : {}) });
  return data.model.results.filter((r: Result) => r.metric === METRIC);
}
const BOARD = `query { leaderboard(suite: "ssl-transfer-v1", source: MEASURED) { rows { model { slug } cells { taskSlug value } } } }`;

describe.skipIf(!TEST_DATABASE_URL)(
  'a protocol version bump re-evaluates the stale tasks, through the real flow',
  () => {
    let stack: Stack;
    const fixtures = inject('fixturesDir');
    beforeAll(async () => {
      stack = await startStack();
    });
    afterAll(async () => stack?.close());

    it('stale after the bump, one re-evaluation of exactly those tasks, re-measured, history and asOf kept', async () => {
      const up = await upload(stack, readFileSync(join(fixtures, 'model.onnx')));
      expect(up.status).toBe(201);
      const submission = await submit(stack, up.body.id, 'Rerun Net');
      const slug = submission.model.slug;
      const work = ['--data', fixtures, '--once', '--threads', '1'];
      const first = startRunner(stack, [...work, '--tasks', TASK, '--name', 'first-runner']);
      expect(await first.exited, first.output()).toBe(0);
      const measured = await primaryResults(stack, slug);
      expect(measured).toMatchObject([{ stale: false, protocolVersion: PROTOCOL.version }]);

      // A test build declares one version more of the protocol: the start-up sync finds it.
      await stack.restartApi({ env: BUMP });
      const stale = await primaryResults(stack, slug);
      expect(stale).toMatchObject([{ value: measured[0]!.value, stale: true }]);
      expect(stale[0]!.staleReason).toMatch(`protocol ${PROTOCOL.id} v${PROTOCOL.version} → v${PROTOCOL.version + 1}`);
      const queued = (await read(stack, JOBS, { id: submission.id })).submission;
      expect(queued.status).toBe('SUCCEEDED'); // a re-evaluation does not take the submission back
      expect(queued.jobs).toHaveLength(2);
      expect(queued.jobs[1]).toMatchObject({
        kind: 'REEVALUATION',
        status: 'QUEUED',
        priority: 0,
        taskSlugs: [TASK],
        tasks: [{ slug: TASK }],
        reason: expect.stringContaining(`protocol ${PROTOCOL.id}`),
      });
      // Another restart queues nothing more.
      await stack.restartApi();
      expect((await read(stack, JOBS, { id: submission.id })).submission.jobs).toHaveLength(2);
      const beforeRerun = new Date().toISOString();

      // No --tasks: the job itself limits the run to its task (the suite has 24 others).
      const rerun = startRunner(stack, [...work, '--name', 'rerun-runner'], BUMP);
      expect(await rerun.exited, rerun.output()).toBe(0);
      expect(rerun.output()).toMatch(/claimed job .*\n(.*\n)*.*task 1\/1 linear-dtd \(/);
      expect(rerun.output()).toMatch(/: every task measured/);
      const after = (await read(stack, JOBS, { id: submission.id })).submission;
      expect(after.status).toBe('SUCCEEDED');
      expect(after.jobs[1].status).toBe('SUCCEEDED');

      const history = await primaryResults(stack, slug);
      // Both measurements are kept: the old one under its version (stale), the new one fresh.
      expect(history).toHaveLength(2);
      const fresh = history.find((r) => !r.stale)!;
      expect(fresh.protocolVersion).toBe(PROTOCOL.version + 1);
      const old = await primaryResults(stack, slug, beforeRerun);
      expect(old).toMatchObject([{ value: measured[0]!.value, protocolVersion: PROTOCOL.version }]);
      const row = (await read(stack, BOARD)).leaderboard.rows.find(
        (r: { model: { slug: string } }) => r.model.slug === slug,
      );
      expect(row.cells.find((c: { taskSlug: string }) => c.taskSlug === TASK).value).toBe(fresh.value);
    });
  },
);
