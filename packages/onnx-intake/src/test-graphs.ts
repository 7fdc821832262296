import { encodeModel, type GraphSpec, type NodeSpec, type TensorSpec, type ValueSpec } from './graph';

/** Small graphs for the intake's own tests: an NCHW image input, weights as zero tensors of the given dims. */

const IMAGE: ValueSpec = { name: 'input', type: 'float32', shape: ['N', 3, 'H', 'W'] };

export function weight(name: string, dims: number[]): TensorSpec {
  return { name, type: 'float32', dims, data: new Float32Array(dims.reduce((a, b) => a * b, 1)) };
}

export function ints(name: string, values: number[]): TensorSpec {
  return { name, type: 'int64', dims: [values.length], data: BigInt64Array.from(values.map(BigInt)) };
}

export function model(
  nodes: NodeSpec[],
  opts: { initializers?: TensorSpec[]; outputs?: ValueSpec[]; opset?: number; extra?: Partial<GraphSpec> } = {},
): Uint8Array {
  const last = nodes.at(-1)!.outputs[0]!;
  return encodeModel({
    name: 'test',
    inputs: [IMAGE],
    // A symbolic dimension no input defines: declares nothing shape inference could use.
    outputs: opts.outputs ?? [{ name: last, type: 'float32', shape: ['undeclared'] }],
    nodes,
    initializers: opts.initializers ?? [],
    ...(opts.opset ? { opset: opts.opset } : {}),
    ...opts.extra,
  });
}
