import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readNpy } from '../npy/npy';
import { buildProgram } from './main';
import { spawnCli, type CliRun } from './spawn-cli';
import { testVectors } from '../test-vectors';

const imageVectors = testVectors('images');

/** The same program in this process (a child costs seconds of TypeScript loading on a small machine). */
async function cli(...args: string[]): Promise<CliRun> {
  const out = { stdout: '', stderr: '' };
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write };
  const previous = process.exitCode;
  process.exitCode = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.stdout += chunk.toString();
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out.stderr += chunk.toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'transferboard-runner', ...args]);
    return { code: Number(process.exitCode ?? 0), ...out };
  } finally {
    process.stdout.write = writes.stdout;
    process.stderr.write = writes.stderr;
    process.exitCode = previous;
  }
}

let dir: string;
let data: string;
let model: string;
let cache: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tb-cli-'));
  data = join(dir, 'data');
  cache = join(dir, 'cache');
  const res = await cli('fixtures', '--out', data, '--datasets', 'dtd,eurosat,cifar10,voc2007,voc2012', '--compact');
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  model = join(data, 'model.onnx');
});

describe('transferboard-runner CLI', () => {
  it('fixtures writes dataset folders and a backbone that passes inspection', async () => {
    expect(existsSync(join(data, 'dtd', 'dtd', 'images'))).toBe(true);
    const res = await cli('inspect', '--model', model);
    expect(res.code).toBe(0);
    const info = JSON.parse(res.stdout) as {
      featureOutput: string;
      featureSource: string;
      spatialOutputs: string[];
      input: { shape: string };
      cost: { parameters: number };
      tensors?: unknown;
    };
    expect(info.featureOutput).toBe('/Flatten_output_0');
    expect(info.featureSource).toBe('classifier-input');
    expect(info.spatialOutputs).toHaveLength(4);
    expect(info.input.shape).toBe('[batch,3,height,width]');
    expect(info.cost.parameters).toBeGreaterThan(0);
    expect(info.tensors).toBeUndefined();
    const all = JSON.parse((await cli('inspect', '--model', model, '--tensors')).stdout) as {
      tensors: Record<string, unknown>;
    };
    expect(all.tensors['/Flatten_output_0']).toEqual(['N', 64]);
  });

  it('fixtures also writes a tiny ViT and a tiny ConvNeXt, read by the default rules', async () => {
    const vit = JSON.parse((await cli('inspect', '--model', join(data, 'vit.onnx'))).stdout) as Record<string, unknown>;
    expect(vit).toMatchObject({
      featureOutput: '/Gather_output_0',
      spatialSource: 'last-block-tokens',
      tokenGrid: { prefixTokens: 5, height: 7, width: 7, patchSize: 32, source: 'patch-embedding' },
    });
    const convnext = JSON.parse((await cli('inspect', '--model', join(data, 'convnext.onnx'))).stdout) as Record<
      string,
      unknown
    >;
    expect(convnext).toMatchObject({
      featureOutput: '/classifier/classifier.1/Flatten_output_0',
      spatialSource: 'before-global-pool',
      tokenGrid: null,
    });
  });

  it('datasets check: present data passes; missing data the user asked for fails with the fix', async () => {
    const ok = await cli('datasets', 'check', '--data', data, '--tasks', 'linear-dtd,fewshot-eurosat-5shot');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^ok dtd\s+present\s+train 10, val 10, test 10$/m);
    expect(ok.stdout).toMatch(/2\/2 present/);
    const missing = await cli('datasets', 'check', '--data', data, '--tasks', 'linear-flowers');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/-- flowers\s+missing/);
    expect(missing.stdout).toMatch(/fix: .*flowers/);
    const typo = await cli('datasets', 'check', '--data', data, '--tasks', 'linear-dtdd');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('error: Unknown task "linear-dtdd". Did you mean "linear-dtd"?\n');
  });

  it('features for a task split writes aligned features and labels, then serves the rerun from the cache', async () => {
    const out = join(dir, 'dtd-test.npy');
    const args = [
      'features',
      '--model',
      model,
      '--task',
      'linear-dtd',
      '--data',
      data,
      '--split',
      'test',
      '--out',
      out,
      '--cache',
      cache,
    ];
    const res = await cli(...args);
    // stderr is a pipe here: progress comes as plain lines, one when the split is done.
    expect(res.stderr).toMatch(
      /^execution provider: CPU \(--ep cpu\); batch 16\nfeatures dtd\/test: 10\/10 images in [\d.]+ s \([\d.]+ images\/s\)\n$/,
    );
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({
      rows: 10,
      dim: 64,
      fromCache: false,
      featureOutput: '/Flatten_output_0',
      ep: 'cpu',
      batchSize: 16,
      decode: { kind: 'inline', count: 0 },
    });
    expect(readNpy(out).shape).toEqual([10, 64]);
    const labels = readNpy(join(dir, 'dtd-test.labels.npy'));
    expect(labels.dtype).toBe('int64');
    expect(labels.shape).toEqual([10]);
    const again = await cli(...args);
    expect(JSON.parse(again.stdout)).toMatchObject({ rows: 10, fromCache: true });
  });

  it("features --preprocessing few-shot gives the features of Pillow's few-shot crops, and not the linear ones", async () => {
    // Originals, and Pillow's own few-shot crops of them (224×224, which the linear transform leaves untouched).
    const originals = join(dir, 'fs-originals');
    const crops = join(dir, 'fs-pillow-crops');
    mkdirSync(originals);
    mkdirSync(crops);
    for (const [i, name] of ['landscape.jpg', 'portrait-odd.png', 'gray.jpg'].entries()) {
      copyFileSync(join(imageVectors, name), join(originals, `${i}-${name}`));
      copyFileSync(join(imageVectors, 'few-shot', `${name}.few-shot.ref.png`), join(crops, `${i}.png`));
    }
    const features = async (images: string, ...more: string[]) => {
      const out = join(dir, `fs-${Math.random().toString(36).slice(2)}.npy`);
      const res = await cli('features', '--model', model, '--images', images, '--out', out, '--no-cache', ...more);
      expect(res.code, res.stderr).toBe(0);
      return { summary: JSON.parse(res.stdout) as { preprocessing: string }, x: readNpy(out).data as Float32Array };
    };
    const fewShot = await features(originals, '--preprocessing', 'few-shot');
    const pillow = await features(crops);
    const linear = await features(originals);
    expect(fewShot.summary.preprocessing).toBe('few-shot');
    expect(linear.summary.preprocessing).toBe('linear');
    expect(Array.from(fewShot.x)).toEqual(Array.from(pillow.x));
    const scale = Math.max(...fewShot.x.map(Math.abs));
    const diff = Math.max(...fewShot.x.map((v, i) => Math.abs(v - linear.x[i]!)));
    expect(diff / scale).toBeGreaterThan(0.01);
  });

  it("features --task uses the task's own preprocessing, and refuses one that contradicts it", async () => {
    const out = join(dir, 'eurosat.npy');
    const res = await cli(
      'features',
      '--model',
      model,
      '--task',
      'fewshot-eurosat-5shot',
      '--data',
      data,
      '--out',
      out,
      '--cache',
      cache,
    );
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ preprocessing: 'few-shot' });
    const contradicting = await cli(
      'features',
      '--model',
      model,
      '--task',
      'fewshot-eurosat-5shot',
      '--data',
      data,
      '--out',
      out,
      '--preprocessing',
      'linear',
    );
    expect(contradicting.code).toBe(2);
    expect(contradicting.stderr).toMatch(
      /^error: task 'fewshot-eurosat-5shot' extracts with the few-shot preprocessing .*drop --preprocessing linear, or use --dataset eurosat --preprocessing linear/,
    );
    const dense = await cli(
      'features',
      '--model',
      model,
      '--task',
      'detection-voc-frozen',
      '--data',
      data,
      '--out',
      out,
    );
    expect(dense.code).toBe(2);
    expect(dense.stderr).toMatch(
      /^error: task 'detection-voc-frozen' has no pooled-feature preprocessing: its protocol detection-frozen-probe uses spatial maps/,
    );
  });

  it('features on a dataset that is not there names the folder and the download', async () => {
    const res = await cli(
      'features',
      '--model',
      model,
      '--task',
      'linear-flowers',
      '--data',
      data,
      '--out',
      join(dir, 'f.npy'),
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^error: .*flowers.*(download|extract)/);
  });

  it('rejects a file that is not ONNX with the file name and no stack trace', async () => {
    const fake = join(dir, 'fake.onnx');
    writeFileSync(fake, 'not a model');
    const res = await spawnCli(
      'features',
      '--model',
      fake,
      '--images',
      imageVectors,
      '--out',
      join(dir, 'x.npy'),
      '--no-cache',
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/^error: .*fake\.onnx: is not an ONNX model/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names a corrupt image, and with --skip-corrupt leaves it out and reports it', async () => {
    const imgs = join(dir, 'imgs');
    mkdirSync(imgs);
    copyFileSync(join(imageVectors, 'landscape.jpg'), join(imgs, 'a.jpg'));
    copyFileSync(join(imageVectors, 'gray.jpg'), join(imgs, 'c.jpg'));
    writeFileSync(join(imgs, 'b.jpg'), readFileSync(join(imageVectors, 'gray.jpg')).subarray(0, 800));
    const out = join(dir, 'imgs.npy');
    const stop = await cli('features', '--model', model, '--images', imgs, '--out', out, '--no-cache');
    expect(stop.code).toBe(2);
    expect(stop.stderr).toMatch(/^error: .*b\.jpg: cannot decode the image .*--skip-corrupt/m);
    const skip = await cli(
      'features',
      '--model',
      model,
      '--images',
      imgs,
      '--out',
      out,
      '--no-cache',
      '--skip-corrupt',
    );
    expect(skip.code).toBe(0);
    expect(skip.stderr).toMatch(/skipped 1 image.*\n.*b\.jpg/);
    expect(readNpy(out).shape).toEqual([2, 64]);
    const none = await cli('features', '--model', model, '--images', join(dir, 'nope'), '--out', out);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--images .*nope: no such folder/);
  });

  it('evaluate runs linear, few-shot and detection tasks end to end and records provenance', async () => {
    const out = join(dir, 'results.json');
    const res = await cli(
      'evaluate',
      '--model',
      model,
      '--data',
      data,
      '--suite',
      'ssl-transfer-v1',
      '--cache',
      cache,
      '--tasks',
      'linear-dtd,fewshot-eurosat-5shot,detection-voc-frozen',
      '--episodes',
      '20',
      '--queries',
      '2',
      '--out',
      out,
    );
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/linear-dtd\s+ok\s+\d+\.\d\d\s+top1/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.model.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(report.runner).toMatchObject({
      version: '0.1.0',
      executionProvider: 'cpu',
      gpu: null,
      driver: null,
      batchSize: 16,
      precision: { requested: 'fp32', used: 'fp32' },
    });
    expect(report.runner.executionProviderReason).toBe('execution provider: CPU (--ep cpu)');
    expect(res.stderr).toMatch(/^execution provider: CPU \(--ep cpu\); batch 16/m);
    expect(report.runner.onnxruntime).toMatch(/^\d+\.\d+\.\d+$/);
    expect(report.protocolOverrides).toEqual({ fewShot: { episodes: 20, queries: 2 } });
    const byTask = Object.fromEntries(report.results.map((r: { task: string }) => [r.task, r]));
    expect(byTask['linear-dtd']).toMatchObject({
      status: 'ok',
      taskVersion: 1,
      protocol: { id: 'linear-lbfgs', version: 1 },
      metric: 'top1',
    });
    expect(byTask['linear-dtd'].value).toBeGreaterThanOrEqual(0);
    expect(byTask['fewshot-eurosat-5shot']).toMatchObject({ status: 'ok', protocol: { id: 'fewshot-protonet' } });
    expect(byTask['fewshot-eurosat-5shot'].ci95).toBeGreaterThanOrEqual(0);
    expect(byTask['fewshot-eurosat-5shot'].details).toMatchObject({ episodes: 20, queries: 2, shots: 5, ways: 5 });
    expect(byTask['detection-voc-frozen']).toMatchObject({
      status: 'ok',
      protocol: { id: 'detection-frozen-probe', version: 1 },
      metric: 'ap50',
    });
    expect(Object.keys(byTask['detection-voc-frozen'].secondary).sort()).toEqual(['ap', 'ap75']);
    // Every task says which copy of the data it read, the detection task's VOC07+12 included.
    for (const task of ['linear-dtd', 'fewshot-eurosat-5shot', 'detection-voc-frozen'])
      expect(byTask[task].datasetFingerprint, task).toMatch(/^[0-9a-f]{64}$/);
  });

  it('evaluate and features report progress as plain lines on a stderr that is not a terminal, none with --no-progress, and keep stdout for the output', async () => {
    const args = [
      'evaluate',
      '--model',
      model,
      '--data',
      data,
      '--tasks',
      'linear-dtd,fewshot-eurosat-5shot',
      '--episodes',
      '10',
      '--queries',
      '2',
      '--no-cache',
      '--json',
    ];
    const res = await spawnCli(...args);
    expect(res.code).toBe(0);
    const report = JSON.parse(res.stdout);
    const lines = res.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^execution provider: CPU \(--ep cpu\); batch 16/);
    expect(lines).toContain('task 1/2 linear-dtd');
    // The estimate, per task and in total, before the first task; what is left after each.
    const before = lines.slice(0, lines.indexOf('task 1/2 linear-dtd'));
    expect(
      before.filter((l) => /^estimate (linear-dtd|fewshot-eurosat-5shot): .+ \(features .+, probe .+\)$/.test(l)),
    ).toHaveLength(2);
    expect(
      before.some((l) => /^estimate: .+ for 2 task\(s\) at the sizes of the data \(calibrated: \d+ GFLOP\/s/.test(l)),
    ).toBe(true);
    expect(lines.filter((l) => /^estimate: .+ left \(× \d+\.\d\d, actual \/ estimated so far\)$/.test(l))).toHaveLength(
      2,
    );
    expect(lines).toContain(
      `task 1/2 linear-dtd: ok, top1 ${report.results[0].value.toFixed(2)} (${lines.find((l) => l.startsWith('task 1/2 linear-dtd: ok'))!.match(/\(([^)]+)\)$/)![1]})`,
    );
    expect(lines).toContain('task 2/2 fewshot-eurosat-5shot');
    expect(lines.filter((l) => /^task 2\/2 fewshot-eurosat-5shot: ok, accuracy \d+\.\d\d \(/.test(l))).toHaveLength(1);
    for (const split of ['train', 'val', 'test'])
      expect(lines.some((l) => new RegExp(`^features dtd/${split}: (\\d+)/\\1 images in `).test(l))).toBe(true);
    expect(lines.filter((l) => /^linear-dtd probe: fit \d+\/45, wd /.test(l))).toHaveLength(45);
    expect(lines.some((l) => l.startsWith('linear-dtd probe: refit on train+val at the chosen wd'))).toBe(true);
    expect(res.stderr).not.toContain('\r');
    expect(res.stderr).not.toContain('\u001b');

    const quiet = await spawnCli(...args, '--no-progress');
    expect(quiet.code).toBe(0);
    expect(quiet.stderr.trimEnd().split('\n')).toEqual([lines[0]]);
    expect(JSON.parse(quiet.stdout).results.map((r: { value: number }) => r.value)).toEqual(
      report.results.map((r: { value: number }) => r.value),
    );

    const features = await spawnCli(
      'features',
      '--model',
      model,
      '--images',
      imageVectors,
      '--out',
      join(dir, 'progress.npy'),
      '--no-cache',
    );
    expect(features.code).toBe(0);
    expect(features.stderr).toContain(`features ${imageVectors}: `);
    expect(features.stderr).toMatch(/^features \S+: (\d+)\/\1 images in \d+\.\d s \(\d+\.\d images\/s\)$/m);
    expect(JSON.parse(features.stdout).rows).toBeGreaterThan(0);
  }, 180_000); // three real runs (two evaluations, one extraction) in one test

  it('evaluate refuses a task outside the suite with one line and status 2', async () => {
    const res = await cli(
      'evaluate',
      '--model',
      model,
      '--data',
      data,
      '--suite',
      'ssl-transfer-cvpr',
      '--tasks',
      'fewshot-eurosat-5shot',
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toBe("error: task 'fewshot-eurosat-5shot' is not in suite 'ssl-transfer-cvpr'\n");
    expect(res.stdout).toBe('');
  });

  it('--ep cuda on a host without CUDA stops with one line naming the missing library and the fix', async () => {
    const res = await cli(
      'features',
      '--model',
      model,
      '--images',
      imageVectors,
      '--out',
      join(dir, 'cuda.npy'),
      '--no-cache',
      '--ep',
      'cuda',
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(
      /^error: --ep cuda: the CUDA execution provider cannot be used: missing libonnxruntime_providers_cuda\.so.*To fix: .*--ep cpu \(or --ep auto to fall back\)\.\n$/,
    );
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(dir, 'cuda.npy'))).toBe(false);
  });

  it('--ep auto falls back to the CPU, says why, and records the provenance; fp16 is gated and cached apart', async () => {
    const out = join(dir, 'auto.npy');
    const args = [
      'features',
      '--model',
      model,
      '--images',
      imageVectors,
      '--out',
      out,
      '--cache',
      cache,
      '--ep',
      'auto',
    ];
    const auto = await cli(...args);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toMatch(
      /^execution provider: CPU \(--ep auto: CUDA unavailable: missing libonnxruntime_providers_cuda\.so.*\); batch 16$/m,
    );
    const summary = JSON.parse(auto.stdout);
    expect(summary).toMatchObject({
      ep: 'cpu',
      provenance: { provider: 'cpu', gpu: null, driver: null },
      batchSize: 16,
      precision: { requested: 'fp32', used: 'fp32', gate: null },
    });
    const half = await cli(...args, '--precision', 'fp16', '--batch-size', '3');
    expect(half.code).toBe(0);
    const h = JSON.parse(half.stdout);
    // The tiny backbone's fp16 conversion agrees with fp32 on the sample, and its features are not served from the fp32 cache.
    expect(h).toMatchObject({
      fromCache: false,
      batchSize: 3,
      precision: { requested: 'fp16', used: 'fp16', gate: { accepted: true, reasons: [] } },
    });
    expect(h.precision.gate.agreement.minCosine).toBeGreaterThan(0.999);
  });
});
