import { inspectModelBytes, withOutputs } from '@transferboard/onnx-intake/inspect';
import { buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';
import { describe, expect, it } from 'vitest';
import { createSession, floatTensor } from './runtime';

describe('withOutputs under onnxruntime', () => {
  it('returns the pooled features and the four spatial scales the intake found, and drops the head', async () => {
    const { info, proto } = inspectModelBytes(buildTinyBackbone({ layout: 'resnet50' }), 'resnet.onnx');
    const session = await createSession(withOutputs(proto, [info.featureOutput, ...info.spatialOutputs]));
    const out = await session.run({
      input: floatTensor(new Float32Array(2 * 3 * 224 * 224).fill(0.5), [2, 3, 224, 224]),
    });
    expect(out[info.featureOutput]?.dims).toEqual([2, 64]);
    // Strides 32, 16, 8, 4.
    expect(info.spatialOutputs.map((n) => out[n]?.dims[2])).toEqual([7, 14, 28, 56]);
    expect(session.outputNames).not.toContain('logits');
  });
});
