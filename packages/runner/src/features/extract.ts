import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Preprocessing } from '@transferboard/suite/protocols';
import type { Normalization } from '@transferboard/suite/types';
import type { ImageRef, LoadedImage } from '../datasets/types';
import { planExtraction, type ExtractionPlan } from '../gpu/device-plan';
import { convertToFloat16 } from '../fp16/convert';
import { ProcessDecodePool } from '../gpu/process-decode-pool';
import { DecodePool } from '../images/decode-pool';
import { ImageDecodeError, preprocessingKey, type PreprocessOptions } from '../images/preprocess';
import { inspectModel, withOutputs, type ModelInfo } from '@transferboard/onnx-intake/inspect';
import { ModelError } from '@transferboard/onnx-intake/model-error';
import type { ProviderRequest } from '../onnx/providers';
import { createSession, floatTensor, type ExecutionProvider, type Session } from '../onnx/runtime';
import { FeatureCache, type Completion, type SkippedImage } from './cache';
import { silentProgress, type Progress } from '../progress/progress';
import { countWork } from '../progress/work-counters';

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
  /** The image transform (default `linear`); a task's protocol names its own. Part of the cache key. */
  preprocessing?: Preprocessing;
  /** Cache root; without one, a temporary cache is used and removed. */
  cacheDir?: string;
  /** Copy the finished features to this .npy path. */
  out?: string;
  featureOutput?: string;
  /** `--ep`; resolved through planExtraction unless `plan` is given. */
  provider?: ProviderRequest;
  /** Provider, batch size and decoding settled once by the caller (evaluate), so one run never mixes devices. */
  plan?: ExtractionPlan;
  /** fp16 runs a half-precision conversion of the model (src/fp16/convert.ts); part of the cache key. */
  precision?: Precision;
  /** onnxruntime intra-op threads (0: all cores). */
  threads?: number;
  /** Decoder worker threads (0: decode on the main thread). */
  decodeWorkers?: number;
  /** Leave undecodable images out (reported) instead of stopping at the first. */
  skipCorrupt?: boolean;
  /** Images per cache chunk: the unit of resumption. */
  chunkSize?: number;
  /** Images done, with rate and ETA, on stderr (src/progress/progress.ts); default none. */
  progress?: Progress;
  /** What the progress calls this extraction (default `features DATASET/SPLIT`). */
  progressLabel?: string;
  log?: (message: string) => void;
  /** Test hook: stop (throw) after this many chunks have been written, as a crash would. */
  stopAfterChunks?: number;
}

export type Precision = 'fp32' | 'fp16';

export interface ExtractResult extends Completion {
  /** features.npy: `out` when given, else the cache's own file (temporary caches: `out` is required). */
  path: string;
  model: ModelInfo;
  normalization: Normalization;
  preprocessing: Preprocessing;
  provider: ExecutionProvider;
  precision: Precision;
  /** Images per forward pass and how they were decoded; null when the cache served everything. */
  batchSize: number | null;
  decode: { kind: 'inline' | 'threads' | 'processes'; count: number } | null;
  /** True when every feature came from the cache. */
  fromCache: boolean;
  /** Images run through the model in this call. */
  extracted: number;
  seconds: number;
}

