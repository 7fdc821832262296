import { describe, expect, it } from 'vitest';
import type { NodeSpec } from './graph';
import { inspectModelBytes, type InspectOptions } from './inspect';
import { ModelError } from './model-error';
import { onnx } from './proto';
import { model, weight } from './test-graphs';
import { costReferences, referenceExport } from './test-vectors';
import { buildTinyBackbone } from './tiny-backbone';

const stem: NodeSpec[] = [
  { op: 'Conv', inputs: ['input', 'w'], outputs: ['map'], attrs: { strides: [32, 32] } },
  { op: 'GlobalAveragePool', inputs: ['map'], outputs: ['pooled'] },
  { op: 'Flatten', inputs: ['pooled'], outputs: ['flat'] },
];
const stemWeights = [weight('w', [16, 3, 32, 32])];

function build(
  head: NodeSpec[],
  extra: { initializers?: ReturnType<typeof weight>[]; output?: string; meta?: Record<string, string> } = {},
): Uint8Array {
  const nodes = [...stem, ...head];
  const bytes = model(nodes, {
    initializers: [...stemWeights, ...(extra.initializers ?? [])],
    outputs: [{ name: extra.output ?? nodes.at(-1)!.outputs[0]!, type: 'float32', shape: ['N', 'D'] }],
  });
  if (!extra.meta) return bytes;
  const proto = onnx.ModelProto.decode(bytes);
  for (const [key, value] of Object.entries(extra.meta)) proto.metadataProps.push({ key, value });
  return onnx.ModelProto.encode(proto).finish();
}

const inspect = (bytes: Uint8Array, opts: InspectOptions = {}) => inspectModelBytes(bytes, 'm.onnx', opts).info;

