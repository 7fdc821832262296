import { closeSync, existsSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Normalization } from '@transferboard/suite/types';
import type { ImageRef } from '../datasets/types';
import { inspectModel, withOutputs, type ModelInfo } from '@transferboard/onnx-intake/inspect';
import { ModelError } from '@transferboard/onnx-intake/model-error';
import { tokenGrid, tokensToMap, TOKEN_FIX } from '@transferboard/onnx-intake/token-grid';
import { createSession, floatTensor, type ExecutionProvider, type Session } from '../onnx/runtime';
import { silentProgress, type Progress } from '../progress/progress';
import { FeatureCache } from './cache';
import { spatialPreprocessingKey, warpInto } from './spatial-preprocess';
import { countWork } from '../progress/work-counters';

/**
 * Spatial feature maps (the tensors before global pooling) for a list of images, cached on disk
 * with the pooled features' FeatureCache: one row per image holding every requested scale, each
 * [C, h, w] flattened in NCHW order, one after the other; the layout lives beside the cache in
 * spatial.json. Rows are read back one image at a time, so probes never hold the whole set.
 */

export interface SpatialMapInfo {
  tensor: string;
  channels: number;
  height: number;
  width: number;
  /** Offset (in floats) of this map within an image's row. */
  offset: number;
  /**
   * Set when the tensor is a ViT's token sequence [N,T,C], laid out as [C,h,w] here: the class
   * and register tokens dropped, the grid, the patch size (provenance; see token-grid.ts).
   */
  tokens?: { count: number; prefixTokens: number; patchSize: number | null; source: string };
}

export interface SpatialExtractOptions {
  modelPath: string;
  images: readonly ImageRef[];
  /** Cache identity, e.g. "voc0712". */
  dataset: string;
  split?: string;
  cacheDir: string;
  /** Side of the square the image is warped to (default 224). */
  inputSize?: number;
  /** How many scales, coarsest first (default 1: the map pooled into the features). */
  scales?: number;
  /** Tensor names to use instead of those found in the graph. */
  spatialOutputs?: string[];
  normalization?: Normalization;
  batchSize?: number;
  threads?: number;
  provider?: ExecutionProvider;
  /** Images per cache chunk: the unit of resumption. */
  chunkSize?: number;
  /** Images done, with rate and ETA, on stderr (src/progress/progress.ts); default none. */
  progress?: Progress;
  log?: (message: string) => void;
}

export interface SpatialFeatures {
  path: string;
  count: number;
  rowFloats: number;
  maps: SpatialMapInfo[];
  inputSize: number;
  model: ModelInfo;
  fromCache: boolean;
  seconds: number;
}

const NO_SPATIAL_FIX =
  'dense and detection tasks need the feature maps before global pooling: export a backbone that ends in GlobalAveragePool over a [N,C,h,w] map, or name the maps with --spatial-outputs';

