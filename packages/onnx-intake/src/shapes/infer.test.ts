import { describe, expect, it } from 'vitest';
import { parseModel, validateStructure } from '../validate';
import { inferShapes } from './infer';
import { ints, model, weight } from '../test-graphs';
import type { NodeSpec } from '../graph';
import type { TensorSpec, ValueSpec } from '../graph';

function shapes(bytes: Uint8Array, batch = 1) {
  const proto = parseModel(bytes, 'm.onnx');
  const { order } = validateStructure(proto, 'm.onnx');
  return inferShapes(proto, order, 'input', { batch, height: 224, width: 224 });
}

function shapeOf(
  nodes: NodeSpec[],
  tensor: string,
  opts: { initializers?: TensorSpec[]; opset?: number; outputs?: ValueSpec[]; batch?: number } = {},
) {
  return shapes(model(nodes, opts), opts.batch ?? 1).tensors.get(tensor)?.shape ?? null;
}

describe('convolution and pooling', () => {
  const w = (cout: number, cin: number, k: number) => weight('w', [cout, cin, k, k]);
  it('follows pads, strides, dilations and groups', () => {
    expect(
      shapeOf(
        [{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { strides: [2, 2], pads: [3, 3, 3, 3] } }],
        'y',
        { initializers: [w(64, 3, 7)] },
      ),
    ).toEqual([1, 64, 112, 112]);
    expect(
      shapeOf([{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { dilations: [2, 2] } }], 'y', {
        initializers: [w(8, 3, 3)],
      }),
    ).toEqual([1, 8, 220, 220]);
    expect(
      shapeOf([{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { group: 3, strides: [16, 16] } }], 'y', {
        initializers: [w(6, 1, 16)],
      }),
    ).toEqual([1, 6, 14, 14]);
    // The weight's input channels times group must be the input's channels.
    expect(
      shapeOf([{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { group: 2 } }], 'y', {
        initializers: [w(6, 3, 3)],
      }),
    ).toBeNull();
  });

  it('follows auto_pad', () => {
    expect(
      shapeOf(
        [{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { auto_pad: 'SAME_UPPER', strides: [3, 3] } }],
        'y',
        { initializers: [w(4, 3, 5)] },
      ),
    ).toEqual([1, 4, 75, 75]);
    expect(
      shapeOf(
        [{ op: 'Conv', inputs: ['input', 'w'], outputs: ['y'], attrs: { auto_pad: 'VALID', strides: [2, 2] } }],
        'y',
        { initializers: [w(4, 3, 5)] },
      ),
    ).toEqual([1, 4, 110, 110]);
  });

  it('rounds pooled sizes up with ceil_mode, never starting a window in the right padding (as PyTorch)', () => {
    const pool = (attrs: NodeSpec['attrs']): NodeSpec[] => [
      {
        op: 'MaxPool',
        inputs: ['input'],
        outputs: ['p0'],
        attrs: { kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] },
      },
      { op: 'MaxPool', inputs: ['p0'], outputs: ['y'], attrs },
    ];
    expect(shapeOf(pool({ kernel_shape: [3, 3], strides: [2, 2] }), 'y')).toEqual([1, 3, 55, 55]);
    expect(shapeOf(pool({ kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }), 'y')).toEqual([1, 3, 56, 56]);
    // 5 wide, kernel 2, stride 2, pad 1: ceil gives 4 windows, the last would start in the padding → 3 (torch.nn.MaxPool2d agrees).
    const five: NodeSpec[] = [
      { op: 'AveragePool', inputs: ['input'], outputs: ['a'], attrs: { kernel_shape: [45, 45], strides: [44, 44] } },
      {
        op: 'MaxPool',
        inputs: ['a'],
        outputs: ['y'],
        attrs: { kernel_shape: [2, 2], strides: [2, 2], pads: [1, 1, 1, 1], ceil_mode: 1 },
      },
    ];
    expect(shapeOf(five, 'a')).toEqual([1, 3, 5, 5]);
    expect(shapeOf(five, 'y')).toEqual([1, 3, 3, 3]);
    expect(shapeOf([{ op: 'GlobalAveragePool', inputs: ['input'], outputs: ['y'] }], 'y')).toEqual([1, 3, 1, 1]);
  });
});

