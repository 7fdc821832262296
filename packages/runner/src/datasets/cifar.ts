/**
 * CIFAR-10 / CIFAR-100 binary versions, read in place: records are fixed-size, so an image is one
 * positioned read of its record and memory stays flat whatever the split size.
 * cifar-10-batches-bin/{data_batch_1..5,test_batch}.bin: <1 label byte><3072 pixel bytes>
 * cifar-100-binary/{train,test}.bin: <coarse byte><fine byte><3072 pixel bytes>; we use the fine label.
 * Pixels are planar (1024 R, 1024 G, 1024 B, rows of 32); images are handed out interleaved HWC.
 */
import { open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { malformed } from './errors';
import { lines, readRequiredText, requireTopDir } from './files';
import type { ImageRef, Sample, SingleLabelDataset } from './types';

const SIDE = 32;
const PIXELS = SIDE * SIDE * 3;

export interface CifarLayout {
  dataset: 'cifar10' | 'cifar100';
  folder: string;
  labelBytes: 1 | 2;
  classesFile: string;
  train: string[];
  test: string[];
  numClasses: number;
  download: string;
}

export const CIFAR10: CifarLayout = {
  dataset: 'cifar10',
  folder: 'cifar-10-batches-bin',
  labelBytes: 1,
  classesFile: 'batches.meta.txt',
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
  numClasses: 10,
  download: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
};

export const CIFAR100: CifarLayout = {
  dataset: 'cifar100',
  folder: 'cifar-100-binary',
  labelBytes: 2,
  classesFile: 'fine_label_names.txt',
  train: ['train.bin'],
  test: ['test.bin'],
  numClasses: 100,
  download: 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz',
};

function cifarRecordSize(layout: CifarLayout): number {
  return layout.labelBytes + PIXELS;
}

/** Planar CHW record pixels to interleaved HWC. */
function planarToInterleaved(planar: Uint8Array): Uint8Array {
  const plane = SIDE * SIDE;
  const out = new Uint8Array(PIXELS);
  for (let i = 0; i < plane; i++) {
    out[i * 3] = planar[i]!;
    out[i * 3 + 1] = planar[plane + i]!;
    out[i * 3 + 2] = planar[2 * plane + i]!;
  }
  return out;
}

function recordImage(path: string, file: string, index: number, layout: CifarLayout): ImageRef {
  const size = cifarRecordSize(layout);
  return {
    id: `${file}#${index}`,
    path,
    load: async () => {
      const fh = await open(path, 'r');
      try {
        const buf = Buffer.alloc(PIXELS);
        const { bytesRead } = await fh.read(buf, 0, PIXELS, index * size + layout.labelBytes);
        if (bytesRead !== PIXELS)
          throw malformed(path, `record ${index} is cut short`, `re-extract ${layout.download}`);
        return { kind: 'raw', data: planarToInterleaved(buf), width: SIDE, height: SIDE, channels: 3 };
      } finally {
        await fh.close();
      }
    },
  };
}

/** Reads only the label bytes of each record (one pass, chunked), keeping pixels on disk. */
async function readBatch(dir: string, file: string, layout: CifarLayout): Promise<Sample[]> {
  const path = join(dir, file);
  const fix = `re-extract ${layout.download} so that ${layout.folder}/${file} is complete`;
  const size = cifarRecordSize(layout);
  const bytes = await stat(path).then(
    (s) => s.size,
    () => {
      throw malformed(path, 'batch file not found', fix);
    },
  );
  if (bytes === 0 || bytes % size !== 0) {
    throw malformed(
      path,
      `size ${bytes} bytes is not a whole number of ${size}-byte records (truncated or wrong version: the runner reads the binary version)`,
      fix,
    );
  }
  const count = bytes / size;
  const samples: Sample[] = [];
  const fh = await open(path, 'r');
  try {
    const chunkRecords = 1024;
    const chunk = Buffer.alloc(chunkRecords * size);
    for (let start = 0; start < count; start += chunkRecords) {
      const n = Math.min(chunkRecords, count - start);
      await fh.read(chunk, 0, n * size, start * size);
      for (let k = 0; k < n; k++) {
        const label = chunk[k * size + layout.labelBytes - 1]!; // CIFAR-100: the fine label is the second byte
        if (label >= layout.numClasses) {
          throw malformed(path, `record ${start + k} has label ${label}, outside 0..${layout.numClasses - 1}`, fix);
        }
        samples.push({ image: recordImage(path, file, start + k, layout), label });
      }
    }
  } finally {
    await fh.close();
  }
  return samples;
}

export async function readCifar(root: string, layout: CifarLayout): Promise<SingleLabelDataset> {
  const dir = join(root, layout.folder);
  await requireTopDir(dir, `download ${layout.download} and extract it into ${root}`);
  const classes = lines(await readRequiredText(join(dir, layout.classesFile), `re-extract ${layout.download}`));
  if (classes.length !== layout.numClasses) {
    throw malformed(
      join(dir, layout.classesFile),
      `lists ${classes.length} class names, expected ${layout.numClasses}`,
      `re-extract ${layout.download}`,
    );
  }
  const train: Sample[] = [];
  for (const f of layout.train) train.push(...(await readBatch(dir, f, layout)));
  const test: Sample[] = [];
  for (const f of layout.test) test.push(...(await readBatch(dir, f, layout)));
  return { dataset: layout.dataset, classes, multiLabel: false, splits: { train, test } };
}