export async function extractSpatialFeatures(opts: SpatialExtractOptions): Promise<SpatialFeatures> {
  const started = performance.now();
  const { info, proto } = await inspectModel(
    opts.modelPath,
    opts.spatialOutputs?.length ? { spatialOutputs: opts.spatialOutputs } : {},
  );
  const tensors = info.spatialOutputs.slice(0, opts.scales ?? 1);
  if (tensors.length === 0)
    throw new ModelError(opts.modelPath, 'has no spatial feature map before its global pooling', NO_SPATIAL_FIX);
  if (opts.images.length === 0)
    throw new Error(`${opts.dataset}/${opts.split ?? 'all'}: no images to extract spatial features from`);
  const size = opts.inputSize ?? 224;
  const fixed = info.input.shape.slice(2).find((dim) => typeof dim === 'number');
  if (fixed !== undefined && fixed !== size) {
    throw new ModelError(
      opts.modelPath,
      `input '${info.input.name}' is fixed to ${fixed}×${fixed}, but the dense input size is ${size}`,
      `use inputSize ${fixed}, or export the model with dynamic height and width`,
    );
  }
  if (!Number.isInteger(size) || size < 32)
    throw new Error(`spatial features: inputSize must be an integer ≥ 32, got ${size}`);
  const normalization = opts.normalization ?? info.normalization ?? 'imagenet';
  const cache = FeatureCache.open(
    opts.cacheDir,
    {
      modelSha256: info.sha256,
      featureOutput: `spatial:${tensors.join('+')}`,
      dataset: opts.dataset,
      split: opts.split ?? 'all',
      preprocessing: spatialPreprocessingKey(size, normalization),
      imageIds: opts.images.map((i) => i.id),
    },
    opts.chunkSize ?? 128,
  );
  const layoutPath = join(cache.dir, 'spatial.json');
  let fromCache = true;
  if (!cache.completion() || !existsSync(layoutPath)) {
    fromCache = false;
    const session = await createSession(withOutputs(proto, tensors), {
      intraOpThreads: opts.threads ?? 0,
      provider: opts.provider ?? 'cpu',
    });
    try {
      const maps = await extractChunks(cache, session, info, tensors, size, normalization, opts);
      writeFileSync(layoutPath, JSON.stringify(maps));
      cache.finish();
    } finally {
      await session.release();
    }
  }
  const maps = JSON.parse(readFileSync(layoutPath, 'utf8')) as SpatialMapInfo[];
  const last = maps[maps.length - 1]!;
  return {
    path: cache.featuresPath,
    count: opts.images.length,
    rowFloats: last.offset + last.channels * last.height * last.width,
    maps,
    inputSize: size,
    model: info,
    fromCache,
    seconds: (performance.now() - started) / 1000,
  };
}

function mapLayout(
  tensors: string[],
  outputs: Record<string, { dims: readonly number[] }>,
  n: number,
  info: ModelInfo,
  size: number,
): SpatialMapInfo[] {
  let offset = 0;
  return tensors.map((tensor) => {
    const dims = outputs[tensor]!.dims;
    if (dims.length === 3 && dims[0] === n) {
      const m = tokenMapInfo(tensor, dims[1]!, dims[2]!, offset, info, size);
      offset += m.channels * m.height * m.width;
      return m;
    }
    if (dims.length !== 4 || dims[0] !== n) {
      throw new ModelError(
        info.file,
        `spatial tensor '${tensor}' came out with shape [${dims.join(',')}], not [N,C,h,w] (or tokens [N,T,C])`,
        NO_SPATIAL_FIX,
      );
    }
    const m = { tensor, channels: dims[1]!, height: dims[2]!, width: dims[3]!, offset };
    offset += m.channels * m.height * m.width;
    return m;
  });
}

/** A token sequence [N,T,C] as a map: the grid at this input size, from the model's token hints (token-grid.ts). */
function tokenMapInfo(
  tensor: string,
  count: number,
  channels: number,
  offset: number,
  info: ModelInfo,
  size: number,
): SpatialMapInfo {
  // Inspections from before intake v2 carry no hints: size the grid by its square alone.
  const grid = tokenGrid(count, info.tokenHints ?? { patchSize: null, prefixTokens: null }, size);
  if (typeof grid === 'string') {
    throw new ModelError(
      info.file,
      `spatial tensor '${tensor}' is a token sequence [N,${count},${channels}] at ${size}×${size} input, but ${grid}`,
      TOKEN_FIX,
    );
  }
  const tokens = { count, prefixTokens: grid.prefixTokens, patchSize: grid.patchSize, source: grid.source };
  return { tensor, channels, height: grid.height, width: grid.width, offset, tokens };
}