describe('matrix products', () => {
  it('Gemm follows transA and transB', () => {
    const nodes: NodeSpec[] = [
      { op: 'GlobalAveragePool', inputs: ['input'], outputs: ['p'] },
      { op: 'Flatten', inputs: ['p'], outputs: ['f'], attrs: { axis: 1 } },
      { op: 'Gemm', inputs: ['f', 'w'], outputs: ['y'], attrs: { transB: 1 } },
    ];
    expect(shapeOf(nodes, 'y', { initializers: [weight('w', [10, 3])], batch: 4 })).toEqual([4, 10]);
    expect(
      shapeOf(
        [...nodes.slice(0, 2), { op: 'Gemm', inputs: ['w', 'f'], outputs: ['y'], attrs: { transA: 1, transB: 1 } }],
        'y',
        { initializers: [weight('w', [3, 7])], batch: 4 },
      ),
    ).toEqual([7, 4]);
    expect(shapeOf(nodes, 'y', { initializers: [weight('w', [10, 4])] })).toBeNull();
  });

  it('MatMul broadcasts batch dimensions and handles 1-D operands as numpy does', () => {
    const cases: [number[], number[], number[] | null][] = [
      [
        [2, 1, 5, 4],
        [3, 4, 6],
        [2, 3, 5, 6],
      ],
      [[4], [4, 6], [6]],
      [[2, 5, 4], [4], [2, 5]],
      [[5, 4], [3, 6], null],
    ];
    for (const [a, b, out] of cases) {
      const nodes: NodeSpec[] = [
        { op: 'Shape', inputs: ['input'], outputs: ['s'] },
        { op: 'MatMul', inputs: ['a', 'b'], outputs: ['y'] },
      ];
      expect(shapeOf(nodes, 'y', { initializers: [weight('a', a), weight('b', b)] }), `${a} × ${b}`).toEqual(out);
    }
  });
});

describe('shape arithmetic', () => {
  it('follows a dynamic Reshape built from Shape → Gather → Unsqueeze → Concat, at any batch', () => {
    const nodes: NodeSpec[] = [
      { op: 'Conv', inputs: ['input', 'w'], outputs: ['x'], attrs: { strides: [16, 16] } },
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['n'], attrs: { axis: 0 } },
      { op: 'Unsqueeze', inputs: ['n', 'axes0'], outputs: ['n1'] },
      { op: 'Concat', inputs: ['n1', 'dims'], outputs: ['target'], attrs: { axis: 0 } },
      { op: 'Reshape', inputs: ['x', 'target'], outputs: ['tokens'] },
      { op: 'Transpose', inputs: ['tokens'], outputs: ['y'], attrs: { perm: [0, 2, 1] } },
    ];
    const initializers = [
      weight('w', [8, 3, 16, 16]),
      { name: 'zero', type: 'int64' as const, dims: [], data: BigInt64Array.from([0n]) },
      ints('axes0', [0]),
      ints('dims', [8, -1]),
    ];
    expect(shapeOf(nodes, 'y', { initializers })).toEqual([1, 196, 8]);
    expect(shapeOf(nodes, 'y', { initializers, batch: 3 })).toEqual([3, 196, 8]);
    const r = shapes(model(nodes, { initializers }));
    expect(r.tensors.get('target')?.values).toEqual([1, 8, -1]);
  });

  it('reads Reshape 0 as "copy" and -1 as "the rest"', () => {
    const nodes: NodeSpec[] = [{ op: 'Reshape', inputs: ['input', 't'], outputs: ['y'] }];
    expect(shapeOf(nodes, 'y', { initializers: [ints('t', [0, 0, -1])], batch: 2 })).toEqual([2, 3, 50176]);
    expect(shapeOf(nodes, 'y', { initializers: [ints('t', [0, 7, -1])] })).toEqual([1, 7, 21504]);
    expect(shapeOf(nodes, 'y', { initializers: [ints('t', [0, 0, 5, -1])] })).toBeNull();
  });

  it('clamps Slice like onnxruntime: negative starts, big ends, negative steps, opset-9 attributes', () => {
    const nodes = (opset10: boolean): NodeSpec[] => [
      { op: 'Shape', inputs: ['input'], outputs: ['s'] },
      opset10
        ? { op: 'Slice', inputs: ['s', 'starts', 'ends', 'axes', 'steps'], outputs: ['y'] }
        : { op: 'Slice', inputs: ['s'], outputs: ['y'], attrs: { starts: [-3], ends: [1000] } },
    ];
    const r = shapes(
      model(nodes(true), {
        initializers: [ints('starts', [-1]), ints('ends', [-1000]), ints('axes', [0]), ints('steps', [-2])],
      }),
    );
    expect(r.tensors.get('y')).toMatchObject({ shape: [2], values: [224, 3] });
    const old = shapes(model(nodes(false), { opset: 9 }));
    expect(old.tensors.get('y')).toMatchObject({ shape: [3], values: [3, 224, 224] });
  });

  it('reads Squeeze and Unsqueeze axes from attributes before opset 13 and from inputs after', () => {
    const gap: NodeSpec = { op: 'GlobalAveragePool', inputs: ['input'], outputs: ['p'] };
    expect(
      shapeOf([gap, { op: 'Squeeze', inputs: ['p'], outputs: ['y'], attrs: { axes: [2, 3] } }], 'y', { opset: 11 }),
    ).toEqual([1, 3]);
    expect(
      shapeOf([gap, { op: 'Squeeze', inputs: ['p', 'a'], outputs: ['y'] }], 'y', {
        initializers: [ints('a', [-1, -2])],
      }),
    ).toEqual([1, 3]);
    expect(
      shapeOf([gap, { op: 'Unsqueeze', inputs: ['p', 'a'], outputs: ['y'] }], 'y', {
        initializers: [ints('a', [0, -1])],
      }),
    ).toEqual([1, 1, 3, 1, 1, 1]);
    expect(shapeOf([gap, { op: 'Squeeze', inputs: ['p'], outputs: ['y'] }], 'y')).toEqual([3]);
  });

  it('splits evenly or by sizes', () => {
    const split = (inputs: string[]): NodeSpec[] => [
      { op: 'Split', inputs, outputs: ['a', 'b', 'c'], attrs: { axis: 2 } },
    ];
    // 224 rows do not split in 3 equal parts before opset 18.
    expect(shapeOf(split(['input']), 'c')).toBeNull();
    expect(shapeOf([{ op: 'Split', inputs: ['input'], outputs: ['a', 'b'], attrs: { axis: 2 } }], 'b')).toEqual([
      1, 3, 112, 224,
    ]);
    const r = shapes(model(split(['input', 'sizes']), { initializers: [ints('sizes', [100, 100, 24])] }));
    expect([r.tensors.get('a')?.shape, r.tensors.get('c')?.shape]).toEqual([
      [1, 3, 100, 224],
      [1, 3, 24, 224],
    ]);
  });
});

