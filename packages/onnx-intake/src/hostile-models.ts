import type { ModelErrorCode } from './model-error';
import { onnx, type onnxTypes } from './proto';
import { buildTinyBackbone } from './tiny-backbone';

/**
 * Models built to hurt, for the intake's tests and the API's upload tests: each is a working
 * tiny backbone with one hostile addition, and the code and message it must be refused with.
 */
export interface HostileModel {
  name: string;
  bytes: Uint8Array;
  reason: ModelErrorCode;
  message: RegExp;
}

const T = onnx.AttributeProto.AttributeType;
const FLOAT = onnx.TensorProto.DataType.FLOAT;

function base(): onnxTypes.ModelProto {
  return onnx.ModelProto.decode(buildTinyBackbone({ seed: 3, layout: 'resnet50' }));
}

function encode(model: onnxTypes.ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** A tensor whose bytes live in another file (a path that must never be read). */
function externalTensor(name: string): onnxTypes.ITensorProto {
  return {
    name,
    dataType: FLOAT,
    dims: [4],
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: '../../../../etc/passwd' },
      { key: 'offset', value: '0' },
      { key: 'length', value: '16' },
    ],
  };
}

function constantNode(output: string, tensor: onnxTypes.ITensorProto): onnxTypes.INodeProto {
  return {
    name: `const_${output}`,
    opType: 'Constant',
    output: [output],
    attribute: [{ name: 'value', type: T.TENSOR, t: tensor }],
  };
}

function graphAttr(name: string, g: onnxTypes.IGraphProto): onnxTypes.IAttributeProto {
  return { name, type: T.GRAPH, g };
}

function valueInfo(name: string): onnxTypes.IValueInfoProto {
  return { name, type: { tensorType: { elemType: FLOAT, shape: { dim: [{ dimValue: 4 }] } } } };
}

/** A branch that returns `out` computed from `tensor` (a weight or a Constant). */
function branch(
  name: string,
  out: string,
  body: { initializer?: onnxTypes.ITensorProto[]; node?: onnxTypes.INodeProto[]; reads: string },
): onnxTypes.IGraphProto {
  return {
    name,
    initializer: body.initializer ?? [],
    node: [...(body.node ?? []), { name: `${name}_identity`, opType: 'Identity', input: [body.reads], output: [out] }],
    output: [valueInfo(out)],
  };
}

/** `If(cond) then … else …` appended to the graph, its condition a Constant. */
function addIf(
  model: onnxTypes.ModelProto,
  name: string,
  thenBranch: onnxTypes.IGraphProto,
  elseBranch: onnxTypes.IGraphProto,
  output: string,
): void {
  const cond = `${name}_cond`;
  model.graph!.node!.push(
    {
      name: `${name}_cond_const`,
      opType: 'Constant',
      output: [cond],
      attribute: [
        { name: 'value', type: T.TENSOR, t: { dataType: onnx.TensorProto.DataType.BOOL, dims: [], int32Data: [1] } },
      ],
    },
    {
      name,
      opType: 'If',
      input: [cond],
      output: [output],
      attribute: [graphAttr('then_branch', thenBranch), graphAttr('else_branch', elseBranch)],
    },
  );
}

const plain = (name: string, out: string) =>
  branch(name, out, {
    node: [constantNode(`${name}_c`, { dataType: FLOAT, dims: [4], floatData: [1, 2, 3, 4] })],
    reads: `${name}_c`,
  });

function externalInConstant(): Uint8Array {
  const m = base();
  m.graph!.node!.push(constantNode('ext_const', externalTensor('ext_value')));
  return encode(m);
}

function externalInIfBranch(): Uint8Array {
  const m = base();
  addIf(
    m,
    'if_ext',
    branch('then', 'then_out', { initializer: [externalTensor('then_weight')], reads: 'then_weight' }),
    plain('else', 'else_out'),
    'if_out',
  );
  return encode(m);
}

