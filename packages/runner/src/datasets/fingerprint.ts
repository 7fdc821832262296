import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { DetectionDataset, DetectionSample } from './voc';
import type { NormalsDataset } from './nyuv2';
import type { ClassificationDataset, MultiLabelSample, Sample } from './types';

/** Every dataset kind a task reads: classification (linear, few-shot), VOC detection, NYUv2 normals. */
export type FingerprintedDataset = ClassificationDataset | DetectionDataset | NormalsDataset;

/** One sample as the fingerprint sees it: its stable id, its label(s), and every file behind it. */
interface FingerprintEntry {
  id: string;
  label: string;
  files: (string | undefined)[];
}

const SPLITS = ['train', 'val', 'test'] as const;
const memo = new WeakMap<FingerprintedDataset, Promise<string>>();

/**
 * A dataset's fingerprint: sha256 over its splits' file lists (each sample's stable id and label
 * or annotation) and the sizes of every file behind a sample (image, annotation, normals, mask).
 * Cheap (one stat per distinct file, no pixel read), and different wherever two hosts hold
 * different copies: a file missing, added, relabelled, truncated or re-encoded to another size.
 * Two runners reporting different fingerprints for one task evaluated different data (the task
 * page flags it). Memoised per dataset object.
 */
export function datasetFingerprint(ds: FingerprintedDataset): Promise<string> {
  let fp = memo.get(ds);
  if (!fp) {
    fp = compute(ds.dataset, (split) => entries(ds, split));
    memo.set(ds, fp);
  }
  return fp;
}

function entries(ds: FingerprintedDataset, split: (typeof SPLITS)[number]): FingerprintEntry[] | undefined {
  if ('multiLabel' in ds) {
    const samples: readonly (Sample | MultiLabelSample)[] | undefined = ds.splits[split];
    return samples?.map((s) => ({
      id: s.image.id,
      // The pre-generalisation line format, so classification fingerprints stay what they were.
      label: 'labels' in s ? Array.from(s.labels).join('') : String(s.label),
      files: [s.image.path],
    }));
  }
  if (ds.dataset === 'voc0712') {
    if (split === 'val') return undefined;
    return ds.splits[split].map((s) => ({
      id: s.image.id,
      label: detectionLabel(s),
      files: [s.image.path, s.annotationPath],
    }));
  }
  if (split === 'val') return undefined;
  return ds.splits[split].map((s) => ({
    id: s.image.id,
    label: '',
    files: [s.image.path, s.normalsPath, s.maskPath],
  }));
}

/** The parsed annotation: class, box and difficult flag of each object, in file order. */
const detectionLabel = (s: DetectionSample) =>
  `${s.width}x${s.height} ${s.objects.map((o) => `${o.label}:${o.box.join(',')}:${o.difficult ? 1 : 0}`).join(' ')}`;

async function compute(
  dataset: string,
  splitEntries: (split: (typeof SPLITS)[number]) => FingerprintEntry[] | undefined,
): Promise<string> {
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
  const hash = createHash('sha256').update(`${dataset}\n`);
  for (const split of SPLITS) {
    const list = splitEntries(split);
    if (!list) continue;
    const lines = await Promise.all(
      list.map(async (e) => {
        const fileSizes = await Promise.all(e.files.map(sizeOf));
        return `${split}\t${e.id}\t${e.label}\t${fileSizes.join('\t')}`;
      }),
    );
    lines.sort();
    hash.update(`${split} ${lines.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}