describe('unknowns and value_info', () => {
  const einsum: NodeSpec[] = [
    { op: 'Einsum', inputs: ['input'], outputs: ['e'], attrs: { equation: 'nchw->nhwc' } },
    { op: 'Relu', inputs: ['e'], outputs: ['y'] },
  ];

  it('leaves the outputs of an operator it does not cover unknown, and everything after, with where it began', () => {
    const r = shapes(model(einsum));
    expect(r.tensors.get('y')?.shape).toBeNull();
    expect(r.unknownOrigin.get('y')?.opType).toBe('Einsum');
  });

  it('takes a declared value_info shape where inference stops, pinning the input symbols', () => {
    const withInfo = (shape: (number | string)[]) => {
      const bytes = model(einsum, { outputs: [{ name: 'y', type: 'float32', shape }] });
      return shapes(bytes).tensors.get('y')?.shape ?? null;
    };
    expect(withInfo(['N', 'H', 'W', 3])).toEqual([1, 224, 224, 3]);
    expect(withInfo(['N', 'unknown_dim', 224, 3])).toBeNull();
  });

  it('keeps its own inference where a declared shape disagrees (a declaration cannot shrink a model)', () => {
    const bytes = model([{ op: 'Relu', inputs: ['input'], outputs: ['y'] }], {
      outputs: [{ name: 'y', type: 'float32', shape: [1, 3, 2, 2] }],
    });
    expect(shapes(bytes).tensors.get('y')?.shape).toEqual([1, 3, 224, 224]);
  });

  it('turns hostile attributes into unknown shapes, never an exception', () => {
    const hostile: NodeSpec[][] = [
      [{ op: 'MaxPool', inputs: ['input'], outputs: ['y'], attrs: { kernel_shape: [-3, 2] } }],
      [{ op: 'Transpose', inputs: ['input'], outputs: ['y'], attrs: { perm: [0, 9, 1, 2] } }],
      [{ op: 'Flatten', inputs: ['input'], outputs: ['y'], attrs: { axis: 99 } }],
      [{ op: 'Expand', inputs: ['input', 'big'], outputs: ['y'] }],
      [{ op: 'Concat', inputs: ['input', 'input'], outputs: ['y'], attrs: { axis: 7 } }],
    ];
    for (const nodes of hostile)
      expect(shapeOf(nodes, 'y', { initializers: [ints('big', [1, 3, 2 ** 45, 2 ** 45])] }), nodes[0]!.op).toBeNull();
  });
});
