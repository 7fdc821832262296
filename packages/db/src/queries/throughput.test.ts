import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../client';
import { jobs } from '../schema';
import { createTestDb, submitTestModel, testDbKinds } from '../testing';
import { claimJob } from './claim-job';
import { createApiToken } from './create-api-token';
import { findDataVersion } from './find-data-version';
import { findModelInspections } from './find-model-inspections';
import { listModelThroughput } from './list-model-throughput';
import type { JobWriter } from './lock-fenced-job';
import { recordThroughput, type ThroughputMeasurement } from './record-throughput';

const RUNNER: JobWriter = { tokenId: null, admin: false };
const CPU: ThroughputMeasurement = {
  device: 'Test CPU (2 threads)',
  provider: 'cpu',
  precision: 'fp32',
  batchSize: 32,
  images: 100,
  seconds: 4,
  peakRssMiB: 500,
  peakGpuMiB: null,
};

describe.each(testDbKinds)('throughput measurements on %s', (kind) => {
  let handle: DbHandle;
  let tokenId: string;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    tokenId = (await createApiToken(handle.db, { name: 't', role: 'submitter', tokenHash: `t-${kind}`, prefix: 't' }))
      .id;
  });
  afterAll(async () => handle?.close());

  async function submitAndClaim(slug: string, inspection: Record<string, unknown>) {
    const created = await submitTestModel(handle.db, slug, { submittedBy: tokenId, inspection });
    await handle.db
      .update(jobs)
      .set({ status: 'CANCELLED' })
      .where(sql`${jobs.id} <> ${created.jobId} and ${jobs.status} = 'QUEUED'`);
    const job = (await claimJob(handle.db, { runner: 'r', leaseSeconds: 60 }))!;
    expect(job.id).toBe(created.jobId);
    return { job, modelId: created.submission.modelId };
  }

  it('sums images and seconds per device, replaces a task reported again, and bumps the data version', async () => {
    const { job, modelId } = await submitAndClaim('costly', { cost: { parameters: 7 }, tensors: { a: [1] } });
    const before = await findDataVersion(handle.db, 'results');
    const report = (taskSlug: string, m: Partial<ThroughputMeasurement>) =>
      recordThroughput(handle.db, {
        jobId: job.id,
        fencingToken: job.fencingToken,
        taskSlug,
        by: RUNNER,
        measurement: { ...CPU, ...m },
      });
    expect((await report('linear-cifar10', { images: 999 })).ok).toBe(true);
    expect((await report('linear-cifar10', {})).ok).toBe(true); // replaces the 999
    expect((await report('linear-dtd', { images: 300, seconds: 2, peakRssMiB: 800 })).ok).toBe(true);
    expect(
      (
        await report('linear-pets', {
          device: 'Other GPU',
          provider: 'cuda',
          precision: 'fp16',
          images: 50,
          seconds: 0.5,
          peakGpuMiB: 900,
        })
      ).ok,
    ).toBe(true);
    expect(await findDataVersion(handle.db, 'results')).toBeGreaterThan(before);
    const groups = await listModelThroughput(handle.db, [modelId]);
    expect(groups).toHaveLength(2);
    const cpu = groups.find((g) => g.device === CPU.device)!;
    expect(cpu).toMatchObject({
      images: 400,
      seconds: 6,
      peakRssMiB: 800,
      peakGpuMiB: null,
      tasks: 2,
      precision: 'fp32',
      batchSize: 32,
    });
    expect(cpu.imagesPerSecond).toBeCloseTo(400 / 6, 10);
    expect(groups.find((g) => g.device === 'Other GPU')).toMatchObject({
      provider: 'cuda',
      precision: 'fp16',
      imagesPerSecond: 100,
      peakGpuMiB: 900,
    });
    expect(await findModelInspections(handle.db, [modelId])).toEqual([
      { modelId, inspection: { cost: { parameters: 7 } } },
    ]);
  });

  it('refuses a stale lease and stores nothing', async () => {
    const { job, modelId } = await submitAndClaim('stale-cost', {});
    const stale = await recordThroughput(handle.db, {
      jobId: job.id,
      fencingToken: job.fencingToken - 1,
      taskSlug: 'linear-dtd',
      by: RUNNER,
      measurement: CPU,
    });
    expect(stale).toMatchObject({ ok: false, reason: 'stale' });
    await handle.db.update(jobs).set({ status: 'CANCELLED' }).where(eq(jobs.id, job.id));
    expect(await listModelThroughput(handle.db, [modelId])).toEqual([]);
  });
});
