/**
 * Runner side of the GPU benchmark (scripts/bench/gpu/run.sh). One JSON line per stage:
 *   provider  --ep resolution and provenance (GPU, driver)
 *   engine    the runner's onnxruntime session alone: pooled ResNet-50 features, random input, BATCH
 *   decode    JPEG → normalised CHW tensors only: one thread, DECODERS worker threads, DECODERS processes
 *             (BENCH_ONLY=decode: only these; BENCH_ONLY=decode-threads: only the worker threads, for a
 *             run with another UV_THREADPOOL_SIZE)
 *   e2e       extractFeatures (the runner's feature pipeline: decode workers overlapped with inference, cache) over every JPEG;
 *             then the same overlap with decoder processes (a bench loop: extractFeatures takes threads today)
 *   fp16      the runner's fp16 conversion of the same model: engine img/s and its acceptance check against fp32
 *
 *   node runner_gpu_bench.ts DIR EP BATCH ITERS DECODERS REPEAT
 * DIR holds images/*.jpg and resnet50.onnx (prepare.py); each image is listed REPEAT times.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileImage } from '@transferboard/runner/datasets/files';
import type { ImageRef } from '@transferboard/runner/datasets/types';
import { extractFeatures } from '@transferboard/runner/features/extract';
import { chooseBatchSize } from '@transferboard/runner/gpu/batch-size';
import { resolveExecutionProvider } from '@transferboard/runner/gpu/execution-provider';
import { ProcessDecodePool } from '@transferboard/runner/gpu/process-decode-pool';
import { DecodePool } from '@transferboard/runner/images/decode-pool';
import { inspectModel, withOutputs } from '@transferboard/onnx-intake/inspect';
import type { ProviderRequest } from '@transferboard/runner/onnx/providers';
import { createSession, floatTensor, onnxruntimeVersion, type Session } from '@transferboard/runner/onnx/runtime';
import { benchFp16 } from './fp16_stage';

const [dir, epArg, batchArg, itersArg, decodersArg, repeatArg] = process.argv.slice(2);
if (!dir || !epArg) throw new Error('usage: runner_gpu_bench.ts DIR EP BATCH ITERS DECODERS REPEAT');
const ep = epArg as ProviderRequest;
const iters = Number(itersArg ?? 20);
const decoders = Number(decodersArg ?? 2);
const repeat = Number(repeatArg ?? 1);
const PER = 3 * 224 * 224;
const emit = (o: object) => console.log(JSON.stringify(o));

const root = join(dir, 'images');
const files = readdirSync(root)
  .filter((f) => f.endsWith('.jpg'))
  .sort();
const refs: ImageRef[] = [];
for (let r = 0; r < repeat; r++)
  for (const f of files) refs.push({ ...fileImage(root, join(root, f)), id: `${r}/${f}` });

// A second process (run.sh) measures thread decoding with libuv's pool as large as the worker count:
// UV_THREADPOOL_SIZE only takes effect at process start, and sharp's work runs on that pool.
if (process.env.BENCH_ONLY === 'decode-threads') {
  const r = await timeDecode(new DecodePool(decoders), refs, Number(batchArg) > 0 ? Number(batchArg) : 64);
  emit({
    stage: 'decode',
    mode: 'threads-uv',
    workers: decoders,
    uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    ...r,
  });
  process.exit(0);
}

// BENCH_ONLY=decode: the three decode measurements alone (no model), e.g. on a CPU host.
if (process.env.BENCH_ONLY === 'decode') {
  await benchDecode(Number(batchArg) > 0 ? Number(batchArg) : 16);
  process.exit(0);
}

const resolved = await resolveExecutionProvider(ep);
const batch =
  Number(batchArg) > 0
    ? Number(batchArg)
    : chooseBatchSize({ provider: resolved.provider, gpuMemoryMiB: resolved.provenance.gpuMemoryMiB });
emit({
  stage: 'provider',
  requested: ep,
  ...resolved.provenance,
  reason: resolved.reason,
  onnxruntime: onnxruntimeVersion(),
  batch,
});

const modelPath = join(dir, 'resnet50.onnx');
const { info, proto } = await inspectModel(modelPath);
let t = performance.now();
const session = await createSession(withOutputs(proto, [info.featureOutput]), { provider: resolved.provider });
const createMs = performance.now() - t;
const engine = await timeEngine(session, info.input.name, info.featureOutput, batch, iters);
emit({
  stage: 'engine',
  provider: resolved.provider,
  batch,
  iters,
  createMs: Math.round(createMs),
  featureOutput: info.featureOutput,
  ...engine,
});

await benchDecode(batch);

const cacheDir = mkdtempSync(join(tmpdir(), 'tb-gpu-bench-'));
try {
  t = performance.now();
  const res = await extractFeatures({
    modelPath,
    images: refs,
    dataset: 'bench-gpu',
    batchSize: batch,
    provider: resolved.provider,
    decodeWorkers: decoders,
    cacheDir,
    chunkSize: 4096,
    log: () => undefined,
  });
  const seconds = (performance.now() - t) / 1000;
  emit({
    stage: 'e2e',
    pipeline: 'extractFeatures',
    provider: res.provider,
    batch,
    decodeWorkers: decoders,
    images: res.rows,
    seconds: +seconds.toFixed(2),
    imgPerSec: +(res.rows / seconds).toFixed(1),
  });
  emit(
    await timeOverlapped(
      new ProcessDecodePool(decoders),
      session,
      info.input.name,
      info.featureOutput,
      refs,
      batch,
      resolved.provider,
    ),
  );
  if (process.env.FP16 !== '0')
    emit(
      await benchFp16({
        modelBytes: readFileSync(modelPath),
        featureOutput: info.featureOutput,
        inputName: info.input.name,
        provider: resolved.provider,
        batch,
        iters,
        featuresNpy: res.path,
        refs: refs.slice(0, Math.min(256, files.length)),
      }),
    );
} finally {
  rmSync(cacheDir, { recursive: true, force: true });
}
process.exit(0);

/** Decode rate alone: one thread (per-core cost), then every decoder busy, threads against processes. */
async function benchDecode(n: number) {
  const single = await timeDecode(new DecodePool(0), refs.slice(0, Math.min(refs.length, 64)), n);
  emit({ stage: 'decode', mode: 'main-thread', workers: 0, ...single });
  const threads = await timeDecode(new DecodePool(decoders), refs, n);
  emit({
    stage: 'decode',
    mode: 'threads',
    workers: decoders,
    uvThreadpool: process.env.UV_THREADPOOL_SIZE ?? '4 (default)',
    ...threads,
  });
  const procs = await timeDecode(new ProcessDecodePool(decoders), refs, n);
  emit({
    stage: 'decode',
    mode: 'processes',
    workers: decoders,
    ...procs,
    vsThreads: +(procs.imgPerSec / threads.imgPerSec).toFixed(2),
  });
}

