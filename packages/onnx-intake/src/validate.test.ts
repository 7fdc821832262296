import { describe, expect, it } from 'vitest';
import { hostileModels } from './hostile-models';
import { inspectModelBytes } from './inspect';
import { ModelError } from './model-error';
import { onnx, type onnxTypes } from './proto';
import { buildTinyBackbone } from './tiny-backbone';
import { parseModel, validateStructure } from './validate';

const T = onnx.AttributeProto.AttributeType;

function refusal(bytes: Uint8Array): ModelError {
  try {
    inspectModelBytes(bytes, 'model.onnx');
  } catch (err) {
    if (err instanceof ModelError) return err;
    throw err;
  }
  throw new Error('accepted');
}

describe('validateStructure on hostile models', () => {
  it.each(hostileModels())('$name: refused as $reason with a message that says where', ({ bytes, reason, message }) => {
    const err = refusal(bytes);
    expect(err.code).toBe(reason);
    expect(err.message).toMatch(message);
    expect(err.message).toMatch(/^model\.onnx: .+; .+/);
  });
});

describe('validateStructure on valid control flow', () => {
  /** An If whose branches read a tensor of the main graph (outer scope), nested `depth` deep. */
  function withIfs(depth: number): Uint8Array {
    const model = onnx.ModelProto.decode(buildTinyBackbone({ layout: 'resnet50' }));
    const outer = '/relu/Relu_output_0';
    const leaf = (name: string): onnxTypes.IGraphProto => ({
      name,
      node: [{ name: `${name}_id`, opType: 'Identity', input: [outer], output: [`${name}_out`] }],
      output: [{ name: `${name}_out` }],
    });
    let inner = leaf('leaf');
    for (let i = 0; i < depth; i++) {
      const out = `level${i}_out`;
      inner = {
        name: `level${i}`,
        node: [
          {
            name: `c${i}`,
            opType: 'Constant',
            output: [`c${i}_out`],
            attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 9, dims: [], int32Data: [1] } }],
          },
          {
            name: `if${i}`,
            opType: 'If',
            input: [`c${i}_out`],
            output: [out],
            attribute: [
              { name: 'then_branch', type: T.GRAPH, g: inner },
              { name: 'else_branch', type: T.GRAPH, g: leaf(`else${i}`) },
            ],
          },
        ],
        output: [{ name: out }],
      };
    }
    model.graph!.node!.push(
      {
        name: 'cond',
        opType: 'Constant',
        output: ['cond_out'],
        attribute: [{ name: 'value', type: T.TENSOR, t: { dataType: 9, dims: [], int32Data: [1] } }],
      },
      {
        name: 'top_if',
        opType: 'If',
        input: ['cond_out'],
        output: ['top_out'],
        attribute: [
          { name: 'then_branch', type: T.GRAPH, g: inner },
          { name: 'else_branch', type: T.GRAPH, g: leaf('else_top') },
        ],
      },
    );
    return onnx.ModelProto.encode(model).finish();
  }

  it('accepts subgraphs that read the enclosing graph, 15 deep', () => {
    const bytes = withIfs(15);
    const proto = parseModel(bytes, 'm.onnx');
    const { scopes, order } = validateStructure(proto, 'm.onnx');
    expect(scopes.filter((s) => s.kind === 'subgraph').length).toBeGreaterThanOrEqual(16);
    // The If runs after the node whose output its branches read.
    const names = order.map((n) => n.name);
    expect(names.indexOf('top_if')).toBeGreaterThan(names.indexOf('/relu/Relu'));
    expect(inspectModelBytes(bytes, 'm.onnx').info.featureOutput).toBe('/Flatten_output_0');
  });

  it('orders a graph whose file order does not run', () => {
    const model = onnx.ModelProto.decode(buildTinyBackbone({ layout: 'resnet50' }));
    model.graph!.node!.reverse();
    const { order } = validateStructure(model as never, 'm.onnx');
    const seen = new Set<string>(['input', ...model.graph!.initializer!.map((t) => t.name!)]);
    for (const node of order) {
      for (const i of node.input) expect(seen.has(i), `${node.name} reads ${i} before it exists`).toBe(true);
      for (const o of node.output) seen.add(o);
    }
  });

  it('refuses a tensor defined twice', () => {
    const model = onnx.ModelProto.decode(buildTinyBackbone());
    model.graph!.node!.push({ name: 'again', opType: 'Relu', input: ['stem_out'], output: ['stem_relu'] });
    const err = refusal(onnx.ModelProto.encode(model).finish());
    expect(err.code).toBe('DAMAGED');
    expect(err.message).toMatch(
      /tensor 'stem_relu' in the main graph is defined twice \(by node 'again' and by node 'stem_relu'\)/,
    );
  });

  it('refuses a self-loop and names the node', () => {
    const model = onnx.ModelProto.decode(buildTinyBackbone());
    model.graph!.node!.push({ name: 'self', opType: 'Add', input: ['stem_out', 'self_out'], output: ['self_out'] });
    const err = refusal(onnx.ModelProto.encode(model).finish());
    expect(err.code).toBe('CYCLIC_GRAPH');
    expect(err.message).toMatch(/has a cycle in the main graph: 'self' → 'self'/);
  });
});
