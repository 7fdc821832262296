/** Shapes every dataset reader produces; protocols and feature extraction code against these. */

export type SplitName = 'train' | 'val' | 'test';

/** Encoded bytes (JPEG/PNG, decoded by the preprocessing code) or raw interleaved HWC pixels. */
export type LoadedImage =
  | { kind: 'encoded'; bytes: Buffer }
  | { kind: 'raw'; data: Uint8Array; width: number; height: number; channels: 1 | 3 };

export interface ImageRef {
  /** Stable across runs and machines: a path relative to the dataset folder, or "file#record". */
  id: string;
  /** Absolute path of the backing file (for a record-packed file such as a CIFAR batch, the pack). Every reader sets it. */
  path?: string;
  load(): Promise<LoadedImage>;
}

export interface Sample {
  image: ImageRef;
  label: number;
}

/** VOC2007 classification: labels[c] = 1 for a positive, 0 otherwise ("difficult" counts as 0). */
export interface MultiLabelSample {
  image: ImageRef;
  labels: Uint8Array;
  /** difficult[c] = 1 where the official list marks the image 0 ("difficult") for class c. */
  difficult?: Uint8Array;
}

interface DatasetBase {
  /** Dataset slug, e.g. "cifar10". */
  dataset: string;
  classes: string[];
}

export interface SingleLabelDataset extends DatasetBase {
  multiLabel: false;
  /** val only where the dataset has an official val split. Few-shot-only datasets put every image in train. */
  splits: { train: Sample[]; val?: Sample[]; test: Sample[] };
}

export interface MultiLabelDataset extends DatasetBase {
  multiLabel: true;
  splits: { train: MultiLabelSample[]; val?: MultiLabelSample[]; test: MultiLabelSample[] };
}

export type ClassificationDataset = SingleLabelDataset | MultiLabelDataset;

export interface CheckIssue {
  path: string;
  problem: string;
  fix: string;
}

export interface CheckReport {
  dataset: string;
  status: 'present' | 'missing' | 'malformed';
  issues: CheckIssue[];
  /** Images per split (or per part, for detection and normals), when the layout could be read. */
  counts?: Record<string, number>;
  /** Non-fatal oddities (e.g. VOC boxes clipped to the image), one line each naming the file. */
  warnings?: string[];
}