/**
 * What extractFeatures would reach with decoder processes (it takes worker threads today): the
 * same overlap — decode batch k+1 while onnxruntime runs batch k — without its cache writes.
 */
async function timeOverlapped(
  pool: ProcessDecodePool,
  s: Session,
  input: string,
  output: string,
  list: readonly ImageRef[],
  n: number,
  provider: string,
) {
  const buffers = [pool.allocate(n * PER), pool.allocate(n * PER)];
  const decode = (b: number, buf: Float32Array) =>
    Promise.all(
      list
        .slice(b, b + n)
        .map(async (r, i) => pool.preprocess(await r.load(), r.id, buf, i * PER, { normalization: 'imagenet' })),
    );
  await decode(0, buffers[0]!); // warm the children outside the timing
  const t0 = performance.now();
  let next = decode(0, buffers[0]!);
  let done = 0;
  for (let b = 0, k = 0; b < list.length; b += n, k++) {
    await next;
    if (b + n < list.length) next = decode(b + n, buffers[(k + 1) % 2]!);
    const m = Math.min(n, list.length - b);
    await s.run({ [input]: floatTensor(buffers[k % 2]!.subarray(0, m * PER), [m, 3, 224, 224]) }, [output]);
    done += m;
  }
  const sec = (performance.now() - t0) / 1000;
  await pool.close();
  return {
    stage: 'e2e',
    pipeline: 'bench loop: decode processes overlapped with inference (no cache)',
    provider,
    batch: n,
    decodeProcesses: pool.size,
    images: done,
    seconds: +sec.toFixed(2),
    imgPerSec: +(done / sec).toFixed(1),
  };
}

async function timeEngine(s: Session, input: string, output: string, n: number, k: number) {
  const data = new Float32Array(n * PER);
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    data[i] = (seed / 2 ** 32) * 2 - 1;
  }
  const feeds = { [input]: floatTensor(data, [n, 3, 224, 224]) };
  for (let i = 0; i < 3; i++) await s.run(feeds, [output]);
  const t0 = performance.now();
  for (let i = 0; i < k; i++) await s.run(feeds, [output]);
  const sec = (performance.now() - t0) / 1000;
  return { imgPerSec: +((n * k) / sec).toFixed(1), msPerBatch: +((sec * 1000) / k).toFixed(2) };
}

/** Decode every ref into batch buffers, two batches in flight (as extractFeatures does), the pool always busy. */
async function timeDecode(pool: DecodePool | ProcessDecodePool, list: readonly ImageRef[], n: number) {
  const buffers = [pool.allocate(n * PER), pool.allocate(n * PER)];
  // Warm the workers (module load, sharp init) outside the timing.
  await Promise.all(
    list
      .slice(0, Math.max(1, pool.size))
      .map(async (r, i) =>
        pool.preprocess(await r.load(), r.id, buffers[0]!, (i % n) * PER, { normalization: 'imagenet' }),
      ),
  );
  const t0 = performance.now();
  const inflight: Promise<unknown>[] = [];
  for (let b = 0, k = 0; b < list.length; b += n, k++) {
    const buf = buffers[k % 2]!;
    if (inflight.length === 2) await inflight.shift();
    inflight.push(
      Promise.all(
        list
          .slice(b, b + n)
          .map(async (r, i) => pool.preprocess(await r.load(), r.id, buf, i * PER, { normalization: 'imagenet' })),
      ),
    );
  }
  await Promise.all(inflight);
  const sec = (performance.now() - t0) / 1000;
  await pool.close();
  return { images: list.length, seconds: +sec.toFixed(2), imgPerSec: +(list.length / sec).toFixed(1) };
}