/** External data in a Constant inside an If inside a Loop body: two levels down. */
function externalTwoLevelsDown(): Uint8Array {
  const m = base();
  const inner: onnxTypes.IGraphProto = { name: 'inner', node: [], output: [] };
  const innerModel = onnx.ModelProto.create({ graph: inner });
  addIf(
    innerModel,
    'inner_if',
    branch('t', 't_out', { node: [constantNode('deep_const', externalTensor('deep'))], reads: 'deep_const' }),
    plain('e', 'e_out'),
    'inner_out',
  );
  const body: onnxTypes.IGraphProto = {
    name: 'loop_body',
    input: [
      { name: 'iter', type: { tensorType: { elemType: onnx.TensorProto.DataType.INT64, shape: { dim: [] } } } },
      { name: 'cond_in', type: { tensorType: { elemType: onnx.TensorProto.DataType.BOOL, shape: { dim: [] } } } },
    ],
    node: [...inner.node!, { name: 'cond_pass', opType: 'Identity', input: ['cond_in'], output: ['cond_out'] }],
    output: [
      { name: 'cond_out', type: { tensorType: { elemType: onnx.TensorProto.DataType.BOOL, shape: { dim: [] } } } },
      valueInfo('inner_out'),
    ],
  };
  m.graph!.node!.push(
    {
      name: 'trip',
      opType: 'Constant',
      output: ['trip_count'],
      attribute: [
        { name: 'value', type: T.TENSOR, t: { dataType: onnx.TensorProto.DataType.INT64, dims: [], int64Data: [1] } },
      ],
    },
    {
      name: 'loop',
      opType: 'Loop',
      input: ['trip_count', ''],
      output: ['loop_scan'],
      attribute: [graphAttr('body', body)],
    },
  );
  return encode(m);
}

function externalInSparseInitializer(): Uint8Array {
  const m = base();
  m.graph!.sparseInitializer = [
    {
      values: externalTensor('sparse_w'),
      indices: { name: 'sparse_w_idx', dataType: onnx.TensorProto.DataType.INT64, dims: [4], int64Data: [0, 1, 2, 3] },
      dims: [8],
    },
  ];
  return encode(m);
}

function externalInSparseAttribute(): Uint8Array {
  const m = base();
  m.graph!.node!.push({
    name: 'sparse_const',
    opType: 'Constant',
    output: ['sparse_out'],
    attribute: [
      {
        name: 'sparse_value',
        type: T.SPARSE_TENSOR,
        sparseTensor: {
          values: externalTensor('sv'),
          indices: { name: 'si', dataType: onnx.TensorProto.DataType.INT64, dims: [4], int64Data: [0, 1, 2, 3] },
          dims: [8],
        },
      },
    ],
  });
  return encode(m);
}

function externalInFunction(): Uint8Array {
  const m = base();
  m.opsetImport!.push({ domain: 'local.fn', version: 1 });
  m.functions = [
    {
      name: 'Weights',
      domain: 'local.fn',
      input: [],
      output: ['w'],
      opsetImport: [{ domain: '', version: 17 }],
      node: [constantNode('w', externalTensor('fn_w'))],
    },
  ];
  return encode(m);
}

function externalInTrainingInfo(): Uint8Array {
  const m = base();
  m.trainingInfo = [
    {
      initialization: { name: 'init', initializer: [externalTensor('train_w')], node: [], output: [] },
      algorithm: { name: 'algo', node: [], output: [] },
    },
  ];
  return encode(m);
}

function cyclic(): Uint8Array {
  const m = base();
  m.graph!.node!.push(
    { name: 'cycle_a', opType: 'Relu', input: ['cycle_b_out'], output: ['cycle_a_out'] },
    { name: 'cycle_b', opType: 'Relu', input: ['cycle_a_out'], output: ['cycle_b_out'] },
  );
  return encode(m);
}

/** The If's branch reads a tensor computed from the If's own output: a cycle only visible through the subgraph. */
function cycleThroughSubgraph(): Uint8Array {
  const m = base();
  addIf(m, 'if_cycle', branch('then', 'then_out', { reads: 'after_if' }), plain('else', 'else_out'), 'if_cycle_out');
  m.graph!.node!.push({ name: 'after', opType: 'Relu', input: ['if_cycle_out'], output: ['after_if'] });
  return encode(m);
}

function undefinedTensor(): Uint8Array {
  const m = base();
  m.graph!.node!.push({ name: 'reads_ghost', opType: 'Relu', input: ['ghost'], output: ['ghost_out'] });
  return encode(m);
}

/** If inside If, `depth` levels. */
function deepIfs(depth: number): Uint8Array {
  const m = base();
  let inner: onnxTypes.IGraphProto = plain('leaf', 'leaf_out');
  for (let i = 0; i < depth; i++) {
    const holder = onnx.ModelProto.create({
      graph: { name: `level${i}`, node: [], output: [valueInfo(`level${i}_out`)] },
    });
    addIf(holder, `if_level${i}`, inner, plain(`else${i}`, `else${i}_out`), `level${i}_out`);
    inner = holder.graph!;
  }
  addIf(m, 'if_top', inner, plain('else_top', 'else_top_out'), 'deep_out');
  return encode(m);
}

/**
 * Protobuf bytes nesting graph → node → attribute → graph `levels` times, written front to
 * back from precomputed lengths (a recursive encoder would itself overflow).
 */
