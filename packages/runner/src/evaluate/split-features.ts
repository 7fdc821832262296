import type { Preprocessing } from '@transferboard/suite/protocols';
import type { ClassificationDataset, SplitName } from '../datasets/types';
import { extractFeatures, type ExtractOptions, type ExtractResult, type Precision } from '../features/extract';
import { checkFp16 } from '../fp16/gate';
import { readNpy } from '../npy/npy';

/** Features and labels of one dataset split, rows aligned (images skipped as corrupt dropped from both). */
export interface SplitFeatures {
  x: Float32Array;
  n: number;
  d: number;
  /** Class indices, or n × C 0/1 rows when multi-label. */
  y: Int32Array | Uint8Array;
  /** Null for an empty split (few-shot datasets put every image in train). */
  extraction: ExtractResult | null;
}

export type ExtractDefaults = Omit<
  ExtractOptions,
  'images' | 'dataset' | 'split' | 'out' | 'cacheDir' | 'precision' | 'preprocessing'
> & { cacheDir: string };

export interface PrecisionState {
  requested: Precision;
  used: Precision;
  gate: unknown;
}

/**
 * Extract (or read from the cache) one split with one preprocessing. Few-shot tasks at 5, 20 and
 * 50 shots share a dataset, so within one evaluation each (split, preprocessing) is extracted once
 * and kept; a dataset's linear and few-shot tasks use different preprocessing, so different features.
 */
export class SplitFeatureStore {
  private readonly memo = new Map<string, Promise<SplitFeatures>>();
  private gate: Promise<Precision> | null = null;
  private readonly precision: PrecisionState;
  /** Extractions finished since the last drainExtractions(), for the throughput of the task that caused them. */
  private fresh: ExtractResult[] = [];

  constructor(
    private readonly defaults: ExtractDefaults,
    requested: Precision = 'fp32',
  ) {
    this.precision = { requested, used: requested, gate: null };
  }

  /** The extractions this store ran (or read from the cache) since the last call, oldest first. */
  drainExtractions(): ExtractResult[] {
    const done = this.fresh;
    this.fresh = [];
    return done;
  }

  precisionRecord(): PrecisionState {
    return { ...this.precision };
  }

  /**
   * fp16 is decided once per evaluation, on the first split that needs extracting: rejected, the
   * whole run stays fp32 (saying why), so one report never mixes precisions.
   */
  private precisionFor(
    ds: ClassificationDataset,
    split: SplitName,
    images: ExtractOptions['images'],
    preprocessing: Preprocessing,
  ): Promise<Precision> {
    if (this.precision.requested === 'fp32') return Promise.resolve('fp32');
    this.gate ??= checkFp16({ ...this.defaults, preprocessing }, images, `${ds.dataset}/${split}`).then((verdict) => {
      this.precision.gate = verdict;
      this.precision.used = verdict.accepted ? 'fp16' : 'fp32';
      const log = this.defaults.log ?? ((m: string) => process.stderr.write(`${m}\n`));
      log(
        verdict.accepted
          ? `precision fp16: accepted on ${verdict.images} images of ${verdict.sample} (min cosine ${verdict.agreement.minCosine.toFixed(6)})`
          : `precision fp16 rejected on ${verdict.images} images of ${verdict.sample} (${verdict.reasons.join('; ')}): extracting in fp32`,
      );
      return this.precision.used;
    });
    return this.gate;
  }

  get(ds: ClassificationDataset, split: SplitName, preprocessing: Preprocessing): Promise<SplitFeatures> {
    const key = `${ds.dataset}/${split}/${preprocessing}`;
    let p = this.memo.get(key);
    if (!p) {
      p = this.load(ds, split, preprocessing);
      this.memo.set(key, p);
    }
    return p;
  }

  private async load(
    ds: ClassificationDataset,
    split: SplitName,
    preprocessing: Preprocessing,
  ): Promise<SplitFeatures> {
    const samples = ds.splits[split] ?? [];
    if (samples.length === 0) return { x: new Float32Array(0), n: 0, d: 0, y: new Int32Array(0), extraction: null };
    const images = samples.map((s) => s.image);
    const precision = await this.precisionFor(ds, split, images, preprocessing);
    const extraction = await extractFeatures({
      ...this.defaults,
      precision,
      preprocessing,
      images,
      dataset: ds.dataset,
      split,
    });
    this.fresh.push(extraction);
    const f = readNpy(extraction.path);
    const x = f.data as Float32Array;
    const n = extraction.rows;
    if (ds.multiLabel) {
      const c = ds.classes.length;
      const y = new Uint8Array(n * c);
      extraction.kept.forEach((i, r) => {
        y.set(ds.splits[split]![i]!.labels, r * c);
      });
      return { x, n, d: extraction.dim, y, extraction };
    }
    const y = Int32Array.from(extraction.kept, (i) => ds.splits[split]![i]!.label);
    return { x, n, d: extraction.dim, y, extraction };
  }
}

/** Stack splits row-wise (few-shot pools train+val+test). */
export function concatSplits(parts: SplitFeatures[]): { x: Float32Array; n: number; d: number; y: Int32Array } {
  const live = parts.filter((p) => p.n > 0);
  const d = live[0]?.d ?? 0;
  const n = live.reduce((a, p) => a + p.n, 0);
  const x = new Float32Array(n * d);
  const y = new Int32Array(n);
  let row = 0;
  for (const p of live) {
    x.set(p.x, row * d);
    y.set(p.y as Int32Array, row);
    row += p.n;
  }
  return { x, n, d, y };
}
