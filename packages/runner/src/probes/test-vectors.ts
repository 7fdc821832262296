import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readNpy } from '../npy/npy';
import type { LabeledFeatures } from './probe-input';
import { testVectors } from '../test-vectors';

/** Loads the committed reference problems written by scripts/reference/linear_probe_refs.py. */
export const VECTORS = testVectors('linear-probe');

export function loadSplit(problem: 'multiclass' | 'multilabel', split: 'train' | 'val' | 'test'): LabeledFeatures {
  const x = readNpy(join(VECTORS, `${problem}-${split}-x.npy`));
  const y = readNpy(join(VECTORS, `${problem}-${split}-y.npy`));
  return { x: x.data as Float32Array, n: x.shape[0]!, d: x.shape[1]!, y: y.data as Int32Array | Uint8Array };
}

export function loadRefs(): any {
  return JSON.parse(readFileSync(join(VECTORS, 'refs.json'), 'utf8'));
}
