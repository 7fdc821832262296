import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { startRunner, startStack, submit, SUBMISSION, TEST_DATABASE_URL, until, upload, type Stack } from './stack';
import { startThrottleProxy, type ThrottleProxy } from './throttle-proxy';

/**
 * Model downloads through a proxy that slows them to a trickle (about 80 KiB/s: the 349 kB test
 * model takes 4 s), so runners can be killed, stopped and starved mid-download.
 */
describe.skipIf(!TEST_DATABASE_URL)('runners interrupted mid-download (real processes, 10 s leases)', () => {
  let stack: Stack;
  let proxy: ThrottleProxy;
  let work: string;
  const fixtures = inject('fixturesDir');
  beforeAll(async () => {
    stack = await startStack({ JOB_LEASE_SECONDS: '10', LEASE_SWEEP_MS: '300' });
    proxy = await startThrottleProxy(stack.base, { chunkBytes: 4 * 1024, everyMs: 50 });
  });
  afterAll(async () => {
    await proxy?.close();
    await stack?.close();
  });
  beforeEach(() => {
    // A work folder of their own: the model is not already there from another test.
    work = mkdtempSync(join(tmpdir(), 'tb-download-work-'));
    proxy.downloads.length = 0;
    return () => rmSync(work, { recursive: true, force: true });
  });

  // An admin token: anonymous readers see runner names only as pseudonyms (docs/api.md, privacy).
  const status = async (id: string) => (await stack.gql(stack.tokens.admin, SUBMISSION, { id })).data.submission;
  const newSubmission = async (seed: number, name: string) => {
    const bytes = buildTinyBackbone({ seed, layout: 'resnet50' });
    const up = await upload(stack, bytes);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    return { ...(await submit(stack, up.body.id, name)), size: bytes.length };
  };
  const runner = (name: string, extra: string[] = []) =>
    startRunner(stack, [
      '--api',
      proxy.base,
      '--data',
      fixtures,
      '--work',
      work,
      '--once',
      '--tasks',
      'linear-dtd',
      '--name',
      name,
      ...extra,
    ]);
  const midDownload = () =>
    until('a third of the model downloaded', async () => (proxy.downloads[0]?.bytes ?? 0) > 120_000, 60_000);
  const parts = () => readdirSync(join(work, 'models')).filter((f) => f.endsWith('.part'));

  it('a runner killed (SIGKILL) mid-download: the next runner resumes the download where it stopped', async () => {
    const s = await newSubmission(41, 'Killed Download Net');
    const first = runner('cut');
    await midDownload();
    first.child.kill('SIGKILL');
    await first.exited;
    const had = proxy.downloads[0]!.bytes;
    expect(parts()).toHaveLength(1);
    await until('the lease to expire', async () => (await status(s.id)).status === 'QUEUED', 30_000);
    const second = runner('resumer');
    expect(await second.exited, second.output()).toBe(0);
    const done = await status(s.id);
    expect(done.status, JSON.stringify(done.events)).toBe('SUCCEEDED');
    expect(done.job.attempt).toBe(2);
    // The second download asked for the rest only, and got exactly that.
    const resumed = proxy.downloads[1]!;
    const from = Number(/^bytes=(\d+)-$/.exec(resumed.range ?? '')?.[1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(had);
    expect(resumed).toMatchObject({ status: 206, bytes: s.size - from, done: true });
    expect(parts()).toEqual([]);
  });

  it('a runner stopped (SIGTERM) mid-download exits within 10 s and releases the job without using an attempt', async () => {
    const s = await newSubmission(42, 'Stopped Download Net');
    const first = runner('stopping');
    await midDownload();
    const asked = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited, first.output()).toBe(0);
    expect(Date.now() - asked).toBeLessThan(10_000);
    const released = await status(s.id);
    expect(released.status).toBe('QUEUED');
    expect(released.job.attempt).toBe(0);
    expect(released.events.at(-1).reason).toMatch(
      /^released \(runner "stopping" stopped \(SIGTERM\) mid-job\); attempt 1 does not count: queued again$/,
    );
    const second = runner('next');
    expect(await second.exited, second.output()).toBe(0);
    const done = await status(s.id);
    expect(done.status).toBe('SUCCEEDED');
    // (RUNNING comes with a first heartbeat, which the stopped runner may not have sent yet.)
    expect(done.events.filter((e: any) => e.status !== 'RUNNING').map((e: any) => `${e.status}:${e.attempt}`)).toEqual([
      'QUEUED:0',
      'LEASED:1',
      'QUEUED:1',
      'LEASED:1',
      'SUCCEEDED:1',
    ]);
    expect(proxy.downloads[1]?.range).toMatch(/^bytes=[1-9]\d*-$/);
  });

  it('a download that stops receiving bytes is given up after the idle limit and resumed, with no limit on its total time', async () => {
    const s = await newSubmission(43, 'Starved Download Net');
    const only = runner('starved', ['--download-idle-timeout', '2']);
    await midDownload();
    proxy.stall(true);
    await until(
      'the runner to give the silent connection up and ask again',
      async () => proxy.downloads.length >= 2,
      30_000,
      only.output,
    );
    proxy.stall(false);
    expect(await only.exited, only.output()).toBe(0);
    expect(only.output()).toMatch(
      /download of [0-9a-f]{12} interrupted \(no byte for 2 s\); resuming at byte [1-9]\d*/,
    );
    const done = await status(s.id);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.job.attempt).toBe(1);
    // The whole download took longer than the idle limit many times over; only silence ends a connection.
    expect(proxy.downloads.at(-1)).toMatchObject({ status: 206, done: true });
  });
});
