import { inspectModelBytes, withOutputs } from '@transferboard/onnx-intake/inspect';
import { costReferences, referenceExport } from '@transferboard/onnx-intake/test-vectors';
import { describe, expect, it } from 'vitest';
import { createSession, floatTensor } from './runtime';

/**
 * The intake infers shapes without running anything; onnxruntime runs the model. On the three
 * torch exports of scripts/reference/onnx_cost_refs.py they must agree on every tensor, at two
 * batch sizes (the catalog's `N` is the batch).
 */
describe('the intake’s shape inference agrees with onnxruntime', () => {
  it.each(Object.entries(costReferences()))(
    '%s: every tensor the nodes compute',
    async (_name, ref) => {
      const { info, proto } = inspectModelBytes(referenceExport(ref), ref.file);
      const names = Object.keys(info.tensors);
      expect(Object.values(info.tensors).every((s) => s !== null)).toBe(true);
      const session = await createSession(withOutputs(proto, names));
      for (const batch of [1, 3]) {
        const out = await session.run({
          input: floatTensor(new Float32Array(batch * 3 * 224 * 224).fill(0.1), [batch, 3, 224, 224]),
        });
        for (const name of names) {
          // '?': a dimension that mixes the batch with another (a ViT's batch × heads).
          const expected = info.tensors[name]!.map((d) => (d === 'N' ? batch : d === '?' ? expect.any(Number) : d));
          expect([...out[name]!.dims], `${name} at batch ${batch}`).toEqual(expected);
        }
      }
      await session.release();
    },
    120_000,
  );
});
