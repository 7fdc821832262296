import { describe, expect, it } from 'vitest';
import { inferArchitecture } from './architecture';
import { indexGraph } from './graph-index';
import type { NodeSpec } from './graph';
import { inspectModelBytes } from './inspect';
import { graphOf, onnx } from './proto';
import { ints, model, weight } from './test-graphs';
import { paperModelArchitecture } from './paper-cost';
import { costReferences, referenceExport } from './test-vectors';
import { buildTinyBackbone } from './tiny-backbone';

function family(bytes: Uint8Array, declared: Parameters<typeof inferArchitecture>[3] = null) {
  const graph = graphOf(onnx.ModelProto.decode(bytes));
  return inferArchitecture(graph, indexGraph(graph), 'input', declared);
}

const conv = (input: string, output: string, w: string, k: number, stride: number, group = 1): NodeSpec => ({
  op: 'Conv',
  inputs: [input, w],
  outputs: [output],
  attrs: { kernel_shape: [k, k], strides: [stride, stride], group },
});

/** Patch embedding, one attention head over the tokens, mean over tokens. */
function tinyVit(patch: number): Uint8Array {
  return model(
    [
      conv('input', 'patches', 'embed', patch, patch),
      { op: 'Reshape', inputs: ['patches', 'flat_shape'], outputs: ['seq'] },
      { op: 'Transpose', inputs: ['seq'], outputs: ['tokens'], attrs: { perm: [0, 2, 1] } },
      { op: 'MatMul', inputs: ['tokens', 'wq'], outputs: ['q'] },
      { op: 'Transpose', inputs: ['tokens'], outputs: ['kt'], attrs: { perm: [0, 2, 1] } },
      { op: 'MatMul', inputs: ['q', 'kt'], outputs: ['scores'] },
      { op: 'Softmax', inputs: ['scores'], outputs: ['attn'], attrs: { axis: -1 } },
      { op: 'MatMul', inputs: ['attn', 'tokens'], outputs: ['mixed'] },
      { op: 'ReduceMean', inputs: ['mixed'], outputs: ['features'], attrs: { axes: [1], keepdims: 0 } },
    ],
    {
      initializers: [weight('embed', [8, 3, patch, patch]), weight('wq', [8, 8]), ints('flat_shape', [0, 8, -1])],
      opset: 13,
    },
  );
}

/** ConvNeXt's stem and one block: 4×4/4 patchify, depthwise 7×7, layer norm decomposed over channels. */
function tinyConvNext(): Uint8Array {
  return model(
    [
      conv('input', 'stem', 'stem_w', 4, 4),
      conv('stem', 'dw', 'dw_w', 7, 1, 8),
      { op: 'ReduceMean', inputs: ['dw'], outputs: ['mu'], attrs: { axes: [1], keepdims: 1 } },
      { op: 'Sub', inputs: ['dw', 'mu'], outputs: ['centred'] },
      { op: 'GlobalAveragePool', inputs: ['centred'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['features'], attrs: { axis: 1 } },
    ],
    { initializers: [weight('stem_w', [8, 3, 4, 4]), weight('dw_w', [8, 1, 7, 7])], opset: 13 },
  );
}

describe('inferArchitecture', () => {
  it('calls a patch embedding with self-attention a vision transformer and records the patch size', () => {
    expect(family(tinyVit(16))).toMatchObject({ family: 'vision-transformer', source: 'inferred', patchSize: 16 });
    expect(family(tinyVit(14)).patchSize).toBe(14);
  });

  it('calls a patchify stem with depthwise convolutions and layer norm ConvNeXt-like', () => {
    expect(family(tinyConvNext())).toMatchObject({ family: 'convnext-like', patchSize: null });
  });

  it('calls a ResNet-shaped backbone convolutional, and a graph without convolutions other', () => {
    expect(family(buildTinyBackbone({ layout: 'resnet50' }))).toMatchObject({
      family: 'convolutional',
      patchSize: null,
    });
    const mlp = model(
      [
        { op: 'Flatten', inputs: ['input'], outputs: ['flat'], attrs: { axis: 1 } },
        { op: 'MatMul', inputs: ['flat', 'w'], outputs: ['features'] },
      ],
      { initializers: [weight('w', [3 * 224 * 224, 4])] },
    );
    expect(family(mlp).family).toBe('other');
  });

  it('takes a declared family over the rule', () => {
    expect(family(buildTinyBackbone(), 'other')).toMatchObject({ family: 'other', source: 'metadata' });
  });
});

describe('torchvision exports (scripts/reference/onnx_cost_refs.py)', () => {
  const refs = costReferences();
  const arch = (name: keyof typeof refs) =>
    inspectModelBytes(referenceExport(refs[name]), refs[name].file).info.architecture;

  it('VisionTransformer(patch_size=32) is a vision transformer with patch size 32', () => {
    expect(arch('vit-tiny')).toMatchObject({ family: 'vision-transformer', source: 'inferred', patchSize: 32 });
  });

  it('ConvNeXt is ConvNeXt-like, ResNet-50 convolutional, and the paper models are the ResNet-50', () => {
    expect(arch('convnext-tiny')).toMatchObject({ family: 'convnext-like', patchSize: null });
    expect(arch('resnet50')).toMatchObject({ family: 'convolutional', patchSize: null });
    expect(paperModelArchitecture('moco-v2')).toEqual(arch('resnet50'));
    expect(paperModelArchitecture('my-vit')).toBeNull();
  });
});

describe('inspectModel records the architecture', () => {
  function withMetadata(bytes: Uint8Array, value: string): Uint8Array {
    const proto = onnx.ModelProto.decode(bytes);
    proto.metadataProps.push({ key: 'transferboard.architecture', value });
    return onnx.ModelProto.encode(proto).finish();
  }

  it('infers it, or reads a valid declaration from the metadata', () => {
    expect(inspectModelBytes(buildTinyBackbone(), 'm.onnx').info.architecture.family).toBe('convolutional');
    expect(
      inspectModelBytes(withMetadata(buildTinyBackbone(), 'convnext-like'), 'm.onnx').info.architecture,
    ).toMatchObject({ family: 'convnext-like', source: 'metadata' });
  });

  it('refuses an unknown declared family, naming the values it takes', () => {
    expect(() => inspectModelBytes(withMetadata(buildTinyBackbone(), 'transformer'), 'm.onnx')).toThrow(
      /declares 'transferboard.architecture' as 'transformer'.*one of vision-transformer, convnext-like, convolutional, other/,
    );
  });
});
