import { encodeModel, type GraphSpec, type NodeSpec, type TensorSpec } from './graph';
import { mulberry32 } from '@transferboard/suite/random';

/**
 * Tiny image backbones built in TypeScript. They stand in for real pretrained models in tests,
 * fixtures and the CLI's `fixtures` command: the same NCHW input, the same
 * "spatial maps → GlobalAveragePool → Flatten" shape as a ResNet, but a few kilobytes of weights.
 */

export interface TinyBackboneOptions {
  /** Seed for the deterministic weights. */
  seed?: number;
  /** Channels of the last spatial map (and so the pooled feature dimension). */
  width?: number;
  /**
   * 'plain': outputs `features` [N,width] and `spatial` [N,width,H/32,W/32].
   * 'resnet50': node and tensor names as torch.onnx.export writes them for torchvision's
   * ResNet-50 (`/layer4/...`, `/avgpool/GlobalAveragePool_output_0`, `/Flatten_output_0`),
   * with residual additions, and only a classifier output `logits` [N,numClasses] declared,
   * so the runner has to find the pooled features itself.
   */
  layout?: 'plain' | 'resnet50';
  numClasses?: number;
  /** Fixed spatial size instead of dynamic H and W. */
  fixedSize?: number;
}

export function uniformWeights(rand: () => number, dims: number[], fanIn: number): Float32Array {
  const n = dims.reduce((a, b) => a * b, 1);
  // He-uniform keeps activations of the random ReLU stack in a useful range through every layer.
  const bound = Math.sqrt(6 / fanIn);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * bound;
  return out;
}

export class GraphBuilder {
  readonly nodes: NodeSpec[] = [];
  readonly initializers: TensorSpec[] = [];
  constructor(private readonly rand: () => number) {}

  conv(
    name: string,
    input: string,
    cin: number,
    cout: number,
    k: number,
    stride: number,
    output: string,
    group = 1,
  ): string {
    const w = `${name}.weight`;
    const b = `${name}.bias`;
    const fanIn = (cin / group) * k * k;
    this.initializers.push({
      name: w,
      type: 'float32',
      dims: [cout, cin / group, k, k],
      data: uniformWeights(this.rand, [cout, cin / group, k, k], fanIn),
    });
    this.initializers.push({
      name: b,
      type: 'float32',
      dims: [cout],
      data: uniformWeights(this.rand, [cout], fanIn).map((v) => v * 0.1),
    });
    const pad = Math.floor((k - 1) / 2);
    const attrs = {
      kernel_shape: [k, k],
      strides: [stride, stride],
      pads: k === stride ? [0, 0, 0, 0] : [pad, pad, pad, pad],
      ...(group > 1 ? { group } : {}),
    };
    this.nodes.push({ op: 'Conv', name: nodeName(output), inputs: [input, w, b], outputs: [output], attrs });
    return output;
  }

  op(op: string, inputs: string[], output: string, attrs?: NodeSpec['attrs']): string {
    this.nodes.push({ op, name: nodeName(output), inputs, outputs: [output], ...(attrs ? { attrs } : {}) });
    return output;
  }

  /** A float32 initializer (uniform with the given fan-in, or filled with `fill`). */
  weight(name: string, dims: number[], fanIn: number, fill?: number): string {
    const n = dims.reduce((a, b) => a * b, 1);
    const data = fill === undefined ? uniformWeights(this.rand, dims, fanIn) : new Float32Array(n).fill(fill);
    this.initializers.push({ name, type: 'float32', dims, data });
    return name;
  }

  /** An int64 initializer (shapes, axes, indices); `dims` [] for a scalar. */
  ints(name: string, values: number[], dims: number[] = [values.length]): string {
    this.initializers.push({ name, type: 'int64', dims, data: BigInt64Array.from(values.map(BigInt)) });
    return name;
  }
}

function nodeName(output: string): string {
  return output.replace(/_output_0$/, '');
}

function inputSpec(opts: TinyBackboneOptions) {
  const h = opts.fixedSize ?? 'height';
  const w = opts.fixedSize ?? 'width';
  return { name: 'input', type: 'float32' as const, shape: ['batch', 3, h, w] };
}

