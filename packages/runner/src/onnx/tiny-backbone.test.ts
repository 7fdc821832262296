import { describe, expect, it } from 'vitest';
import { createSession, floatTensor } from './runtime';
import { buildChannelMeanModel, buildTinyBackbone } from '@transferboard/onnx-intake/tiny-backbone';

function image(n: number, size: number): Float32Array {
  return new Float32Array(n * 3 * size * size).map((_, i) => Math.sin(i * 0.37));
}

describe('tiny backbone', () => {
  it('maps [N,3,224,224] to pooled [N,64] and spatial [N,64,7,7] for any batch size', async () => {
    const session = await createSession(buildTinyBackbone({ seed: 3 }));
    for (const n of [1, 3]) {
      const out = await session.run({ input: floatTensor(image(n, 224), [n, 3, 224, 224]) });
      expect(out.features?.dims).toEqual([n, 64]);
      expect(out.spatial?.dims).toEqual([n, 64, 7, 7]);
      // The pooled output is the spatial map averaged over its 49 positions.
      const spatial = out.spatial!.data as Float32Array;
      const mean = spatial.slice(0, 49).reduce((a, b) => a + b, 0) / 49;
      expect((out.features!.data as Float32Array)[0]).toBeCloseTo(mean, 5);
    }
  });

  it('is deterministic per seed', () => {
    expect(Buffer.from(buildTinyBackbone({ seed: 5 })).equals(Buffer.from(buildTinyBackbone({ seed: 5 })))).toBe(true);
    expect(Buffer.from(buildTinyBackbone({ seed: 5 })).equals(Buffer.from(buildTinyBackbone({ seed: 6 })))).toBe(false);
  });

  it('has a ResNet-50 layout that only declares classifier logits', async () => {
    const session = await createSession(buildTinyBackbone({ layout: 'resnet50', numClasses: 7 }));
    expect(session.outputNames).toEqual(['logits']);
    const out = await session.run({ input: floatTensor(image(2, 96), [2, 3, 96, 96]) });
    expect(out.logits?.dims).toEqual([2, 7]);
  });

  it('channel-mean model returns the per-channel mean of its input', async () => {
    const session = await createSession(buildChannelMeanModel());
    const x = new Float32Array(12).map((_, i) => i);
    const out = await session.run({ input: floatTensor(x, [1, 3, 2, 2]) });
    expect(Array.from(out.features!.data as Float32Array)).toEqual([1.5, 5.5, 9.5]);
  });
});
