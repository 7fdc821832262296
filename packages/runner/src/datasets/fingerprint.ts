import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { ClassificationDataset, MultiLabelSample, Sample } from './types';

const SPLITS = ['train', 'val', 'test'] as const;
const memo = new WeakMap<ClassificationDataset, Promise<string>>();

/**
 * A dataset's fingerprint: sha256 over its splits' file lists (each image's stable id and
 * label) and the sizes of the files behind them. Cheap (one stat per distinct file, no pixel
 * read), and different wherever two hosts hold different copies: a file missing, added,
 * relabelled, truncated or re-encoded to another size. Two runners reporting different
 * fingerprints for one task evaluated different data (the task page flags it).
 */
export function datasetFingerprint(ds: ClassificationDataset): Promise<string> {
  let fp = memo.get(ds);
  if (!fp) {
    fp = compute(ds);
    memo.set(ds, fp);
  }
  return fp;
}

async function compute(ds: ClassificationDataset): Promise<string> {
  const sizes = new Map<string, Promise<number>>();
  const sizeOf = (path: string | undefined) => {
    if (!path) return Promise.resolve(-1);
    let size = sizes.get(path);
    if (!size) {
      size = stat(path).then(
        (s) => s.size,
        () => -1,
      );
      sizes.set(path, size);
    }
    return size;
  };
  const hash = createHash('sha256').update(`${ds.dataset}\n`);
  for (const split of SPLITS) {
    const samples: readonly (Sample | MultiLabelSample)[] | undefined = ds.splits[split];
    if (!samples) continue;
    const lines = await Promise.all(
      samples.map(async (s) => {
        const label = 'labels' in s ? Array.from(s.labels).join('') : String(s.label);
        return `${split}\t${s.image.id}\t${label}\t${await sizeOf(s.image.path)}`;
      }),
    );
    lines.sort();
    hash.update(`${split} ${lines.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
