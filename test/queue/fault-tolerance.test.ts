import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { artifacts } from '@transferboard/db/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  isAlive,
  startRunner,
  startStack,
  submit,
  SUBMISSION,
  TEST_DATABASE_URL,
  until,
  upload,
  type Stack,
} from './stack';

const TASKS = ['linear-dtd', 'linear-pets'];

describe.skipIf(!TEST_DATABASE_URL)('the queue under faults (real processes, 10 s leases)', () => {
  let stack: Stack;
  const fixtures = inject('fixturesDir');
  beforeAll(async () => {
    stack = await startStack({ JOB_LEASE_SECONDS: '10', LEASE_SWEEP_MS: '300' });
  });
  afterAll(async () => stack?.close());

  // An admin token: anonymous readers see runner names only as pseudonyms (docs/api.md, privacy).
  const status = async (id: string) => (await stack.gql(stack.tokens.admin, SUBMISSION, { id })).data.submission;
  const newSubmission = async (seed: number, name: string) => {
    const up = await upload(
      stack,
      seed === 0 ? readFileSync(join(fixtures, 'model.onnx')) : buildTinyBackbone({ seed, layout: 'resnet50' }),
    );
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    return submit(stack, up.body.id, name);
  };
  /** Measured result rows per task of one model: exactly-once means one row per (task, metric). */
  const resultRows = async (modelSlug: string) => {
    const rows =
      await stack.db.db.execute(sql`select r.task_slug, r.metric, count(*)::int as n, min((r.provenance->>'attempt')::int) as attempt
      from results r join models m on m.id = r.model_id where m.slug = ${modelSlug} and r.source = 'measured' group by 1, 2 order by 1, 2`);
    return (rows as unknown as { rows: { task_slug: string; metric: string; n: number; attempt: number }[] }).rows;
  };

  it('a runner killed with SIGKILL mid-job: the lease expires, a second runner finishes, each result stored once', async () => {
    const s = await newSubmission(0, 'Killed Runner Net');
    const first = startRunner(stack, ['--data', fixtures, '--once', '--tasks', TASKS.join(','), '--name', 'doomed']);
    // Kill it right after its first task is stored: the second task is lost with it.
    await until(
      'the first task result',
      async () => (await status(s.id)).progress.some((p: any) => p.status === 'DONE'),
      90_000,
      first.output,
    );
    first.child.kill('SIGKILL');
    await first.exited;
    await until(
      'the lease to expire and the job to be queued again',
      async () => (await status(s.id)).status === 'QUEUED',
      30_000,
    );
    const second = startRunner(stack, ['--data', fixtures, '--once', '--tasks', TASKS.join(','), '--name', 'rescuer']);
    expect(await second.exited, second.output()).toBe(0);
    const done = await status(s.id);
    expect(done.status, JSON.stringify(done.events)).toBe('SUCCEEDED');
    expect(done.job).toMatchObject({ attempt: 2, runner: 'rescuer' });
    expect(done.events.map((e: any) => `${e.status}:${e.attempt}`)).toEqual([
      'QUEUED:0',
      'LEASED:1',
      'RUNNING:1',
      'QUEUED:1',
      'LEASED:2',
      'RUNNING:2',
      'SUCCEEDED:2',
    ]);
    expect(done.events[3].reason).toMatch(/lease of runner "doomed" expired without a heartbeat/);
    expect(second.output()).toMatch(/linear-dtd: measured by an earlier attempt, skipped/);
    const rows = await resultRows(s.model.slug);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const primary = rows.filter((r) => r.metric === 'top1' || r.metric === 'mean_per_class');
    expect(primary.map((r) => [r.task_slug, r.attempt])).toEqual([
      ['linear-dtd', 1],
      ['linear-pets', 2],
    ]);
  });

  it('SIGTERM mid-task stops the runner within 10 s, kills the task and releases the job at once without using an attempt', async () => {
    const s = await newSubmission(12, 'Sigterm Net');
    const runner = startRunner(stack, ['--data', fixtures, '--tasks', TASKS.join(','), '--name', 'polite']);
    await until('a task to run', async () => /process group (\d+)/.exec(runner.output()), 60_000, runner.output);
    const asked = Date.now();
    runner.child.kill('SIGTERM');
    expect(await runner.exited, runner.output()).toBe(0);
    expect(Date.now() - asked).toBeLessThan(10_000);
    const task = Number(/process group (\d+)/.exec(runner.output())![1]);
    expect(isAlive(task)).toBe(false);
    const released = await status(s.id);
    expect(released.status).toBe('QUEUED');
    expect(released.job.attempt).toBe(0);
    expect(released.events.at(-1).reason).toMatch(
      /^released \(runner "polite" stopped \(SIGTERM\) mid-job\); attempt 1 does not count: queued again$/,
    );
    await stack.gql(stack.tokens.submitter, `mutation($id: ID!) { cancelSubmission(id: $id) { status } }`, {
      id: s.id,
    });
  });

  it('runners racing for jobs never hold the same job at once', async () => {
    // Artifact rows straight in the database: the race is over claims, not uploads (validated elsewhere).
    const made = [];
    for (let i = 0; i < 12; i++) {
      const sha256 = randomBytes(32).toString('hex');
      const [a] = await stack.db.db
        .insert(artifacts)
        .values({ sha256, size: 1, storageKey: sha256 })
        .returning({ id: artifacts.id });
      made.push(await submit(stack, a!.id, `Race Net ${i}`));
    }
    const claimLoop = `
      const [base, token, name] = process.argv.slice(1);
      const q = (query, variables) => fetch(base + '/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query, variables }) }).then((r) => r.json());
      const held = [];
      for (;;) {
        const { data, errors } = await q('mutation($r: String!) { claimJob(runner: $r) { id fencingToken } }', { r: name });
        if (errors) throw new Error(JSON.stringify(errors));
        if (!data.claimJob) break;
        held.push(data.claimJob.id);
      }
      console.log(JSON.stringify(held));`;
    const { spawn } = await import('node:child_process');
    const racers = ['a', 'b', 'c', 'd'].map((name) => {
      const child = spawn(
        process.execPath,
        ['--input-type=module', '-e', claimLoop, stack.base, stack.tokens.runner, `racer-${name}`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      return new Promise<string[]>((resolve) => child.on('exit', () => resolve(JSON.parse(out.trim() || '[]'))));
    });
    const held = (await Promise.all(racers)).flat();
    expect(held.sort()).toEqual(made.map((m) => m.job.id).sort());
    for (const m of made)
      await stack.gql(stack.tokens.submitter, `mutation($id: ID!) { cancelSubmission(id: $id) { status } }`, {
        id: m.id,
      });
  });
});