/** A plain conv stack: stride 4, 2, 2, 2 → spatial map at 1/32 of the input (7×7 at 224). */
export function tinyBackboneSpec(opts: TinyBackboneOptions = {}): GraphSpec {
  if (opts.layout === 'resnet50') return resnetLikeSpec(opts);
  const width = opts.width ?? 64;
  const g = new GraphBuilder(mulberry32(opts.seed ?? 1));
  let x = g.op('Relu', [g.conv('stem', 'input', 3, 16, 4, 4, 'stem_out')], 'stem_relu');
  x = g.op('Relu', [g.conv('block1', x, 16, 32, 3, 2, 'block1_out')], 'block1_relu');
  x = g.op('Relu', [g.conv('block2', x, 32, width, 3, 2, 'block2_out')], 'block2_relu');
  x = g.op('Relu', [g.conv('block3', x, width, width, 3, 2, 'block3_out')], 'spatial');
  g.op('GlobalAveragePool', [x], 'pooled');
  g.op('Flatten', ['pooled'], 'features', { axis: 1 });
  return {
    name: 'tiny-backbone',
    inputs: [inputSpec(opts)],
    outputs: [
      { name: 'features', type: 'float32', shape: ['batch', width] },
      { name: 'spatial', type: 'float32', shape: ['batch', width, 'h32', 'w32'] },
    ],
    nodes: g.nodes,
    initializers: g.initializers,
    docString: 'Transferboard tiny test backbone (random weights)',
  };
}

/**
 * Same arithmetic budget, torchvision-ResNet-50 naming and topology: stem conv + max pool,
 * four stages whose first block downsamples (except layer1) with a projection shortcut.
 */
function resnetLikeSpec(opts: TinyBackboneOptions): GraphSpec {
  const width = opts.width ?? 64;
  const numClasses = opts.numClasses ?? 10;
  // Weights only need to be fixed, not good: the suite's seeded generator serves.
  const rand = mulberry32(opts.seed ?? 1);
  const g = new GraphBuilder(rand);
  let x = g.conv('conv1', 'input', 3, 8, 3, 2, '/conv1/Conv_output_0');
  x = g.op('Relu', [x], '/relu/Relu_output_0');
  x = g.op('MaxPool', [x], '/maxpool/MaxPool_output_0', { kernel_shape: [2, 2], strides: [2, 2] });
  const widths = [8, 16, 32, width];
  let cin = 8;
  widths.forEach((cout, i) => {
    const layer = `layer${i + 1}`;
    const stride = i === 0 ? 1 : 2;
    const p = `/${layer}/${layer}.0`;
    const a = g.op(
      'Relu',
      [g.conv(`${layer}.0.conv1`, x, cin, cout, 3, stride, `${p}/conv1/Conv_output_0`)],
      `${p}/relu/Relu_output_0`,
    );
    const b = g.conv(`${layer}.0.conv2`, a, cout, cout, 3, 1, `${p}/conv2/Conv_output_0`);
    const shortcut = g.conv(
      `${layer}.0.downsample.0`,
      x,
      cin,
      cout,
      stride === 1 ? 1 : 2,
      stride,
      `${p}/downsample/downsample.0/Conv_output_0`,
    );
    const sum = g.op('Add', [b, shortcut], `${p}/Add_output_0`);
    x = g.op('Relu', [sum], `${p}/relu_1/Relu_output_0`);
    cin = cout;
  });
  g.op('GlobalAveragePool', [x], '/avgpool/GlobalAveragePool_output_0');
  g.op('Flatten', ['/avgpool/GlobalAveragePool_output_0'], '/Flatten_output_0', { axis: 1 });
  g.initializers.push({
    name: 'fc.weight',
    type: 'float32',
    dims: [numClasses, width],
    data: uniformWeights(rand, [numClasses, width], width),
  });
  g.initializers.push({ name: 'fc.bias', type: 'float32', dims: [numClasses], data: new Float32Array(numClasses) });
  g.nodes.push({
    op: 'Gemm',
    name: '/fc/Gemm',
    inputs: ['/Flatten_output_0', 'fc.weight', 'fc.bias'],
    outputs: ['logits'],
    attrs: { transB: 1 },
  });
  return {
    name: 'main_graph',
    inputs: [inputSpec(opts)],
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch', numClasses] }],
    nodes: g.nodes,
    initializers: g.initializers,
    docString: 'Transferboard tiny ResNet-50-layout test backbone (random weights)',
  };
}

export function buildTinyBackbone(opts: TinyBackboneOptions = {}): Uint8Array {
  return encodeModel(tinyBackboneSpec(opts));
}

/**
 * A "backbone" whose pooled output is exactly the per-channel mean of its input, so tests can
 * check the whole pipeline (preprocessing, batching, caching, .npy writing) against values
 * computed by hand.
 */
export function buildChannelMeanModel(): Uint8Array {
  return encodeModel({
    name: 'channel-mean',
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'features', type: 'float32', shape: ['batch', 3] }],
    nodes: [
      { op: 'GlobalAveragePool', inputs: ['input'], outputs: ['pooled'] },
      { op: 'Flatten', inputs: ['pooled'], outputs: ['features'], attrs: { axis: 1 } },
    ],
  });
}
