import { describe, expect, it } from 'vitest';
import { inspectModelBytes } from './inspect';
import { paperModelCost } from './paper-cost';
import { onnx } from './proto';
import { model, weight } from './test-graphs';
import { costReferences, referenceExport } from './test-vectors';
import type { NodeSpec } from './graph';

const refs = costReferences();
const cost = (bytes: Uint8Array) => inspectModelBytes(bytes, 'm.onnx').info.cost;

describe('cost of torch.onnx.export files against PyTorch’s own counts (scripts/reference/onnx_cost_refs.py)', () => {
  it('ResNet-50: the hooks’ multiply-accumulates exactly; parameters = sum(numel) less the BatchNorm channels the export folds', () => {
    const r = refs.resnet50;
    const c = cost(referenceExport(r));
    expect(c.macs).toBe(r.totalMacs);
    expect(c.macsByOperator).toEqual({ Conv: r.macs.conv, Gemm: r.macs.linear, MatMul: 0 });
    expect(c.parameters).toBe(r.parameters - r.bnChannels);
    expect(c.gflopsPerImage).toBeCloseTo(8.178, 3);
  });

  it('a tiny ViT: every product, the attention ones included, and every parameter', () => {
    const r = refs['vit-tiny'];
    const c = cost(referenceExport(r));
    expect(c.macs).toBe(r.totalMacs);
    expect(c.parameters).toBe(r.parameters);
  });

  it('a tiny ConvNeXt: channels-last MLPs as MatMul, and every parameter', () => {
    const r = refs['convnext-tiny'];
    const c = cost(referenceExport(r));
    expect(c.macs).toBe(r.totalMacs);
    expect(c.parameters).toBe(r.parameters);
  });

  it('every shape the ONNX project’s own inference found agrees', () => {
    for (const r of Object.values(refs)) {
      const { tensors } = inspectModelBytes(referenceExport(r), r.file).info;
      const compared = Object.entries(r.onnxShapes).filter(([name]) => name in tensors);
      expect(compared.length).toBeGreaterThan(50);
      for (const [name, shape] of compared)
        expect(
          tensors[name]?.map((d) => (d === 'N' ? 1 : d)),
          `${r.file} ${name}`,
        ).toEqual(shape);
    }
  });
});

describe('paperModelCost', () => {
  it('gives the paper models the figures a torchvision ResNet-50 export gets', () => {
    const exported = cost(referenceExport(refs.resnet50));
    for (const slug of ['supervised', 'moco-v2', 'simclr-v1', 'swav']) expect(paperModelCost(slug)).toEqual(exported);
    expect(paperModelCost('my-vit')).toBeNull();
  });
});

describe('what counts', () => {
  const bnModel = (): Uint8Array =>
    model(
      [
        { op: 'Conv', inputs: ['input', 'w'], outputs: ['c'], attrs: { strides: [32, 32] } },
        { op: 'BatchNormalization', inputs: ['c', 'gamma', 'beta', 'mean', 'var'], outputs: ['y'] },
        { op: 'GlobalAveragePool', inputs: ['y'], outputs: ['p'] },
        { op: 'Flatten', inputs: ['p'], outputs: ['features'] },
      ],
      {
        initializers: [
          weight('w', [8, 3, 32, 32]),
          weight('gamma', [8]),
          weight('beta', [8]),
          weight('mean', [8]),
          weight('var', [8]),
        ],
      },
    );

  it('counts BatchNormalization’s scale and bias but not its running statistics', () => {
    const c = cost(bnModel());
    expect(c.parameters).toBe(8 * 3 * 32 * 32 + 16);
    expect(c.macs).toBe(8 * 7 * 7 * 3 * 32 * 32);
  });

  it('counts Constant weight tensors but not single numbers, nor integer shape tensors', () => {
    const proto = onnx.ModelProto.decode(bnModel());
    const T = onnx.AttributeProto.AttributeType;
    proto.graph!.node!.push(
      {
        name: 'k',
        opType: 'Constant',
        output: ['k'],
        attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 1, dims: [5], floatData: [1, 2, 3, 4, 5] } }],
      },
      {
        name: 's',
        opType: 'Constant',
        output: ['s'],
        attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 1, dims: [], floatData: [0.5] } }],
      },
      {
        name: 'i',
        opType: 'Constant',
        output: ['i'],
        attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 7, dims: [2], int64Data: [1, -1] } }],
      },
    );
    expect(cost(onnx.ModelProto.encode(proto).finish()).parameters).toBe(8 * 3 * 32 * 32 + 16 + 5);
  });

  it('says why GFLOPs are unknown: an operator outside the shape inference before a product', () => {
    const nodes: NodeSpec[] = [
      { op: 'NonZero', inputs: ['input'], outputs: ['nz'] },
      { op: 'Cast', inputs: ['nz'], outputs: ['f'], attrs: { to: 1 } },
      { op: 'MatMul', inputs: ['f', 'w'], outputs: ['y'] },
    ];
    const c = cost(model(nodes, { initializers: [weight('w', [4, 2])] }));
    expect(c.gflopsPerImage).toBeNull();
    expect(c.gflopsUnknown).toMatch(
      /the shape of 'f' \(input 0 of MatMul node 'MatMul_2'\) cannot be inferred: it comes after node 'NonZero_0' \(NonZero\)/,
    );
    expect(c.parameters).toBe(8);
  });

  it('refuses to count when products hide in Einsum or in control flow', () => {
    const einsum = cost(
      model(
        [
          { op: 'Einsum', inputs: ['input', 'w'], outputs: ['y'], attrs: { equation: 'nchw,cd->ndhw' } },
          { op: 'GlobalAveragePool', inputs: ['y'], outputs: ['p'] },
        ],
        { initializers: [weight('w', [3, 4])] },
      ),
    );
    expect(einsum.gflopsUnknown).toMatch(
      /computes a product with Einsum, which the definition \(Conv, Gemm, MatMul\) does not count/,
    );
    const proto = onnx.ModelProto.decode(bnModel());
    const T = onnx.AttributeProto.AttributeType;
    const branch = (name: string) => ({
      name,
      initializer: [],
      node: [{ name: `${name}_mm`, opType: 'MatMul', input: ['y', 'y'], output: [`${name}_out`] }],
      output: [{ name: `${name}_out` }],
    });
    proto.graph!.node!.push(
      {
        name: 'cond',
        opType: 'Constant',
        output: ['cond'],
        attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 9, dims: [], int32Data: [1] } }],
      },
      {
        name: 'if',
        opType: 'If',
        input: ['cond'],
        output: ['z'],
        attribute: [
          { name: 'then_branch', type: T.GRAPH, g: branch('a') },
          { name: 'else_branch', type: T.GRAPH, g: branch('b') },
        ],
      },
    );
    const c = cost(onnx.ModelProto.encode(proto).finish());
    expect(c.gflopsPerImage).toBeNull();
    expect(c.gflopsUnknown).toMatch(/node '(a|b)_mm' \(MatMul\) sits in graph '(then|else)_branch' of node 'if'/);
  });

  it('counts a fixed-batch export per image', () => {
    const fixed = onnx.ModelProto.decode(bnModel());
    fixed.graph!.input![0]!.type!.tensorType!.shape!.dim![0] = { dimValue: 4 };
    expect(cost(onnx.ModelProto.encode(fixed).finish()).macs).toBe(cost(bnModel()).macs);
  });
});
