import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeNpy, readNpy } from '../npy/npy';
import { NpyRowWriter, npyHeader } from './npy-stream';

/**
 * On-disk feature cache keyed by (model sha256, feature tensor, dataset, split, preprocessing,
 * image list). Extraction writes fixed-size chunks, each atomically (temp file + rename), so an
 * interrupted run resumes at the first missing chunk. `complete.json` is renamed into place
 * last, after features.npy is assembled: a directory without it is never read as finished.
 */

export interface CacheIdentity {
  modelSha256: string;
  featureOutput: string;
  dataset: string;
  split: string;
  preprocessing: string;
  imageIds: readonly string[];
}

export interface SkippedImage {
  index: number;
  id: string;
  reason: string;
}

interface Manifest {
  version: 1;
  modelSha256: string;
  featureOutput: string;
  dataset: string;
  split: string;
  preprocessing: string;
  count: number;
  idsSha256: string;
  chunkSize: number;
}

export interface ChunkMeta {
  /** Dataset indices of the rows in this chunk (images skipped as corrupt are absent). */
  kept: number[];
  skipped: SkippedImage[];
  dim: number;
}

export interface Completion {
  rows: number;
  dim: number;
  /** Dataset index of each feature row; equals 0..count-1 unless images were skipped. */
  kept: number[];
  skipped: SkippedImage[];
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || '_';
}

export class FeatureCache {
  readonly dir: string;
  readonly chunkSize: number;
  readonly count: number;

  private constructor(dir: string, manifest: Manifest) {
    this.dir = dir;
    this.chunkSize = manifest.chunkSize;
    this.count = manifest.count;
  }

  static open(root: string, id: CacheIdentity, chunkSize: number): FeatureCache {
    const idsSha256 = createHash('sha256').update(id.imageIds.join('\n')).digest('hex');
    const key = createHash('sha256')
      .update(JSON.stringify([id.featureOutput, id.preprocessing, idsSha256]))
      .digest('hex');
    const dir = join(root, slug(id.dataset), slug(id.split), `${id.modelSha256.slice(0, 16)}-${key.slice(0, 12)}`);
    const wanted: Manifest = {
      version: 1,
      modelSha256: id.modelSha256,
      featureOutput: id.featureOutput,
      dataset: id.dataset,
      split: id.split,
      preprocessing: id.preprocessing,
      count: id.imageIds.length,
      idsSha256,
      chunkSize,
    };
    const manifestPath = join(dir, 'manifest.json');
    if (existsSync(manifestPath)) {
      const found = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
      const same = (Object.keys(wanted) as (keyof Manifest)[]).every(
        (k) => k === 'chunkSize' || found[k] === wanted[k],
      );
      if (same) return new FeatureCache(dir, found);
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(dir, { recursive: true });
    writeAtomic(manifestPath, JSON.stringify(wanted, null, 2));
    return new FeatureCache(dir, wanted);
  }

  get featuresPath(): string {
    return join(this.dir, 'features.npy');
  }

  get chunks(): number {
    return Math.ceil(this.count / this.chunkSize);
  }

  /** The completion record, only if the cache is finished and its features file is whole. */
  completion(): Completion | null {
    const path = join(this.dir, 'complete.json');
    if (!existsSync(path) || !existsSync(this.featuresPath)) return null;
    const done = JSON.parse(readFileSync(path, 'utf8')) as Completion;
    const expected = npyHeader('<f4', [done.rows, done.dim]).byteLength + done.rows * done.dim * 4;
    return statSync(this.featuresPath).size === expected ? done : null;
  }

  chunk(index: number): ChunkMeta | null {
    const meta = join(this.dir, `chunk-${index}.json`);
    const data = join(this.dir, `chunk-${index}.npy`);
    if (!existsSync(meta) || !existsSync(data)) return null;
    return JSON.parse(readFileSync(meta, 'utf8')) as ChunkMeta;
  }

  writeChunk(index: number, features: Float32Array, meta: ChunkMeta): void {
    writeAtomic(join(this.dir, `chunk-${index}.json`), JSON.stringify(meta));
    // The .npy lands last: its presence (with the meta) is what marks the chunk done.
    writeAtomic(join(this.dir, `chunk-${index}.npy`), encodeNpy(features, [meta.kept.length, meta.dim]));
  }

  /** Assemble features.npy from the chunks, one chunk in memory at a time, then mark complete. */
  finish(): Completion {
    const metas = Array.from({ length: this.chunks }, (_, i) => {
      const m = this.chunk(i);
      if (!m) throw new Error(`${this.dir}: chunk ${i} is missing; cannot finish an incomplete cache`);
      return m;
    });
    const dim = metas[0]?.dim ?? 0;
    const kept = metas.flatMap((m) => m.kept);
    const skipped = metas.flatMap((m) => m.skipped);
    const tmp = `${this.featuresPath}.tmp-${process.pid}`;
    const writer = new NpyRowWriter(tmp, kept.length, dim);
    for (let i = 0; i < metas.length; i++)
      writer.append(readNpy(join(this.dir, `chunk-${i}.npy`)).data as Float32Array);
    writer.close();
    renameSync(tmp, this.featuresPath);
    const done: Completion = { rows: kept.length, dim, kept, skipped };
    writeAtomic(join(this.dir, 'complete.json'), JSON.stringify(done));
    for (let i = 0; i < metas.length; i++) rmSync(join(this.dir, `chunk-${i}.npy`), { force: true });
    return done;
  }
}
