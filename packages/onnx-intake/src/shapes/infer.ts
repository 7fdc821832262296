import { graphOf, type onnxTypes, type PNode, type PValueInfo } from '../proto';
import { Attributes, type OpContext } from './op-context';
import { ruleFor } from './rules';
import { info, saneShape, tensorValues, UNKNOWN, type TensorInfo } from './tensor-info';

/**
 * Static shape inference over the main graph for one concrete input: the image input pinned to
 * [batch, 3, height, width] (its symbolic dimensions mapped accordingly), so every shape is
 * either fully known or unknown. `value_info` (and the declared graph outputs) are honoured
 * where the intake's own rules cannot follow: a declared shape whose dimensions are all known
 * once the input's symbols are pinned carries inference past an operator it does not cover.
 * Where both exist the inferred shape stands, so a hand-written declaration cannot make a model
 * look cheaper than its operators are.
 */

export interface ShapeEnv {
  batch: number;
  height: number;
  width: number;
}

export interface Shapes {
  tensors: Map<string, TensorInfo>;
  /** For an unknown tensor: the node where the unknown began (an operator not covered, or inputs it could not use). */
  unknownOrigin: Map<string, PNode>;
}

export function inferShapes(
  model: onnxTypes.ModelProto,
  order: readonly PNode[],
  imageInput: string,
  env: ShapeEnv,
): Shapes {
  const graph = graphOf(model);
  const opset = Number(model.opsetImport.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 0);
  const tensors = new Map<string, TensorInfo>();
  const unknownOrigin = new Map<string, PNode>();
  for (const t of graph.initializer ?? []) {
    tensors.set(t.name, info((t.dims ?? []).map(Number), t.dataType, tensorValues(t)));
  }
  for (const s of graph.sparseInitializer ?? []) {
    if (s.values?.name) tensors.set(s.values.name, info((s.dims ?? []).map(Number), s.values.dataType));
  }
  const input = graph.input.find((v) => v.name === imageInput);
  const symbols = pinSymbols(input, env);
  tensors.set(imageInput, info([env.batch, 3, env.height, env.width], 1));
  const declared = declaredShapes(graph.valueInfo ?? [], graph.output ?? [], symbols);

  for (const node of order) {
    const outputs = safeRule(node, opset, tensors);
    const origin = firstUnknownOrigin(node, tensors, unknownOrigin) ?? node;
    node.output.forEach((name, k) => {
      if (!name) return;
      let t = outputs[k] ?? UNKNOWN;
      const given = t.shape ? undefined : declared.get(name);
      if (given) t = { shape: given.shape, dtype: t.dtype ?? given.dtype, values: null };
      tensors.set(name, t);
      if (!t.shape) unknownOrigin.set(name, origin);
    });
  }
  return { tensors, unknownOrigin };
}

function safeRule(node: PNode, opset: number, tensors: Map<string, TensorInfo>): (TensorInfo | null)[] {
  const rule = ruleFor(node.domain ?? '', node.opType);
  if (!rule) return [];
  const context: OpContext = {
    node,
    opset,
    inputCount: node.input.length,
    input: (i) => {
      const name = node.input[i];
      return name ? (tensors.get(name) ?? UNKNOWN) : undefined;
    },
    attr: new Attributes(node),
  };
  try {
    return rule(context);
  } catch {
    // A hostile attribute the rule did not foresee: unknown, never a crash.
    return [];
  }
}

/** If an input is unknown, the unknown began where that input's did. */
function firstUnknownOrigin(
  node: PNode,
  tensors: Map<string, TensorInfo>,
  origins: Map<string, PNode>,
): PNode | undefined {
  for (const name of node.input) {
    if (name && !tensors.get(name)?.shape && origins.has(name)) return origins.get(name);
  }
  return undefined;
}

function pinSymbols(input: PValueInfo | undefined, env: ShapeEnv): Map<string, number> {
  const symbols = new Map<string, number>();
  const pinned = [env.batch, 3, env.height, env.width];
  (input?.type?.tensorType?.shape?.dim ?? []).forEach((d, i) => {
    if (d.dimParam && pinned[i] !== undefined) symbols.set(d.dimParam, pinned[i]!);
  });
  return symbols;
}

function declaredShapes(
  valueInfo: PValueInfo[],
  outputs: PValueInfo[],
  symbols: Map<string, number>,
): Map<string, { shape: number[]; dtype: number | null }> {
  const out = new Map<string, { shape: number[]; dtype: number | null }>();
  for (const v of [...valueInfo, ...outputs]) {
    const type = v.type?.tensorType;
    const dims = type?.shape?.dim;
    if (!dims) continue;
    const shape = dims.map((d) =>
      d.dimValue != null && Number(d.dimValue) > 0
        ? Number(d.dimValue)
        : d.dimParam
          ? (symbols.get(d.dimParam) ?? null)
          : null,
    );
    const known = shape.every((d) => d !== null) ? saneShape(shape as number[]) : null;
    if (known) out.set(v.name, { shape: known, dtype: type?.elemType ? Number(type.elemType) : null });
  }
  return out;
}