export async function extractFeatures(opts: ExtractOptions): Promise<ExtractResult> {
  const started = performance.now();
  const log = opts.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const { info, proto } = await inspectModel(
    opts.modelPath,
    opts.featureOutput ? { featureOutput: opts.featureOutput } : {},
  );
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const preprocessing = opts.preprocessing ?? 'linear';
  const precision = opts.precision ?? 'fp32';
  const tempRoot = opts.cacheDir ? null : mkdtempSync(join(tmpdir(), 'tb-features-'));
  if (tempRoot && !opts.out) throw new Error('extractFeatures: pass cacheDir or out');
  try {
    const cache = FeatureCache.open(
      opts.cacheDir ?? tempRoot!,
      {
        modelSha256: info.sha256,
        featureOutput: info.featureOutput,
        dataset: opts.dataset,
        split: opts.split ?? 'all',
        // fp32 keeps its historical key, so existing caches stay valid.
        preprocessing: `${preprocessingKey({ normalization, preprocessing })}${precision === 'fp16' ? ' precision=fp16' : ''}`,
        imageIds: opts.images.map((i) => i.id),
      },
      opts.chunkSize ?? 512,
    );
    let done = cache.completion();
    let extracted = 0;
    let provider: ExecutionProvider = opts.plan?.provider ?? 'cpu';
    let run: RunSettings | null = null;
    if (!done) {
      const plan =
        opts.plan ??
        (await planExtraction(opts.provider ?? 'cpu', {
          ...(opts.batchSize ? { batchSize: opts.batchSize } : {}),
          fixedBatch: info.input.fixedBatch,
        }));
      if (!opts.plan) log(plan.reason);
      provider = plan.provider;
      const graph = withOutputs(proto, [info.featureOutput]);
      const session = await createSession(precision === 'fp16' ? convertToFloat16(graph).bytes : graph, {
        provider,
        intraOpThreads: opts.threads ?? 0,
      });
      run = runSettings(plan, info, cache, opts);
      extracted = await extractChunks(cache, session, info, { normalization, preprocessing }, opts, run);
      done = cache.finish();
    }
    if (done.skipped.length)
      log(
        `skipped ${done.skipped.length} image(s) that could not be decoded:\n${done.skipped.map((s) => `  ${s.reason}`).join('\n')}`,
      );
    if (opts.out) copyFileSync(cache.featuresPath, opts.out);
    return {
      ...done,
      path: opts.out ?? cache.featuresPath,
      model: info,
      normalization,
      preprocessing,
      provider,
      precision,
      batchSize: run?.batchSize ?? null,
      decode: run ? { kind: run.decode.kind, count: run.decode.count } : null,
      fromCache: extracted === 0,
      extracted,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
  }
}

/** The decoders' common surface: DecodePool (threads, or inline at size 0) and ProcessDecodePool. */
type Decoder = Pick<DecodePool, 'preprocess' | 'allocate' | 'close'>;

interface RunSettings {
  batchSize: number;
  decode: { kind: 'inline' | 'threads' | 'processes'; count: number };
  todo: number[];
  remaining: number;
}

function runSettings(plan: ExtractionPlan, info: ModelInfo, cache: FeatureCache, opts: ExtractOptions): RunSettings {
  const todo = Array.from({ length: cache.chunks }, (_, i) => i).filter((i) => !cache.chunk(i));
  const remaining = todo.reduce((n, c) => n + Math.min(cache.chunkSize, cache.count - c * cache.chunkSize), 0);
  // A caller's explicit batch size wins over the plan's device default; a fixed-batch model over both.
  const batchSize = info.input.fixedBatch ?? Math.max(1, opts.batchSize ?? plan.batchSize);
  return { batchSize, decode: decodeSettings(plan, opts, remaining), todo, remaining };
}

function decodeSettings(plan: ExtractionPlan, opts: ExtractOptions, remaining: number): RunSettings['decode'] {
  // --workers N means N decoder threads, whatever the device.
  if (opts.decodeWorkers !== undefined)
    return opts.decodeWorkers === 0 ? { kind: 'inline', count: 0 } : { kind: 'threads', count: opts.decodeWorkers };
  // Starting a decoder costs about a second (each loads the TypeScript loader and sharp): not worth it for a handful of images.
  if (remaining < 64) return { kind: 'inline', count: 0 };
  return { ...plan.decode };
}

function createDecoder(decode: RunSettings['decode']): Decoder {
  return decode.kind === 'processes'
    ? new ProcessDecodePool(decode.count)
    : new DecodePool(decode.kind === 'threads' ? decode.count : 0);
}

async function extractChunks(
  cache: FeatureCache,
  session: Session,
  info: ModelInfo,
  transform: PreprocessOptions,
  opts: ExtractOptions,
  run: RunSettings,
): Promise<number> {
  const { todo, remaining, batchSize } = run;
  const fixedBatch = info.input.fixedBatch;
  const pool = createDecoder(run.decode);
  const label = opts.progressLabel ?? `features ${opts.dataset}${opts.split ? `/${opts.split}` : ''}`;
  const progress = (opts.progress ?? silentProgress).counter(label, remaining, 'images');
  const buffers = [pool.allocate(batchSize * 3 * 224 * 224), pool.allocate(batchSize * 3 * 224 * 224)];
  const feed = run.decode.kind === 'threads' ? new Float32Array(batchSize * 3 * 224 * 224) : null;
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
      let next = settled(
        decodeBatch(pool, opts.images, batches[0]!, buffers[0]!, transform, opts.skipCorrupt ?? false),
      );
      for (let k = 0; k < batches.length; k++) {
        const ok = await next;
        const buffer = buffers[k % 2]!;
        if (k + 1 < batches.length)
          next = settled(
            decodeBatch(
              pool,
              opts.images,
              batches[k + 1]!,
              buffers[(k + 1) % 2]!,
              transform,
              opts.skipCorrupt ?? false,
            ),
          );
        const [from, to] = batches[k]!;
        const n = to - from;
        const size = (fixedBatch ?? n) * 3 * 224 * 224;
        // onnxruntime-node rejects tensors on SharedArrayBuffers ("Invalid argument"): copy
        // the workers' output into a plain buffer (a memcpy, small next to the forward pass).
        if (feed) feed.set(buffer.subarray(0, size));
        const input = feed ? feed.subarray(0, size) : buffer.subarray(0, size);
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
        // The worker's stall detection counts images through the backbone (worker/job-progress.ts).
        countWork('images', n);
      }
      const chunk = new Float32Array(rows.length * dim);
      rows.forEach((r, i) => {
        chunk.set(r, i * dim);
      });
      cache.writeChunk(c, chunk, { kept, skipped, dim });
      written++;
      if (opts.stopAfterChunks !== undefined && written >= opts.stopAfterChunks)
        throw new Error('stopped after chunk (test hook)');
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
  pool: Decoder,
  images: readonly ImageRef[],
  [from, to]: [number, number],
  buffer: Float32Array,
  transform: PreprocessOptions,
  skipCorrupt: boolean,
): Promise<DecodeOutcome[]> {
  const per = 3 * 224 * 224;
  return Promise.all(
    images.slice(from, to).map(async (ref, i): Promise<DecodeOutcome> => {
      try {
        const loaded: LoadedImage = await loadImage(ref);
        await pool.preprocess(loaded, ref.path ?? ref.id, buffer, i * per, transform);
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