export function deepWireNesting(levels: number): Uint8Array {
  const tag = (field: number, wire: number) => field * 8 + wire;
  const varintLength = (n: number) => (n < 128 ? 1 : n < 16384 ? 2 : n < 2097152 ? 3 : n < 268435456 ? 4 : 5);
  // Sizes from the innermost graph (empty) outwards: graph = [node], node = [attribute], attribute = name, type, g.
  const graphSize: number[] = [0];
  const nodeSize: number[] = [0];
  const attrSize: number[] = [0];
  for (let i = 1; i <= levels; i++) {
    attrSize[i] = 3 + 3 + 1 + varintLength(graphSize[i - 1]!) + graphSize[i - 1]!; // name "g", type GRAPH, g
    nodeSize[i] = 1 + varintLength(attrSize[i]!) + attrSize[i]!;
    graphSize[i] = 1 + varintLength(nodeSize[i]!) + nodeSize[i]!;
  }
  const out: number[] = [];
  const varint = (n: number) => {
    while (n >= 128) {
      out.push((n % 128) | 128);
      n = Math.floor(n / 128);
    }
    out.push(n);
  };
  out.push(tag(1, 0), 8); // ir_version 8
  out.push(tag(7, 2));
  varint(graphSize[levels]!);
  for (let i = levels; i >= 1; i--) {
    out.push(tag(1, 2));
    varint(nodeSize[i]!);
    out.push(tag(5, 2));
    varint(attrSize[i]!);
    out.push(tag(1, 2), 1, 0x67); // name "g"
    out.push((tag(20, 0) & 0x7f) | 0x80, tag(20, 0) >> 7, T.GRAPH); // type = GRAPH (field 20: a two-byte tag)
    out.push(tag(6, 2));
    varint(graphSize[i - 1]!);
  }
  return Uint8Array.from(out);
}

export function hostileModels(): HostileModel[] {
  const external = /is stored in an external data file/;
  return [
    {
      name: "external data in a Constant node's value",
      bytes: externalInConstant(),
      reason: 'EXTERNAL_DATA',
      message: /attribute 'value' of node 'const_ext_const' is stored in an external data file/,
    },
    {
      name: "external data in an If branch's initializer",
      bytes: externalInIfBranch(),
      reason: 'EXTERNAL_DATA',
      message: /weight 'then_weight' \(in graph 'then_branch' of node 'if_ext'/,
    },
    {
      name: 'external data two subgraphs down (Loop body → If → Constant)',
      bytes: externalTwoLevelsDown(),
      reason: 'EXTERNAL_DATA',
      message: /node 'const_deep_const' \(in graph 'then_branch' of node 'inner_if' \(in graph 'body' of node 'loop'/,
    },
    {
      name: 'external data in a sparse initializer',
      bytes: externalInSparseInitializer(),
      reason: 'EXTERNAL_DATA',
      message: external,
    },
    {
      name: "external data in a Constant's sparse_value",
      bytes: externalInSparseAttribute(),
      reason: 'EXTERNAL_DATA',
      message: /attribute 'sparse_value' of node 'sparse_const' \(values\) is stored in an external data file/,
    },
    {
      name: 'external data in a local function',
      bytes: externalInFunction(),
      reason: 'EXTERNAL_DATA',
      message: /local function 'local\.fn\.Weights'/,
    },
    {
      name: 'external data in a training-info graph',
      bytes: externalInTrainingInfo(),
      reason: 'EXTERNAL_DATA',
      message: /training-info 0 initialization graph/,
    },
    {
      name: 'a cyclic graph',
      bytes: cyclic(),
      reason: 'CYCLIC_GRAPH',
      message: /has a cycle in the main graph: 'cycle_(a|b)' → 'cycle_(a|b)' → 'cycle_(a|b)'/,
    },
    {
      name: 'a cycle through an If branch',
      bytes: cycleThroughSubgraph(),
      reason: 'CYCLIC_GRAPH',
      message:
        /has a cycle in the main graph: .*'if_cycle'.*'after'|has a cycle in the main graph: .*'after'.*'if_cycle'/,
    },
    {
      name: 'a node reading a tensor nothing defines',
      bytes: undefinedTensor(),
      reason: 'UNDEFINED_TENSOR',
      message: /node 'reads_ghost' in the main graph reads tensor 'ghost', which no input, weight or node defines/,
    },
    {
      name: '17 nested If subgraphs',
      bytes: deepIfs(16),
      reason: 'NESTING_TOO_DEEP',
      message: /nests subgraphs more than 16 deep/,
    },
    {
      name: '100,000 levels of nested graphs',
      bytes: deepWireNesting(100_000),
      reason: 'NESTING_TOO_DEEP',
      message: /nests its messages more than 64 levels deep/,
    },
  ];
}
