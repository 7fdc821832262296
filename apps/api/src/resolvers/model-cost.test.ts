import { createHash } from 'node:crypto';
import { artifacts } from '@transferboard/db/schema';
import { inspectModelBytes } from '@transferboard/onnx-intake/inspect';
import { costReferences, referenceExport } from '@transferboard/onnx-intake/test-vectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '../auth/token-admin';
import { startHarness, type Harness } from '../test/harness';

const COST = `query($slug: String!, $device: String) { model(slug: $slug) {
  cost(device: $device) { parameters gflopsPerImage imagesPerSecond peakMemoryMiB peakGpuMemoryMiB device provider precision batchSize imagesMeasured tasksMeasured }
  costs { device imagesPerSecond }
  anatomy { family familySource patchSize inputShape inputSize featureTensor featureSource featureDimension spatialTensors spatialSource }
} }`;
const SUBMIT = `mutation($input: SubmitModelInput!) { submitModel(input: $input) { model { slug } } }`;
const CLAIM = `mutation { claimJob(runner: "r") { id fencingToken model { slug } } }`;
const REPORT = `mutation($jobId: ID!, $token: Int!, $task: String!, $m: ThroughputInput!) {
  reportThroughput(jobId: $jobId, fencingToken: $token, task: $task, measurement: $m) { id } }`;

const refs = costReferences();
const CPU = {
  device: 'Test CPU (2 threads)',
  provider: 'cpu',
  precision: 'FP32',
  batchSize: 32,
  images: 200,
  seconds: 4,
  peakMemoryMiB: 600,
};

describe('Model.cost, Model.costs, Model.anatomy and reportThroughput', () => {
  let h: Harness;
  const tokens = { submitter: '', runner: '' };
  beforeAll(async () => {
    h = await startHarness('pglite');
    tokens.submitter = (await createToken(h.db.db, { role: 'submitter', name: 's' })).token;
    tokens.runner = (await createToken(h.db.db, { role: 'runner', name: 'r' })).token;
  });
  afterAll(async () => h?.close());

  async function submitted(bytes: Uint8Array, name: string): Promise<string> {
    const { file: _file, ...inspection } = inspectModelBytes(bytes, 'upload').info;
    const sha256 = createHash('sha256').update(bytes).update(name).digest('hex');
    const [row] = await h.db.db
      .insert(artifacts)
      .values({ sha256, size: bytes.byteLength, storageKey: sha256, inspection })
      .returning({ id: artifacts.id });
    // A submitter of its own per model: the live-submission quota (3) is not what is tested here.
    const submitter = (await createToken(h.db.db, { role: 'submitter', name: `s-${name}` })).token;
    const res = await h.gql(SUBMIT, { input: { artifactId: row!.id, name } }, submitter);
    expect(res.json.errors).toBeUndefined();
    return res.json.data.submitModel.model.slug;
  }

  it("gives every paper model the reference script's ResNet-50 counts and its anatomy, unmeasured", async () => {
    const r = refs.resnet50;
    for (const slug of ['supervised', 'simclr-v2', 'byol']) {
      const model = (await h.gql(COST, { slug })).json.data.model;
      expect(model.cost).toMatchObject({
        parameters: r.parameters - r.bnChannels,
        imagesPerSecond: null,
        device: null,
      });
      expect(model.cost.gflopsPerImage).toBeCloseTo((2 * r.totalMacs) / 1e9, 9);
      expect(model.costs).toEqual([]);
      expect(model.anatomy).toMatchObject({
        family: 'CONVOLUTIONAL',
        familySource: 'paper',
        patchSize: null,
        inputSize: 224,
        featureDimension: 2048,
      });
    }
  });

  it("gives a submitted ViT its graph's counts, family and patch size, then the runner's throughput per device", async () => {
    const r = refs['vit-tiny'];
    const slug = await submitted(referenceExport(r), 'Cost ViT');
    const before = (await h.gql(COST, { slug })).json.data.model;
    expect(before.cost).toMatchObject({ parameters: r.parameters, imagesPerSecond: null });
    expect(before.cost.gflopsPerImage).toBeCloseTo((2 * r.totalMacs) / 1e9, 9);
    expect(before.anatomy).toMatchObject({
      family: 'VISION_TRANSFORMER',
      familySource: 'inferred',
      patchSize: 32,
      inputSize: 224,
      featureSource: 'classifier-input',
      featureDimension: 64,
    });

    const job = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    expect(job.model.slug).toBe(slug);
    const report = (task: string, m: Record<string, unknown>) =>
      h.gql(REPORT, { jobId: job.id, token: job.fencingToken, task, m: { ...CPU, ...m } }, tokens.runner);
    expect((await report('linear-cifar10', {})).json.errors).toBeUndefined();
    expect((await report('linear-dtd', { images: 100, seconds: 1, peakMemoryMiB: 700 })).json.errors).toBeUndefined();
    expect(
      (
        await report('linear-pets', {
          device: 'Test GPU',
          provider: 'cuda',
          precision: 'FP16',
          images: 500,
          seconds: 1,
          peakGpuMemoryMiB: 800,
        })
      ).json.errors,
    ).toBeUndefined();

    const after = (await h.gql(COST, { slug, device: CPU.device })).json.data.model;
    expect(after.cost).toMatchObject({
      device: CPU.device,
      provider: 'cpu',
      precision: 'FP32',
      batchSize: 32,
      imagesMeasured: 300,
      tasksMeasured: 2,
      peakMemoryMiB: 700,
      peakGpuMemoryMiB: null,
    });
    expect(after.cost.imagesPerSecond).toBeCloseTo(300 / 5, 9);
    expect(after.costs.map((c: { device: string }) => c.device).sort()).toEqual([CPU.device, 'Test GPU']);
    const newest = (await h.gql(COST, { slug })).json.data.model.cost;
    expect(newest).toMatchObject({
      device: 'Test GPU',
      precision: 'FP16',
      imagesPerSecond: 500,
      peakGpuMemoryMiB: 800,
    });
  });

  it.each([
    ['a zero duration', { seconds: 0 }, /measurement.seconds" = 0 must be more than 0/],
    ['no images', { images: 0 }, /measurement.images" = 0 must be a whole number from 1/],
    ['an empty device', { device: ' ' }, /measurement.device" must be 1 to 200 characters/],
  ])('refuses %s with BAD_USER_INPUT', async (_what, bad, message) => {
    await submitted(referenceExport(refs['convnext-tiny']), `Bad Throughput ${_what.replaceAll(' ', '-')}`);
    const job = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    const res = await h.gql(
      REPORT,
      { jobId: job.id, token: job.fencingToken, task: 'linear-dtd', m: { ...CPU, ...bad } },
      tokens.runner,
    );
    expect(res.json.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.json.errors?.[0]?.message).toMatch(message);
  });

  it('refuses a submitter token and a stale fencing token', async () => {
    await submitted(referenceExport(refs.resnet50), 'Fenced Cost');
    const job = (await h.gql(CLAIM, {}, tokens.runner)).json.data.claimJob;
    const args = { jobId: job.id, task: 'linear-dtd', m: CPU };
    expect(
      (await h.gql(REPORT, { ...args, token: job.fencingToken }, tokens.submitter)).json.errors?.[0]?.extensions?.code,
    ).toBe('FORBIDDEN');
    expect(
      (await h.gql(REPORT, { ...args, token: job.fencingToken + 5 }, tokens.runner)).json.errors?.[0]?.extensions?.code,
    ).toBe('STALE_LEASE');
  });
});