function refusal(bytes: Uint8Array, opts: InspectOptions = {}): ModelError {
  try {
    inspect(bytes, opts);
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('the default feature tensor', () => {
  it('is the model’s own single output when it is not a classifier (a final LayerNorm stays in)', () => {
    const info = inspect(
      build([{ op: 'LayerNormalization', inputs: ['flat', 'g', 'b'], outputs: ['normed'] }], {
        initializers: [weight('g', [16]), weight('b', [16])],
      }),
    );
    expect(info).toMatchObject({
      featureOutput: 'normed',
      featureSource: 'model-output',
      featureShape: ['N', 16],
      spatialOutputs: ['map'],
      spatialSource: 'before-global-pool',
    });
  });

  it('walks back from a 1,000-way head, through a Softmax, to what the head reads', () => {
    const head: NodeSpec[] = [
      { op: 'Gemm', inputs: ['flat', 'fc_w', 'fc_b'], outputs: ['scores'], attrs: { transB: 1 }, name: 'linear' },
      { op: 'Softmax', inputs: ['scores'], outputs: ['probabilities'] },
    ];
    const info = inspect(build(head, { initializers: [weight('fc_w', [1000, 16]), weight('fc_b', [1000])] }));
    expect(info).toMatchObject({ featureOutput: 'flat', featureSource: 'classifier-input' });
    expect(info.featureReason).toMatch(/1000-way Gemm 'linear'/);
  });

  it('takes a head by its name whatever its width, and walks back through a projection MLP', () => {
    const head: NodeSpec[] = [
      { op: 'MatMul', inputs: ['flat', 'w0'], outputs: ['h0'], name: '/fc/fc.0/MatMul' },
      { op: 'Add', inputs: ['h0', 'b0'], outputs: ['h1'], name: '/fc/fc.0/Add' },
      { op: 'BatchNormalization', inputs: ['h1', 'g', 'b', 'm', 'v'], outputs: ['h2'] },
      { op: 'Relu', inputs: ['h2'], outputs: ['h3'] },
      { op: 'Gemm', inputs: ['h3', 'w1'], outputs: ['out'], name: '/fc/fc.3/Gemm' },
    ];
    const initializers = [
      weight('w0', [16, 32]),
      weight('b0', [32]),
      ...['g', 'b', 'm', 'v'].map((n) => weight(n, [32])),
      weight('w1', [32, 128]),
    ];
    expect(inspect(build(head, { initializers }))).toMatchObject({
      featureOutput: 'flat',
      featureSource: 'classifier-input',
    });
  });

  it('keeps an output that is neither 1,000-way nor named like a classifier (say, an embedding)', () => {
    const head: NodeSpec[] = [{ op: 'Gemm', inputs: ['flat', 'p'], outputs: ['embedding'], name: 'projection' }];
    expect(inspect(build(head, { initializers: [weight('p', [16, 128])] }))).toMatchObject({
      featureOutput: 'embedding',
      featureSource: 'model-output',
      featureShape: ['N', 128],
    });
  });

  it('uses the last global pooling for a model with several outputs (the tiny plain backbone)', () => {
    expect(inspect(buildTinyBackbone())).toMatchObject({ featureOutput: 'features', featureSource: 'global-pool' });
  });

  it('reads the torch exports as their authors meant: ResNet-50 pooled, ViT class token, ConvNeXt after its LayerNorm', () => {
    const refs = costReferences();
    expect(inspect(referenceExport(refs.resnet50))).toMatchObject({
      featureOutput: '/Flatten_output_0',
      featureShape: ['N', 2048],
      featureSource: 'classifier-input',
    });
    const vit = inspect(referenceExport(refs['vit-tiny']));
    expect(vit).toMatchObject({
      featureOutput: '/Gather_4_output_0',
      featureShape: ['N', 64],
      spatialSource: 'last-block-tokens',
    });
    const convnext = inspect(referenceExport(refs['convnext-tiny']));
    // LayerNorm2d → Flatten → Linear: the Flatten after the norm, not the GlobalAveragePool before it.
    expect(convnext.featureOutput).toBe('/classifier/classifier.1/Flatten_output_0');
    expect(convnext.spatialOutputs[0]).toBe('/features/features.5/features.5.0/Add_output_0');
    for (const map of convnext.spatialOutputs)
      expect(convnext.tensors[map]).toEqual(['N', expect.any(Number), expect.any(Number), expect.any(Number)]);
  });

  it('refuses a model with nothing to use, naming the metadata that fixes it', () => {
    const err = refusal(
      model([{ op: 'Relu', inputs: ['input'], outputs: ['y'] }], {
        outputs: [{ name: 'y', type: 'float32', shape: ['N', 3, 'H', 'W'] }],
      }),
    );
    expect(err.code).toBe('NOT_A_BACKBONE');
    expect(err.message).toMatch(/"transferboard\.features": "NAME"/);
  });
});

describe('declared feature tensors', () => {
  const head: NodeSpec[] = [{ op: 'Gemm', inputs: ['flat', 'fc'], outputs: ['logits'], attrs: { transB: 1 } }];
  const withHead = (meta?: Record<string, string>) =>
    build(head, { initializers: [weight('fc', [10, 16])], ...(meta ? { meta } : {}) });

  it('takes the metadata’s features and spatial outputs (comma-separated or a JSON list)', () => {
    expect(
      inspect(withHead({ 'transferboard.features': 'pooled', 'transferboard.spatial_outputs': 'map' })),
    ).toMatchObject({
      featureOutput: 'pooled',
      featureSource: 'metadata',
      featureShape: ['N', 16, 1, 1],
      spatialOutputs: ['map'],
      spatialSource: 'metadata',
      declared: { features: 'pooled', spatialOutputs: ['map'] },
    });
    expect(inspect(withHead({ 'transferboard.spatial_outputs': '["map"]' })).spatialOutputs).toEqual(['map']);
  });

  it('lets an override (submitModel, --feature-output) beat the metadata', () => {
    const info = inspect(withHead({ 'transferboard.features': 'pooled' }), {
      featureOutput: 'flat',
      spatialOutputs: ['map'],
    });
    expect(info).toMatchObject({ featureOutput: 'flat', featureSource: 'declared', spatialSource: 'declared' });
  });

  it.each([
    [
      { 'transferboard.features': 'nope' },
      /metadata 'transferboard\.features' names 'nope', but the graph computes no tensor of that name; name the tensor .* for example .*'flat' \[N,16\]/,
    ],
    [
      { 'transferboard.features': 'map' },
      /names 'map', but its shape \[N,16,7,7\] is not a pooled feature vector \[N,D\] \(or \[N,D,1,1\]\)/,
    ],
    [
      { 'transferboard.spatial_outputs': 'map, pooled' },
      /metadata 'transferboard\.spatial_outputs' names 'pooled', but its shape \[N,16,1,1\] has no spatial extent to probe/,
    ],
    [{ 'transferboard.spatial_outputs': 'flat' }, /its shape \[N,16\] is not a feature map \[N,C,h,w\]/],
  ])('refuses a bad metadata declaration %j with the fix', (meta, message) => {
    const err = refusal(withHead(meta));
    expect(err.code).toBe('BAD_DECLARATION');
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/inspect --model model\.onnx --tensors/);
  });

  it('refuses a map named twice', () => {
    expect(refusal(withHead({ 'transferboard.spatial_outputs': 'map,map' })).message).toMatch(
      /names 'map' twice; name each map once, coarsest first/,
    );
  });

  it('maps a ViT by default: the tokens its class token is read from, then the earlier block', () => {
    const info = inspect(referenceExport(costReferences()['vit-tiny']));
    expect(info).toMatchObject({
      featureOutput: '/Gather_4_output_0',
      spatialSource: 'last-block-tokens',
      spatialOutputs: ['/encoder/ln/LayerNormalization_output_0', '/encoder/layers/encoder_layer_0/Add_1_output_0'],
      tokenHints: { patchSize: 32, prefixTokens: null },
      tokenGrid: { prefixTokens: 1, height: 7, width: 7, patchSize: 32, source: 'patch-embedding' },
    });
  });

  it('accepts a declared token sequence and refuses one whose tokens make no grid, with the fix', () => {
    const vit = referenceExport(costReferences()['vit-tiny']);
    expect(inspect(vit, { spatialOutputs: ['/encoder/layers/encoder_layer_1/Add_1_output_0'] })).toMatchObject({
      spatialSource: 'declared',
      tokenGrid: { height: 7 },
    });
    const declared = onnx.ModelProto.decode(vit);
    declared.metadataProps.push(
      { key: 'transferboard.prefix_tokens', value: '2' },
      { key: 'transferboard.spatial_outputs', value: '/encoder/ln/LayerNormalization_output_0' },
    );
    const err = refusal(onnx.ModelProto.encode(declared).finish());
    expect(err.code).toBe('BAD_DECLARATION');
    expect(err.message).toMatch(/50 tokens less 2 prefix tokens is not a square grid/);
    expect(err.message).toMatch(/transferboard\.prefix_tokens/);
  });

  it('refuses a bad prefix count in the metadata', () => {
    const proto = onnx.ModelProto.decode(referenceExport(costReferences()['vit-tiny']));
    proto.metadataProps.push({ key: 'transferboard.prefix_tokens', value: 'class' });
    expect(refusal(onnx.ModelProto.encode(proto).finish()).message).toMatch(/'class', not a whole number of tokens/);
  });

  it('keeps the default maps when only the features are overridden', () => {
    expect(inspect(withHead(), { featureOutput: 'pooled' })).toMatchObject({
      featureOutput: 'pooled',
      spatialOutputs: ['map'],
      spatialSource: 'before-global-pool',
    });
  });
});
