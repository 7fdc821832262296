import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ImageRef } from '../datasets/types';
import { acceptFp16, type Fp16Verdict } from './acceptance';
import { readNpy } from '../npy/npy';
import { silentProgress } from '../progress/progress';
import { extractFeatures, type ExtractOptions } from '../features/extract';

/** Images the fp16 model is checked on before it may stand in for the fp32 one. */
const FP16_GATE_IMAGES = 32;

export type GateOptions = Omit<
  ExtractOptions,
  'images' | 'dataset' | 'split' | 'out' | 'cacheDir' | 'precision' | 'progress'
>;

/**
 * Runs the same sample through the fp32 model and its fp16 conversion and applies the acceptance
 * rule (src/fp16/acceptance.ts). Nothing is cached: the sample is small, and a verdict must
 * never be served from features computed by another build of the conversion.
 */
export async function checkFp16(
  opts: GateOptions,
  images: readonly ImageRef[],
  label: string,
): Promise<Fp16Verdict & { images: number; sample: string }> {
  const sample = images.slice(0, FP16_GATE_IMAGES);
  const dir = mkdtempSync(join(tmpdir(), 'tb-fp16-gate-'));
  try {
    const quiet = {
      ...opts,
      images: sample,
      dataset: `fp16-gate:${label}`,
      progress: silentProgress,
      log: () => undefined,
    };
    const fp32 = await extractFeatures({ ...quiet, precision: 'fp32', out: join(dir, 'fp32.npy') });
    await extractFeatures({ ...quiet, precision: 'fp16', out: join(dir, 'fp16.npy') });
    const verdict = acceptFp16({
      fp32: readNpy(join(dir, 'fp32.npy')).data as Float32Array,
      fp16: readNpy(join(dir, 'fp16.npy')).data as Float32Array,
      dim: fp32.dim,
    });
    return { ...verdict, images: sample.length, sample: label };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
