import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeModel, type GraphSpec } from './graph';
import { inspectModel, inspectModelBytes } from './inspect';
import { onnx } from './proto';
import { buildTinyBackbone } from './tiny-backbone';

function poolModel(input: GraphSpec['inputs'][number], extra: Partial<GraphSpec> = {}): Uint8Array {
  return encodeModel({
    name: 'm',
    inputs: [input],
    outputs: [{ name: 'features', type: 'float32', shape: ['N', 3] }],
    nodes: [
      { op: 'GlobalAveragePool', inputs: [input.name], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['features'], attrs: { axis: 1 } },
    ],
    ...extra,
  });
}

const nchw = { name: 'input', type: 'float32' as const, shape: ['N', 3, 'H', 'W'] };

describe('inspectModel', () => {
  it('finds the pooled features and four spatial scales of a ResNet-50-layout export', async () => {
    const { info } = inspectModelBytes(buildTinyBackbone({ layout: 'resnet50' }), 'resnet.onnx');
    expect(info.featureOutput).toBe('/Flatten_output_0');
    expect(info.declaredOutputs).toEqual(['logits']);
    expect(info.spatialOutputs).toEqual([
      '/layer4/layer4.0/relu_1/Relu_output_0',
      '/layer3/layer3.0/relu_1/Relu_output_0',
      '/layer2/layer2.0/relu_1/Relu_output_0',
      '/layer1/layer1.0/relu_1/Relu_output_0',
    ]);
  });

  it('takes user-named outputs and rejects names the graph lacks', () => {
    const bytes = buildTinyBackbone();
    const { info } = inspectModelBytes(bytes, 'm.onnx', { featureOutput: 'pooled', spatialOutputs: ['block2_relu'] });
    expect(info.featureOutput).toBe('pooled');
    expect(info.spatialOutputs).toEqual(['block2_relu']);
    expect(() => inspectModelBytes(bytes, 'm.onnx', { featureOutput: 'nope' })).toThrow(
      /m\.onnx: --feature-output names 'nope', but the graph computes no tensor of that name; name the tensor/,
    );
  });

  it('reads the sha256, size and declared normalisation', () => {
    const bytes = buildTinyBackbone();
    const proto = onnx.ModelProto.decode(bytes);
    proto.metadataProps.push({ key: 'transferboard.normalization', value: 'none' });
    const withMeta = onnx.ModelProto.encode(proto).finish();
    const { info } = inspectModelBytes(withMeta, 'm.onnx');
    expect(info.normalization).toBe('none');
    expect(info.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(info.sizeBytes).toBe(withMeta.byteLength);
    expect(inspectModelBytes(bytes, 'm.onnx').info.normalization).toBeNull();
  });

  it('explains an NHWC input', () => {
    const bytes = poolModel({ name: 'x', type: 'float32', shape: [1, 224, 224, 3] });
    expect(() => inspectModelBytes(bytes, 'model.onnx')).toThrow(
      "model.onnx: input 'x' has shape [1,224,224,3] (NHWC); the runner needs NCHW [N,3,H,W]; re-export",
    );
  });

  it('rejects wrong input types, ranks, channel counts, fixed sizes and extra inputs', () => {
    expect(() => inspectModelBytes(poolModel({ ...nchw, type: 'float64' }), 'a.onnx')).toThrow(
      /a\.onnx: input 'input' is float64; the runner feeds float32/,
    );
    expect(() => inspectModelBytes(poolModel({ ...nchw, shape: ['N', 1, 'H', 'W'] }), 'b.onnx')).toThrow(
      /has 1 channels/,
    );
    expect(() => inspectModelBytes(poolModel({ ...nchw, shape: ['N', 3, 256, 256] }), 'c.onnx')).toThrow(
      /fixed to shape \[N,3,256,256\]; the runner feeds 224×224/,
    );
    const text = encodeModel({
      name: 't',
      inputs: [{ name: 'tokens', type: 'float32', shape: ['N', 128] }],
      outputs: [{ name: 'y', type: 'float32', shape: ['N', 128] }],
      nodes: [{ op: 'Relu', inputs: ['tokens'], outputs: ['y'] }],
    });
    expect(() => inspectModelBytes(text, 'text.onnx')).toThrow(
      /text\.onnx: input 'tokens' has shape \[N,128\]: not an image batch/,
    );
    const two = poolModel(nchw, { inputs: [nchw, { name: 'mask', type: 'float32', shape: ['N'] }] });
    expect(() => inspectModelBytes(two, 'two.onnx')).toThrow(/two\.onnx: has 2 inputs \('input', 'mask'\)/);
  });

  it('refuses a model with no pooling and no [N,D] output as not an image backbone', () => {
    const bytes = encodeModel({
      name: 'seg',
      inputs: [nchw],
      outputs: [{ name: 'y', type: 'float32', shape: ['N', 3, 'H', 'W'] }],
      nodes: [{ op: 'Relu', inputs: ['input'], outputs: ['y'] }],
    });
    expect(() => inspectModelBytes(bytes, 'seg.onnx')).toThrow(
      /seg\.onnx: does not look like an image backbone.*--feature-output/,
    );
  });

  it('refuses external data, custom op domains and truncated weights', () => {
    const proto = onnx.ModelProto.decode(buildTinyBackbone());
    const t = proto.graph!.initializer![0]!;
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [{ key: 'location', value: 'weights.bin' }];
    expect(() => inspectModelBytes(onnx.ModelProto.encode(proto).finish(), 'ext.onnx')).toThrow(
      /ext\.onnx: weight 'stem\.weight' is stored in an external data file.*save_as_external_data=False/,
    );

    const custom = poolModel(nchw, {
      nodes: [
        { op: 'FancyPool', domain: 'org.example', inputs: ['input'], outputs: ['pooled'] },
        { op: 'Flatten', inputs: ['pooled'], outputs: ['features'], attrs: { axis: 1 } },
      ],
      extraOpsets: { 'org.example': 1 },
    });
    expect(() => inspectModelBytes(custom, 'custom.onnx')).toThrow(
      /custom\.onnx: node .* uses operator 'FancyPool' from custom domain 'org\.example'/,
    );

    const cut = onnx.ModelProto.decode(buildTinyBackbone());
    const w = cut.graph!.initializer![0]!;
    w.rawData = w.rawData!.slice(0, 10);
    expect(() => inspectModelBytes(onnx.ModelProto.encode(cut).finish(), 'cut.onnx')).toThrow(
      /cut\.onnx: weight 'stem\.weight' holds 10 bytes but its shape \[16, 3, 4, 4\] needs 3072/,
    );
  });

  it('says a file that is not ONNX is not ONNX, and names a missing file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-inspect-'));
    const jpeg = join(dir, 'photo.onnx');
    writeFileSync(jpeg, Buffer.from('\xff\xd8\xff\xe0 this is a jpeg, not a model', 'latin1'));
    await expect(inspectModel(jpeg)).rejects.toThrow(/photo\.onnx: is not an ONNX model/);
    const text = join(dir, 'notes.onnx');
    writeFileSync(text, 'hello world\n');
    await expect(inspectModel(text)).rejects.toThrow(/notes\.onnx: is not an ONNX model/);
    await expect(inspectModel(join(dir, 'missing.onnx'))).rejects.toThrow(
      /missing\.onnx: cannot be read \(ENOENT\); check the --model path/,
    );
  });
});
