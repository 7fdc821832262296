import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageRef, LoadedImage } from '../datasets/types';
import { DecodePool } from '../images/decode-pool';
import { ImageDecodeError, preprocessingKey, type Normalization } from '../images/preprocess';
import { inspectModel, withOutputs, type ModelInfo } from '../onnx/inspect';
import { ModelError } from '../onnx/model-error';
import { chooseProvider, type ProviderRequest } from '../onnx/providers';
import { createSession, floatTensor, probeCuda, type ExecutionProvider, type Session } from '../onnx/runtime';
import { FeatureCache, type Completion, type SkippedImage } from './cache';
import { createProgress, type Progress } from './progress';

/**
 * Pooled features for a list of images, streamed batch by batch through onnxruntime into an
 * on-disk cache (see cache.ts). Memory stays flat in the dataset size: two batch buffers and one
 * chunk of features are all that is held.
 */

export interface ExtractOptions {
  modelPath: string;
  images: readonly ImageRef[];
  /** Cache identity of the image list, e.g. dataset slug and split, or "images:/abs/dir". */
  dataset: string;
  split?: string;
  batchSize?: number;
  /** Defaults to what the model declares, else ImageNet mean/std. */
  normalization?: Normalization;
  /** Cache root; without one, a temporary cache is used and removed. */
  cacheDir?: string;
  /** Copy the finished features to this .npy path. */
  out?: string;
  featureOutput?: string;
  provider?: ProviderRequest;
  /** onnxruntime intra-op threads (0: all cores). */
  threads?: number;
  /** Decoder worker threads (0: decode on the main thread). */
  decodeWorkers?: number;
  /** Leave undecodable images out (reported) instead of stopping at the first. */
  skipCorrupt?: boolean;
  /** Images per cache chunk: the unit of resumption. */
  chunkSize?: number;
  progress?: boolean;
  log?: (message: string) => void;
  /** Test hook: stop (throw) after this many chunks have been written, as a crash would. */
  stopAfterChunks?: number;
}

export interface ExtractResult extends Completion {
  /** features.npy: `out` when given, else the cache's own file (temporary caches: `out` is required). */
  path: string;
  model: ModelInfo;
  normalization: Normalization;
  provider: ExecutionProvider;
  /** True when every feature came from the cache. */
  fromCache: boolean;
  /** Images run through the model in this call. */
  extracted: number;
  seconds: number;
}

