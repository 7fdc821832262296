/**
 * fp16 stage of the GPU benchmark: the runner's own fp32→fp16 conversion of the benchmarked
 * model, its inference rate on the same provider, and the acceptance check of its features
 * against the fp32 features the e2e stage wrote for the same images.
 */
import type { ImageRef } from '@transferboard/runner/datasets/types';
import { acceptFp16 } from '@transferboard/runner/fp16/acceptance';
import { convertToFloat16 } from '@transferboard/runner/fp16/convert';
import { preprocessInto } from '@transferboard/runner/images/preprocess';
import { inspectModelBytes, withOutputs } from '@transferboard/onnx-intake/inspect';
import { createSession, floatTensor, type ExecutionProvider } from '@transferboard/runner/onnx/runtime';
import { readNpy } from '@transferboard/runner/npy/npy';

const PER = 3 * 224 * 224;

export async function benchFp16(o: {
  modelBytes: Uint8Array;
  featureOutput: string;
  inputName: string;
  provider: ExecutionProvider;
  batch: number;
  iters: number;
  featuresNpy: string;
  refs: readonly ImageRef[];
}) {
  const { proto } = inspectModelBytes(o.modelBytes, 'resnet50.onnx', { featureOutput: o.featureOutput });
  let t = performance.now();
  const converted = convertToFloat16(withOutputs(proto, [o.featureOutput]));
  const convertMs = performance.now() - t;
  const session = await createSession(converted.bytes, { provider: o.provider });
  const data = new Float32Array(o.batch * PER).map((_, i) => Math.sin(i * 0.37));
  const feeds = { [o.inputName]: floatTensor(data, [o.batch, 3, 224, 224]) };
  for (let i = 0; i < 3; i++) await session.run(feeds, [o.featureOutput]);
  t = performance.now();
  for (let i = 0; i < o.iters; i++) await session.run(feeds, [o.featureOutput]);
  const sec = (performance.now() - t) / 1000;

  // Acceptance on real images: the first refs, decoded the same way the e2e stage did.
  const ref = readNpy(o.featuresNpy);
  const dim = ref.shape[1]!;
  const n = Math.min(o.refs.length, 64, ref.shape[0]!);
  const fp16 = new Float32Array(n * dim);
  for (let b = 0; b < n; b += 16) {
    const m = Math.min(16, n - b);
    const x = new Float32Array(m * PER);
    for (let i = 0; i < m; i++)
      await preprocessInto(await o.refs[b + i]!.load(), o.refs[b + i]!.id, x, i * PER, { normalization: 'imagenet' });
    const out = (await session.run({ [o.inputName]: floatTensor(x, [m, 3, 224, 224]) }, [o.featureOutput]))[
      o.featureOutput
    ]!;
    fp16.set(out.data as Float32Array, b * dim);
  }
  const verdict = acceptFp16({ fp32: (ref.data as Float32Array).subarray(0, n * dim), fp16, dim });
  return {
    stage: 'fp16',
    provider: o.provider,
    batch: o.batch,
    iters: o.iters,
    convertMs: Math.round(convertMs),
    casts: converted.casts,
    fp32Nodes: converted.fp32Nodes,
    imgPerSec: +((o.batch * o.iters) / sec).toFixed(1),
    msPerBatch: +((sec * 1000) / o.iters).toFixed(2),
    accepted: verdict.accepted,
    checkedImages: n,
    ...verdict.agreement,
    reasons: verdict.reasons,
  };
}
