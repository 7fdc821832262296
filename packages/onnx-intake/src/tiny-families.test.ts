import { describe, expect, it } from 'vitest';
import { inspectModelBytes } from './inspect';
import { buildTinyConvNext, buildTinyVit } from './tiny-families';

const inspect = (bytes: Uint8Array) => inspectModelBytes(bytes, 'tiny.onnx').info;

describe('tiny family backbones, read by the default rules', () => {
  it('a ViT: features are the normed class token, maps the last block’s patch tokens on a 7×7 grid', () => {
    const info = inspect(buildTinyVit());
    expect(info).toMatchObject({
      featureOutput: '/Gather_output_0',
      featureSource: 'classifier-input',
      featureShape: ['N', 32],
      spatialSource: 'last-block-tokens',
      spatialOutputs: ['/encoder/ln/LayerNormalization_output_0', '/encoder/layers/encoder_layer_0/Add_1_output_0'],
      tokenGrid: { prefixTokens: 1, height: 7, width: 7, patchSize: 32, source: 'patch-embedding' },
    });
    expect(info.tensors['/encoder/ln/LayerNormalization_output_0']).toEqual(['N', 50, 32]);
  });

  it('a ViT with register tokens drops them too', () => {
    const info = inspect(buildTinyVit({ registers: 4, patchSize: 16, layers: 1 }));
    expect(info.tokenGrid).toMatchObject({ prefixTokens: 5, height: 14, patchSize: 16 });
    expect(info.tensors[info.spatialOutputs[0]!]).toEqual(['N', 201, 32]);
  });

  it('a ConvNeXt: features after the final LayerNorm that follows the pooling, maps before the pooling', () => {
    const info = inspect(buildTinyConvNext());
    expect(info).toMatchObject({
      featureOutput: '/classifier/classifier.1/Flatten_output_0',
      featureSource: 'classifier-input',
      featureShape: ['N', 64],
      spatialSource: 'before-global-pool',
      tokenGrid: null,
    });
    expect(info.spatialOutputs[0]).toBe('/features/features.5/features.5.0/Add_output_0');
    expect(info.tensors[info.spatialOutputs[0]!]).toEqual(['N', 64, 14, 14]);
  });
});