export async function extractFeatures(opts: ExtractOptions): Promise<ExtractResult> {
  const started = performance.now();
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const { info, proto } = await inspectModel(opts.modelPath, opts.featureOutput ? { featureOutput: opts.featureOutput } : {});
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const tempRoot = opts.cacheDir ? null : mkdtempSync(join(tmpdir(), 'tb-features-'));
  if (tempRoot && !opts.out) throw new Error('extractFeatures: pass cacheDir or out');
  try {
    const cache = FeatureCache.open(opts.cacheDir ?? tempRoot!, {
      modelSha256: info.sha256,
      featureOutput: info.featureOutput,
      dataset: opts.dataset,
      split: opts.split ?? 'all',
      preprocessing: preprocessingKey({ normalization }),
      imageIds: opts.images.map((i) => i.id),
    }, opts.chunkSize ?? 512);
    let done = cache.completion();
    let extracted = 0;
    let provider: ExecutionProvider = 'cpu';
    if (!done) {
      const choice = await chooseProvider(opts.provider ?? 'cpu', probeCuda);
      if (choice.message) log(choice.message);
      provider = choice.provider;
      const session = await createSession(withOutputs(proto, [info.featureOutput]), { provider, intraOpThreads: opts.threads ?? 0 });
      extracted = await extractChunks(cache, session, info, normalization, opts);
      done = cache.finish();
    }
    if (done.skipped.length) log(`skipped ${done.skipped.length} image(s) that could not be decoded:\n${done.skipped.map((s) => `  ${s.reason}`).join('\n')}`);
    if (opts.out) copyFileSync(cache.featuresPath, opts.out);
    return {
      ...done,
      path: opts.out ?? cache.featuresPath,
      model: info,
      normalization,
      provider,
      fromCache: extracted === 0,
      extracted,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  }
}

async function extractChunks(cache: FeatureCache, session: Session, info: ModelInfo, normalization: Normalization, opts: ExtractOptions): Promise<number> {
  const todo = Array.from({ length: cache.chunks }, (_, i) => i).filter((i) => !cache.chunk(i));
  const remaining = todo.reduce((n, c) => n + Math.min(cache.chunkSize, cache.count - c * cache.chunkSize), 0);
  const fixedBatch = info.input.fixedBatch;
  const batchSize = fixedBatch ?? Math.max(1, opts.batchSize ?? 32);
  // Starting workers costs about a second (each loads the TypeScript loader and sharp): not worth it for a handful of images.
  const workers = opts.decodeWorkers ?? (remaining < 64 ? 0 : Math.min(4, Math.max(1, availableParallelism() - 1)));
  const pool = new DecodePool(workers);
  const progress: Progress = createProgress(remaining, opts.progress ?? false);
  const buffers = [pool.allocate(batchSize * 3 * 224 * 224), pool.allocate(batchSize * 3 * 224 * 224)];
  const feed = workers > 0 ? new Float32Array(batchSize * 3 * 224 * 224) : null;
  let written = 0;
  try {
    for (const c of todo) {
      const first = c * cache.chunkSize;
      const end = Math.min(cache.count, first + cache.chunkSize);
      const batches: [number, number][] = [];
      for (let b = first; b < end; b += batchSize) batches.push([b, Math.min(end, b + batchSize)]);
      const rows: Float32Array[] = [];
      const kept: number[] = [];
      const skipped: SkippedImage[] = [];
      let dim = 0;
      // Decode batch k+1 on the workers while onnxruntime runs batch k.
      let next = settled(decodeBatch(pool, opts.images, batches[0]!, buffers[0]!, normalization, opts.skipCorrupt ?? false));
      for (let k = 0; k < batches.length; k++) {
        const ok = await next;
        const buffer = buffers[k % 2]!;
        if (k + 1 < batches.length) next = settled(decodeBatch(pool, opts.images, batches[k + 1]!, buffers[(k + 1) % 2]!, normalization, opts.skipCorrupt ?? false));
        const [from, to] = batches[k]!;
        const n = to - from;
        const size = (fixedBatch ?? n) * 3 * 224 * 224;
        // onnxruntime-node rejects tensors on SharedArrayBuffers ("Invalid argument"): copy
        // the workers' output into a plain buffer (a memcpy, small next to the forward pass).
        const input = feed ? (feed.set(buffer.subarray(0, size)), feed.subarray(0, size)) : buffer.subarray(0, size);
        const feeds = { [info.input.name]: floatTensor(input, [fixedBatch ?? n, 3, 224, 224]) };
        const out = (await session.run(feeds, [info.featureOutput]))[info.featureOutput]!;
        dim = checkFeatureShape(out.dims, fixedBatch ?? n, info);
        const data = out.data as Float32Array;
        ok.forEach((good, i) => {
          if (good.ok) {
            rows.push(data.slice(i * dim, (i + 1) * dim));
            kept.push(from + i);
          } else {
            skipped.push({ index: from + i, id: opts.images[from + i]!.id, reason: good.reason });
          }
        });
        progress.increment(n);
      }
      const chunk = new Float32Array(rows.length * dim);
      rows.forEach((r, i) => chunk.set(r, i * dim));
      cache.writeChunk(c, chunk, { kept, skipped, dim });
      written++;
      if (opts.stopAfterChunks !== undefined && written >= opts.stopAfterChunks) throw new Error('stopped after chunk (test hook)');
    }
  } finally {
    progress.stop();
    await pool.close();
  }
  return remaining;
}

/** A prefetch may fail while the previous batch is still running; mark it handled until awaited. */
function settled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}

type DecodeOutcome = { ok: true } | { ok: false; reason: string };

async function decodeBatch(
  pool: DecodePool,
  images: readonly ImageRef[],
  [from, to]: [number, number],
  buffer: Float32Array,
  normalization: Normalization,
  skipCorrupt: boolean,
): Promise<DecodeOutcome[]> {
  const per = 3 * 224 * 224;
  return Promise.all(
    images.slice(from, to).map(async (ref, i): Promise<DecodeOutcome> => {
      try {
        const loaded: LoadedImage = await loadImage(ref);
        await pool.preprocess(loaded, ref.path ?? ref.id, buffer, i * per, { normalization });
        return { ok: true };
      } catch (err) {
        if (skipCorrupt && err instanceof ImageDecodeError) {
          // Zeros keep the batch well-formed; the row is dropped after inference.
          buffer.fill(0, i * per, (i + 1) * per);
          return { ok: false, reason: err.message.replace(/; replace or remove.*$/, '') };
        }
        throw err;
      }
    }),
  );
}

async function loadImage(ref: ImageRef): Promise<LoadedImage> {
  try {
    return await ref.load();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code) throw new ImageDecodeError(ref.path ?? ref.id, `cannot read the file: ${code}`);
    throw err;
  }
}

/** Features must come out as [N, D] (or [N, D, 1, 1]): anything else is not a pooled vector. */
function checkFeatureShape(dims: readonly number[], n: number, info: ModelInfo): number {
  const rest = dims.slice(1);
  const flat = rest.length === 1 || (rest.length === 3 && rest[1] === 1 && rest[2] === 1);
  if (dims[0] !== n || !flat) {
    throw new ModelError(
      info.file,
      `feature tensor '${info.featureOutput}' came out with shape [${dims.join(',')}] for a batch of ${n}; the runner needs pooled features [N,D]`,
      'name the pooled feature tensor with --feature-output',
    );
  }
  return rest[0]!;
}
