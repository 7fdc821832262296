import { buildModelProto, type NodeSpec } from './graph';
import { onnx, type onnxTypes } from './proto';

/**
 * torchvision's ResNet-50 (v1.5: the stride on the 3×3 convolution) as torch.onnx.export
 * writes it in eval mode, BatchNormalization folded into each convolution's bias, with
 * tensor names in its style. Dims only: the weights are declared, not allocated, since the
 * cost of the architecture needs nothing else (`paper-cost.ts`). The 14 paper models are all
 * this network.
 */

const LAYERS: [name: string, blocks: number, planes: number, stride: number][] = [
  ['layer1', 3, 64, 1],
  ['layer2', 4, 128, 2],
  ['layer3', 6, 256, 2],
  ['layer4', 3, 512, 2],
];
const EXPANSION = 4;

class DimsOnlyGraph {
  readonly nodes: NodeSpec[] = [];
  readonly weights: { name: string; dims: number[] }[] = [];

  conv(scope: string, input: string, cin: number, cout: number, k: number, stride: number): string {
    const output = `/${scope}/Conv_output_0`;
    const w = `${scope.replaceAll('/', '.')}.weight`;
    const b = `${scope.replaceAll('/', '.')}.bias`;
    this.weights.push({ name: w, dims: [cout, cin, k, k] }, { name: b, dims: [cout] });
    const pad = (k - 1) / 2;
    const attrs = {
      dilations: [1, 1],
      group: 1,
      kernel_shape: [k, k],
      pads: [pad, pad, pad, pad],
      strides: [stride, stride],
    };
    this.nodes.push({ op: 'Conv', name: `/${scope}/Conv`, inputs: [input, w, b], outputs: [output], attrs });
    return output;
  }

  op(op: string, scope: string, inputs: string[], attrs?: NodeSpec['attrs']): string {
    const output = `/${scope}/${op}_output_0`;
    this.nodes.push({ op, name: `/${scope}/${op}`, inputs, outputs: [output], ...(attrs ? { attrs } : {}) });
    return output;
  }
}

function bottleneck(
  g: DimsOnlyGraph,
  scope: string,
  x: string,
  inplanes: number,
  planes: number,
  stride: number,
): string {
  let y = g.op('Relu', `${scope}/relu`, [g.conv(`${scope}/conv1`, x, inplanes, planes, 1, 1)]);
  y = g.op('Relu', `${scope}/relu_1`, [g.conv(`${scope}/conv2`, y, planes, planes, 3, stride)]);
  y = g.conv(`${scope}/conv3`, y, planes, planes * EXPANSION, 1, 1);
  const shortcut =
    stride !== 1 || inplanes !== planes * EXPANSION
      ? g.conv(`${scope}/downsample/downsample.0`, x, inplanes, planes * EXPANSION, 1, stride)
      : x;
  return g.op('Relu', `${scope}/relu_2`, [g.op('Add', scope, [y, shortcut])]);
}

export function resnet50Architecture(numClasses = 1000): onnxTypes.ModelProto {
  const g = new DimsOnlyGraph();
  let x = g.op('Relu', 'relu', [g.conv('conv1', 'input', 3, 64, 7, 2)]);
  x = g.op('MaxPool', 'maxpool', [x], { ceil_mode: 0, kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] });
  let inplanes = 64;
  for (const [layer, blocks, planes, stride] of LAYERS) {
    for (let b = 0; b < blocks; b++) {
      x = bottleneck(g, `${layer}/${layer}.${b}`, x, inplanes, planes, b === 0 ? stride : 1);
      inplanes = planes * EXPANSION;
    }
  }
  x = g.op('GlobalAveragePool', 'avgpool', [x]);
  g.nodes.push({ op: 'Flatten', name: '/Flatten', inputs: [x], outputs: ['/Flatten_output_0'], attrs: { axis: 1 } });
  x = '/Flatten_output_0';
  g.weights.push({ name: 'fc.weight', dims: [numClasses, inplanes] }, { name: 'fc.bias', dims: [numClasses] });
  g.nodes.push({
    op: 'Gemm',
    name: '/fc/Gemm',
    inputs: [x, 'fc.weight', 'fc.bias'],
    outputs: ['logits'],
    attrs: { alpha: { floats: [1] }, beta: { floats: [1] }, transB: 1 },
  });
  const proto = buildModelProto({
    name: 'torch_jit',
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 224, 224] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch', numClasses] }],
    nodes: g.nodes,
    docString: 'torchvision ResNet-50 architecture (dims only, BatchNormalization folded as in an eval export)',
  });
  proto.graph!.initializer = g.weights.map((w) =>
    onnx.TensorProto.create({ name: w.name, dataType: onnx.TensorProto.DataType.FLOAT, dims: w.dims }),
  );
  return proto;
}