async function extractChunks(
  cache: FeatureCache,
  session: Session,
  info: ModelInfo,
  tensors: string[],
  size: number,
  normalization: Normalization,
  opts: SpatialExtractOptions,
): Promise<SpatialMapInfo[]> {
  const fixed = info.input.fixedBatch;
  const batch = fixed ?? Math.max(1, opts.batchSize ?? 16);
  const per = 3 * size * size;
  const input = new Float32Array(batch * per);
  let layout: SpatialMapInfo[] | null = null;
  // A cached chunk is skipped once the layout is known: the first chunk is always run, to learn it.
  const todo = Array.from({ length: cache.chunks }, (_, c) => c).filter((c) => c === 0 || !cache.chunk(c));
  const images = todo.reduce((n, c) => n + Math.min(cache.chunkSize, cache.count - c * cache.chunkSize), 0);
  const progress = (opts.progress ?? silentProgress).counter(
    `spatial features ${opts.dataset}/${opts.split ?? 'all'}`,
    images,
    'images',
  );
  try {
    for (const c of todo) {
      const first = c * cache.chunkSize;
      const end = Math.min(cache.count, first + cache.chunkSize);
      const rows: Float32Array[] = [];
      for (let b = first; b < end; b += batch) {
        const n = Math.min(batch, end - b);
        input.fill(0);
        await Promise.all(
          opts.images
            .slice(b, b + n)
            .map(async (ref, i) => warpInto(await ref.load(), ref.path ?? ref.id, size, normalization, input, i * per)),
        );
        const feedN = fixed ?? n;
        const out = await session.run(
          { [info.input.name]: floatTensor(input.subarray(0, feedN * per), [feedN, 3, size, size]) },
          tensors,
        );
        layout ??= mapLayout(tensors, out, feedN, info, size);
        for (let i = 0; i < n; i++) {
          const row = new Float32Array(rowFloats(layout));
          for (const m of layout) {
            const data = out[m.tensor]!.data as Float32Array;
            if (m.tokens) {
              const len = m.tokens.count * m.channels;
              row.set(
                tokensToMap(data.subarray(i * len, (i + 1) * len), m.channels, {
                  ...m.tokens,
                  height: m.height,
                  width: m.width,
                }),
                m.offset,
              );
              continue;
            }
            const len = m.channels * m.height * m.width;
            row.set(data.subarray(i * len, (i + 1) * len), m.offset);
          }
          rows.push(row);
        }
        progress.increment(n);
        // The worker's stall detection counts images through the backbone (worker/job-progress.ts).
        countWork('images', n);
      }
      const all = new Float32Array(rows.length * rowFloats(layout!));
      rows.forEach((r, i) => {
        all.set(r, i * r.length);
      });
      cache.writeChunk(c, all, {
        kept: Array.from({ length: end - first }, (_, i) => first + i),
        skipped: [],
        dim: rowFloats(layout!),
      });
    }
  } finally {
    progress.stop();
  }
  return layout!;
}

function rowFloats(layout: SpatialMapInfo[]): number {
  const last = layout[layout.length - 1]!;
  return last.offset + last.channels * last.height * last.width;
}

/** Random access to one image's maps in a spatial features.npy, without loading the file. */
export class SpatialReader {
  private readonly fd: number;
  private readonly dataOffset: number;

  constructor(readonly features: Pick<SpatialFeatures, 'path' | 'count' | 'rowFloats' | 'maps'>) {
    this.fd = openSync(features.path, 'r');
    const head = Buffer.alloc(10);
    readSync(this.fd, head, 0, 10, 0);
    const major = head[6]!;
    this.dataOffset = major === 1 ? 10 + head.readUInt16LE(8) : 12 + Buffer.from(this.readBytes(8, 4)).readUInt32LE(0);
  }

  private readBytes(position: number, length: number): Uint8Array {
    const buf = Buffer.alloc(length);
    readSync(this.fd, buf, 0, length, position);
    return buf;
  }

  /** Map `scale` (0 = coarsest) of image `index`: [C, h, w] row-major. */
  map(index: number, scale = 0): Float32Array {
    const m = this.features.maps[scale];
    if (!m) throw new RangeError(`no spatial scale ${scale}: the cache holds ${this.features.maps.length}`);
    if (index < 0 || index >= this.features.count)
      throw new RangeError(`image ${index} outside 0..${this.features.count - 1}`);
    const len = m.channels * m.height * m.width;
    const out = new Float32Array(len);
    const position = this.dataOffset + (index * this.features.rowFloats + m.offset) * 4;
    readSync(this.fd, new Uint8Array(out.buffer), 0, len * 4, position);
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}
