import type { ClassificationDataset, SplitName } from '../datasets/types';
import { extractFeatures, type ExtractOptions, type ExtractResult } from '../features/extract';
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

export type ExtractDefaults = Omit<ExtractOptions, 'images' | 'dataset' | 'split' | 'out' | 'cacheDir'> & { cacheDir: string };

/**
 * Extract (or read from the cache) one split. Few-shot tasks at 5, 20 and 50 shots share a
 * dataset, so within one evaluation each split is extracted once and kept.
 */
export class SplitFeatureStore {
  private readonly memo = new Map<string, Promise<SplitFeatures>>();

  constructor(private readonly defaults: ExtractDefaults) {}

  get(ds: ClassificationDataset, split: SplitName): Promise<SplitFeatures> {
    const key = `${ds.dataset}/${split}`;
    let p = this.memo.get(key);
    if (!p) {
      p = this.load(ds, split);
      this.memo.set(key, p);
    }
    return p;
  }

  private async load(ds: ClassificationDataset, split: SplitName): Promise<SplitFeatures> {
    const samples = ds.splits[split] ?? [];
    if (samples.length === 0) return { x: new Float32Array(0), n: 0, d: 0, y: new Int32Array(0), extraction: null };
    const extraction = await extractFeatures({ ...this.defaults, images: samples.map((s) => s.image), dataset: ds.dataset, split });
    const f = readNpy(extraction.path);
    const x = f.data as Float32Array;
    const n = extraction.rows;
    if (ds.multiLabel) {
      const c = ds.classes.length;
      const y = new Uint8Array(n * c);
      extraction.kept.forEach((i, r) => y.set(ds.splits[split]![i]!.labels, r * c));
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
