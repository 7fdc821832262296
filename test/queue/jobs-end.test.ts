import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jobs } from '@transferboard/db/schema';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { eq } from 'drizzle-orm';
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

/**
 * Jobs end: a hung task is killed at its time limit, a job whose progress stands still is taken
 * back as stalled, and a frozen API costs the job no attempt (real API and runner processes).
 */
describe.skipIf(!TEST_DATABASE_URL)('jobs end (real processes; 10 s leases, 25 s stalls)', () => {
  let stack: Stack;
  let hungData: string;
  const fixtures = inject('fixturesDir');
  beforeAll(async () => {
    stack = await startStack({ JOB_LEASE_SECONDS: '10', LEASE_SWEEP_MS: '300', JOB_STALL_SECONDS: '25' });
    // The dtd fixture with one training image that never finishes reading: a FIFO nobody writes to.
    hungData = mkdtempSync(join(tmpdir(), 'tb-hung-data-'));
    cpSync(join(fixtures, 'dtd'), join(hungData, 'dtd'), { recursive: true });
    const dir = join(hungData, 'dtd/dtd/images/banded');
    const image = join(dir, readdirSync(dir).sort()[0]!);
    rmSync(image);
    execFileSync('mkfifo', [image]);
  });
  afterAll(async () => {
    await stack?.close();
    if (hungData) rmSync(hungData, { recursive: true, force: true });
  });

  // An admin token: anonymous readers see runner names only as pseudonyms (docs/api.md, privacy).
  const status = async (id: string) => (await stack.gql(stack.tokens.admin, SUBMISSION, { id })).data.submission;
  const newSubmission = async (seed: number, name: string, maxAttempts?: number) => {
    const up = await upload(stack, buildTinyBackbone({ seed, layout: 'resnet50' }));
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const s = await submit(stack, up.body.id, name);
    if (maxAttempts) await stack.db.db.update(jobs).set({ maxAttempts }).where(eq(jobs.id, s.job.id));
    return s;
  };
  const taskPids = (output: string) => [...output.matchAll(/process group (\d+)/g)].map((m) => Number(m[1]));

  it('an image that never finishes reading hangs its task until the time limit kills it; the task is FAILED with the reason', async () => {
    const s = await newSubmission(31, 'Hung Read Net', 1);
    const runner = startRunner(stack, [
      '--data',
      hungData,
      '--once',
      '--tasks',
      'linear-dtd',
      '--name',
      'fifo',
      '--task-time-limit',
      '12',
    ]);
    expect(await runner.exited, runner.output()).toBe(0);
    const done = await status(s.id);
    const task = done.progress.find((p: any) => p.task.slug === 'linear-dtd');
    expect(task, JSON.stringify(done.progress)).toMatchObject({ status: 'FAILED' });
    expect(task.reason).toMatch(
      /^time limit: linear-dtd was still running after 12 s, its limit \(set by --task-time-limit\); its processes were killed/,
    );
    // One attempt allowed: the job and the submission fail, naming the task and why.
    expect(done.status).toBe('FAILED');
    expect(done.failureReason).toMatch(
      /1 task\(s\) failed in the last attempt \(1 of 1\): linear-dtd \(time limit: linear-dtd was still running after 12 s/,
    );
    // The task's process group is gone, the FIFO's blocked reader with it.
    const pids = taskPids(runner.output());
    expect(pids).toHaveLength(1);
    expect(isAlive(pids[0]!)).toBe(false);
  });

  it('a job whose progress stands still is taken back as stalled (the attempt counts), and its runner stops the task', async () => {
    const s = await newSubmission(32, 'Stalled Net');
    const runner = startRunner(stack, [
      '--data',
      hungData,
      '--once',
      '--tasks',
      'linear-dtd',
      '--name',
      'stuck',
      '--task-time-limit',
      '600',
    ]);
    expect(await runner.exited, runner.output()).toBe(0);
    expect(runner.output()).toMatch(/lease lost: .*made no progress for 25 s/);
    const now = await status(s.id);
    expect(now.status).toBe('QUEUED');
    expect(now.events.at(-1)).toMatchObject({ status: 'QUEUED', attempt: 1 });
    expect(now.events.at(-1).reason).toMatch(
      /^stalled: runner "stuck" made no progress for 25 s \(on task linear-dtd\) \(attempt 1 of 3\): queued again$/,
    );
    for (const pid of taskPids(runner.output())) expect(isAlive(pid)).toBe(false);
    await stack.gql(stack.tokens.submitter, `mutation($id: ID!) { cancelSubmission(id: $id) { status } }`, {
      id: s.id,
    });
  });

  it('an API frozen (SIGSTOP) for longer than the lease costs the job nothing: the runner carries on and finishes on attempt 1', async () => {
    const s = await newSubmission(33, 'Frozen Api Net');
    const runner = startRunner(stack, [
      '--data',
      fixtures,
      '--once',
      '--tasks',
      'linear-dtd,linear-pets',
      '--name',
      'patient',
    ]);
    await until(
      'the first task result',
      async () => (await status(s.id)).progress.some((p: any) => p.status === 'DONE'),
      120_000,
      runner.output,
    );
    // 25 s: two and a half leases without an answer from the API.
    await stack.pauseApi(25_000);
    expect(await runner.exited, runner.output()).toBe(0);
    const done = await status(s.id);
    expect(done.status, JSON.stringify(done.events)).toBe('SUCCEEDED');
    expect(done.job).toMatchObject({ attempt: 1, runner: 'patient' });
    expect(done.events.map((e: any) => `${e.status}:${e.attempt}`)).toEqual([
      'QUEUED:0',
      'LEASED:1',
      'RUNNING:1',
      'SUCCEEDED:1',
    ]);
    expect(stack.api().output()).toMatch(/the lease sweeper was away/);
  });
});
