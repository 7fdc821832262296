import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAllFixtures } from '../datasets/fixtures/write-all';
import { encodeModel } from '@transferboard/onnx-intake/graph';
import { SUBMISSION_SOURCE } from '@transferboard/onnx-intake/declaration';
import { buildChannelMeanModel, buildTinyBackbone, tinyBackboneSpec } from '@transferboard/onnx-intake/tiny-backbone';
import { readDataset } from '../datasets/registry';
import { evaluate } from './evaluate';

let root: string;
let data: string;
const quiet = { log: () => undefined, runnerVersion: 'test', suite: 'ssl-transfer-v1' };

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'tb-evaluate-'));
  data = join(root, 'data');
  await writeAllFixtures(data, { only: ['dtd', 'nyuv2', 'eurosat'] });
}, 60_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('evaluate', () => {
  it('keeps a run in fp32 when the fp16 conversion fails its gate, and records why', async () => {
    // Weights past fp16's 65,504 turn into infinities when halved: the gate must refuse them.
    const spec = tinyBackboneSpec({ seed: 5 });
    const stem = spec.initializers!.find((t) => t.name.includes('stem') && t.data instanceof Float32Array)!;
    (stem.data as Float32Array).forEach((v, i, a) => {
      a[i] = v * 1e6;
    });
    const model = join(root, 'overflow.onnx');
    writeFileSync(model, encodeModel(spec));
    const report = await evaluate({
      ...quiet,
      modelPath: model,
      dataRoot: data,
      cacheDir: join(root, 'cache'),
      tasks: ['linear-dtd'],
      precision: 'fp16',
    });
    expect(report.runner.precision).toMatchObject({ requested: 'fp16', used: 'fp32', gate: { accepted: false } });
    expect((report.runner.precision.gate as { reasons: string[] }).reasons.join(' ')).toMatch(
      /non-finite|cosine|relative error/,
    );
    expect(report.results[0]).toMatchObject({ task: 'linear-dtd', status: 'ok' });
  });

  it('fails only the dense task for a model without spatial maps, naming the model and the fix', async () => {
    const model = join(root, 'mean.onnx');
    writeFileSync(model, buildChannelMeanModel());
    const report = await evaluate({
      ...quiet,
      modelPath: model,
      dataRoot: data,
      cacheDir: join(root, 'cache'),
      tasks: ['linear-dtd', 'dense-nyuv2-normals'],
    });
    const [linear, dense] = report.results;
    expect(linear).toMatchObject({ status: 'ok', protocol: { id: 'linear-lbfgs' } });
    expect(dense).toMatchObject({
      status: 'failed',
      value: null,
      protocol: { id: 'normals-frozen-probe', version: 2 },
      metric: 'mean_angle_error',
    });
    expect(dense!.message).toMatch(/mean\.onnx.*spatial/);
  });

  it("extracts each task's features with its protocol's preprocessing, cached apart, and records a smoke run's overrides", async () => {
    const model = join(root, 'tiny-pre.onnx');
    writeFileSync(model, encodeModel(tinyBackboneSpec({ seed: 2 })));
    const cache = join(root, 'cache-pre');
    const report = await evaluate({
      ...quiet,
      modelPath: model,
      dataRoot: data,
      cacheDir: cache,
      tasks: ['linear-dtd', 'fewshot-eurosat-5shot'],
      fewShot: { episodes: 10, queries: 3 },
    });
    const [linear, fewShot] = report.results;
    expect(linear).toMatchObject({ status: 'ok', protocol: { id: 'linear-lbfgs', version: 1 }, overrides: null });
    expect(fewShot).toMatchObject({
      status: 'ok',
      protocol: { id: 'fewshot-protonet', version: 1 },
      overrides: { episodes: 10, queries: 3 },
      details: { preprocessing: 'few-shot' },
    });
    const manifests = (dataset: string) =>
      readdirSync(join(cache, dataset), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('manifest.json'))
        .map((f) => JSON.parse(readFileSync(join(cache, dataset, f), 'utf8')).preprocessing as string);
    expect(new Set(manifests('dtd'))).toEqual(new Set(['resize224-bicubic-crop224-imagenet-noicc']));
    expect(new Set(manifests('eurosat'))).toEqual(new Set(['few-shot-resize257x257-bilinear-crop224-imagenet-noicc']));
  });

  it("times each task's fresh extraction (decode and forward) and reports nothing for features the cache served", async () => {
    const model = join(root, 'timed.onnx');
    writeFileSync(model, buildTinyBackbone({ seed: 9 }));
    const run = {
      ...quiet,
      modelPath: model,
      dataRoot: data,
      cacheDir: join(root, 'cache-timed'),
      tasks: ['linear-dtd', 'dense-nyuv2-normals'],
      threads: 1,
    };
    const first = await evaluate(run);
    expect(first.throughput.map((t) => t.task)).toEqual(['linear-dtd']);
    const t = first.throughput[0]!.measurement;
    // Every image of the task's splits went through the model once (fixtures: no corrupt images).
    const dtd = await readDataset('dtd', data);
    const images = Object.values(dtd.splits).reduce((a, split) => a + (split?.length ?? 0), 0);
    expect(t).toMatchObject({
      provider: 'cpu',
      precision: 'fp32',
      batchSize: first.runner.batchSize,
      images,
      peakGpuMemoryMiB: null,
    });
    expect(t.device).toMatch(/ \(1 threads\)$/);
    expect(t.seconds).toBeGreaterThan(0);
    expect(t.peakMemoryMiB).toBeGreaterThan(0);
    const again = await evaluate(run);
    expect(again.throughput).toEqual([]);
  });

  it('reads the declared tensors for every task and records them, and why, in the provenance', async () => {
    const model = join(root, 'declared.onnx');
    writeFileSync(model, buildTinyBackbone({ seed: 2 }));
    const run = {
      ...quiet,
      modelPath: model,
      dataRoot: data,
      cacheDir: join(root, 'cache'),
      tasks: ['linear-dtd', 'dense-nyuv2-normals'],
    };
    const report = await evaluate({
      ...run,
      featureOutput: 'pooled',
      spatialOutputs: ['block2_relu'],
      declarationSource: SUBMISSION_SOURCE,
    });
    expect(report.model).toMatchObject({
      featureOutput: 'pooled',
      featureSource: 'declared',
      spatialOutputs: ['block2_relu'],
      spatialSource: 'declared',
    });
    const dense = report.results[1]!;
    expect(dense.status).toBe('ok');
    // The dense task's result says which NYUv2 copy it read, as the linear task's says for DTD.
    expect(dense.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(report.results[0]!.datasetFingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(dense.datasetFingerprint).not.toBe(report.results[0]!.datasetFingerprint);
    expect((dense.details as { spatial: { spatialOutputs: string[] } }).spatial.spatialOutputs).toEqual([
      'block2_relu',
    ]);
    const plain = await evaluate({ ...run, tasks: ['linear-dtd'] });
    expect(plain.model).toMatchObject({
      featureOutput: 'features',
      featureSource: 'global-pool',
      spatialOutputs: ['spatial', 'block2_relu', 'block1_relu', 'stem_relu'],
      spatialSource: 'before-global-pool',
    });
    await expect(evaluate({ ...run, featureOutput: 'spatial', declarationSource: SUBMISSION_SOURCE })).rejects.toThrow(
      /submitModel's featureTensor names 'spatial', but its shape \[N,64,7,7\] is not a pooled feature vector/,
    );
  });
});
