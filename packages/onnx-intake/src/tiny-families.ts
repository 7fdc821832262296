import { mulberry32 } from '@transferboard/suite/random';
import { encodeModel, type GraphSpec } from './graph';
import { GraphBuilder } from './tiny-backbone';

/**
 * Tiny members of the backbone families people submit today, built in TypeScript like the tiny
 * ResNet of tiny-backbone.ts, with the node layout torch.onnx.export writes for torchvision's
 * classes, so the intake's default rules meet what they will meet in real uploads:
 * - a ViT: patch embedding, a class token (and optional register tokens), position embeddings,
 *   pre-norm blocks, a final LayerNorm whose class token `x[:, 0]` a classifier head reads;
 * - a ConvNeXt: 4×4 patchify stem, depthwise 7×7 blocks with channels-last MLPs and layer scale,
 *   global average pooling and then a LayerNorm before the classifier (so the features are after
 *   the norm, not the pooling).
 * Weights are seeded random; only shapes and wiring matter.
 */

export interface TinyVitOptions {
  seed?: number;
  /** Input side (fixed, as a ViT's position embeddings are). */
  imageSize?: number;
  patchSize?: number;
  hiddenDim?: number;
  layers?: number;
  heads?: number;
  /** Register tokens after the class token (DINOv2-reg); 0 for a plain ViT. */
  registers?: number;
  numClasses?: number;
}

const LN_EPSILON = 1e-6;

/** GELU as PyTorch exports it at opset 17: x · ½(1 + erf(x/√2)). */
function gelu(g: GraphBuilder, x: string, p: string): string {
  const half = g.weight(`${p}.half`, [], 1, 0.5);
  const one = g.weight(`${p}.one`, [], 1, 1);
  const root2 = g.weight(`${p}.sqrt2`, [], 1, Math.SQRT2);
  const erf = g.op('Erf', [g.op('Div', [x, root2], `${p}/Div_output_0`)], `${p}/Erf_output_0`);
  const scaled = g.op('Mul', [x, g.op('Add', [erf, one], `${p}/Add_output_0`)], `${p}/Mul_output_0`);
  return g.op('Mul', [scaled, half], `${p}/Mul_1_output_0`);
}

/** x · W + b over the last axis (torch's nn.Linear on a [.., in] tensor). */
function linear(g: GraphBuilder, x: string, name: string, p: string, cin: number, cout: number): string {
  const w = g.weight(`${name}.weight_t`, [cin, cout], cin);
  const b = g.weight(`${name}.bias`, [cout], cin * 100);
  return g.op('Add', [g.op('MatMul', [x, w], `${p}/MatMul_output_0`), b], `${p}/Add_output_0`);
}

function layerNorm(g: GraphBuilder, x: string, name: string, p: string, dim: number): string {
  const w = g.weight(`${name}.weight`, [dim], 1, 1);
  const b = g.weight(`${name}.bias`, [dim], 1, 0);
  return g.op('LayerNormalization', [x, w, b], `${p}/LayerNormalization_output_0`, { axis: -1, epsilon: LN_EPSILON });
}

/** [1, k, D] parameter repeated over the batch of `like` ([N, ·, D]). */
function expandOverBatch(g: GraphBuilder, param: string, like: string, p: string, k: number, dim: number): string {
  const batch = g.op(
    'Slice',
    [g.op('Shape', [like], `${p}/Shape_output_0`), g.ints(`${p}.start`, [0]), g.ints(`${p}.end`, [1])],
    `${p}/Slice_output_0`,
  );
  const shape = g.op('Concat', [batch, g.ints(`${p}.rest`, [k, dim])], `${p}/Concat_output_0`, { axis: 0 });
  return g.op('Expand', [param, shape], `${p}/Expand_output_0`);
}

export function tinyVitSpec(opts: TinyVitOptions = {}): GraphSpec {
  const size = opts.imageSize ?? 224;
  const patch = opts.patchSize ?? 32;
  const dim = opts.hiddenDim ?? 32;
  const heads = opts.heads ?? 2;
  const registers = opts.registers ?? 0;
  const numClasses = opts.numClasses ?? 10;
  const grid = Math.floor(size / patch);
  const tokens = 1 + registers + grid * grid;
  const headDim = dim / heads;
  if (!Number.isInteger(headDim)) throw new Error(`tiny ViT: hiddenDim ${dim} is not divisible by ${heads} heads`);
  const g = new GraphBuilder(mulberry32(opts.seed ?? 1));
  const projected = g.conv('conv_proj', 'input', 3, dim, patch, patch, '/conv_proj/Conv_output_0');
  const flat = g.op('Reshape', [projected, g.ints('shape.patches', [0, dim, -1])], '/Reshape_output_0');
  const patches = g.op('Transpose', [flat], '/Transpose_output_0', { perm: [0, 2, 1] });
  const prefix = [expandOverBatch(g, g.weight('class_token', [1, 1, dim], 1, 0), patches, '/class_token', 1, dim)];
  if (registers > 0)
    prefix.push(
      expandOverBatch(g, g.weight('register_tokens', [1, registers, dim], dim), patches, '/registers', registers, dim),
    );
  let x = g.op('Concat', [...prefix, patches], '/Concat_output_0', { axis: 1 });
  x = g.op('Add', [x, g.weight('encoder.pos_embedding', [1, tokens, dim], dim)], '/encoder/Add_output_0');
  const scale = g.weight('attention.scale', [], 1, 1 / Math.sqrt(headDim));
  for (let l = 0; l < (opts.layers ?? 2); l++) {
    const name = `encoder.layers.encoder_layer_${l}`;
    const p = `/encoder/layers/encoder_layer_${l}`;
    const a = `${p}/self_attention`;
    const qkv = linear(
      g,
      layerNorm(g, x, `${name}.ln_1`, `${p}/ln_1`, dim),
      `${name}.self_attention.in_proj`,
      `${a}/in_proj`,
      dim,
      3 * dim,
    );
    const split = g.op(
      'Transpose',
      [g.op('Reshape', [qkv, g.ints(`${name}.qkv_shape`, [0, tokens, 3, heads, headDim])], `${a}/Reshape_output_0`)],
      `${a}/Transpose_output_0`,
      { perm: [2, 0, 3, 1, 4] },
    );
    const part = (i: number) =>
      g.op('Gather', [split, g.ints(`${name}.index_${i}`, [i], [])], `${a}/Gather_${i}_output_0`, { axis: 0 });
    const [q, k, v] = [part(0), part(1), part(2)];
    const keys = g.op('Transpose', [k], `${a}/Transpose_1_output_0`, { perm: [0, 1, 3, 2] });
    const scores = g.op('Mul', [g.op('MatMul', [q, keys], `${a}/MatMul_output_0`), scale], `${a}/Mul_output_0`);
    const weights = g.op('Softmax', [scores], `${a}/Softmax_output_0`, { axis: -1 });
    const mixed = g.op(
      'Transpose',
      [g.op('MatMul', [weights, v], `${a}/MatMul_1_output_0`)],
      `${a}/Transpose_2_output_0`,
      { perm: [0, 2, 1, 3] },
    );
    const merged = g.op('Reshape', [mixed, g.ints(`${name}.merge_shape`, [0, tokens, dim])], `${a}/Reshape_1_output_0`);
    x = g.op(
      'Add',
      [x, linear(g, merged, `${name}.self_attention.out_proj`, `${a}/out_proj`, dim, dim)],
      `${p}/Add_output_0`,
    );
    const hidden = gelu(
      g,
      linear(g, layerNorm(g, x, `${name}.ln_2`, `${p}/ln_2`, dim), `${name}.mlp.0`, `${p}/mlp/mlp.0`, dim, 2 * dim),
      `${p}/mlp/mlp.1`,
    );
    x = g.op('Add', [x, linear(g, hidden, `${name}.mlp.3`, `${p}/mlp/mlp.3`, 2 * dim, dim)], `${p}/Add_1_output_0`);
  }
  const normed = layerNorm(g, x, 'encoder.ln', '/encoder/ln', dim);
  const cls = g.op('Gather', [normed, g.ints('class_index', [0], [])], '/Gather_output_0', { axis: 1 });
  g.weight('heads.head.weight', [numClasses, dim], dim);
  g.weight('heads.head.bias', [numClasses], 1, 0);
  g.nodes.push({
    op: 'Gemm',
    name: '/heads/head/Gemm',
    inputs: [cls, 'heads.head.weight', 'heads.head.bias'],
    outputs: ['logits'],
    attrs: { transB: 1 },
  });
  return {
    name: 'main_graph',
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, size, size] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch', numClasses] }],
    nodes: g.nodes,
    initializers: g.initializers,
    docString: `Transferboard tiny ViT test backbone (patch ${patch}, ${registers} register tokens, random weights)`,
  };
}

export interface TinyConvNextOptions {
  seed?: number;
  /** Channels of each stage (one block each); the last is the feature dimension. */
  widths?: number[];
  numClasses?: number;
}

/** LayerNorm over channels of an NCHW map, as torchvision's LayerNorm2d exports: Transpose, LayerNormalization, Transpose. */
function layerNorm2d(g: GraphBuilder, x: string, name: string, p: string, dim: number): string {
  const last = g.op('Transpose', [x], `${p}/Transpose_output_0`, { perm: [0, 2, 3, 1] });
  return g.op('Transpose', [layerNorm(g, last, name, p, dim)], `${p}/Transpose_1_output_0`, { perm: [0, 3, 1, 2] });
}

export function tinyConvNextSpec(opts: TinyConvNextOptions = {}): GraphSpec {
  const widths = opts.widths ?? [16, 32, 64];
  const numClasses = opts.numClasses ?? 10;
  const g = new GraphBuilder(mulberry32(opts.seed ?? 1));
  let x = g.conv('features.0.0', 'input', 3, widths[0]!, 4, 4, '/features/features.0/features.0.0/Conv_output_0');
  x = layerNorm2d(g, x, 'features.0.1', '/features/features.0/features.0.1', widths[0]!);
  widths.forEach((c, i) => {
    const stage = 2 * i + 1;
    if (i > 0) {
      const d = `/features/features.${stage - 1}`;
      x = layerNorm2d(g, x, `features.${stage - 1}.0`, `${d}/features.${stage - 1}.0`, widths[i - 1]!);
      x = g.conv(`features.${stage - 1}.1`, x, widths[i - 1]!, c, 2, 2, `${d}/features.${stage - 1}.1/Conv_output_0`);
    }
    const name = `features.${stage}.0`;
    const p = `/features/features.${stage}/features.${stage}.0`;
    const dw = g.conv(`${name}.block.0`, x, c, c, 7, 1, `${p}/block/block.0/Conv_output_0`, c);
    const last = g.op('Transpose', [dw], `${p}/block/block.1/Transpose_output_0`, { perm: [0, 2, 3, 1] });
    const normed = layerNorm(g, last, `${name}.block.2`, `${p}/block/block.2`, c);
    const hidden = gelu(g, linear(g, normed, `${name}.block.3`, `${p}/block/block.3`, c, 4 * c), `${p}/block/block.4`);
    const out = g.op(
      'Transpose',
      [linear(g, hidden, `${name}.block.5`, `${p}/block/block.5`, 4 * c, c)],
      `${p}/block/block.6/Transpose_output_0`,
      { perm: [0, 3, 1, 2] },
    );
    const scaled = g.op('Mul', [g.weight(`${name}.layer_scale`, [c, 1, 1], 1, 0.5), out], `${p}/Mul_output_0`);
    x = g.op('Add', [scaled, x], `${p}/Add_output_0`);
  });
  const dim = widths.at(-1)!;
  const pooled = g.op('GlobalAveragePool', [x], '/avgpool/GlobalAveragePool_output_0');
  const normed = layerNorm2d(g, pooled, 'classifier.0', '/classifier/classifier.0', dim);
  const flat = g.op('Flatten', [normed], '/classifier/classifier.1/Flatten_output_0', { axis: 1 });
  g.weight('classifier.2.weight', [numClasses, dim], dim);
  g.weight('classifier.2.bias', [numClasses], 1, 0);
  g.nodes.push({
    op: 'Gemm',
    name: '/classifier/classifier.2/Gemm',
    inputs: [flat, 'classifier.2.weight', 'classifier.2.bias'],
    outputs: ['logits'],
    attrs: { transB: 1 },
  });
  return {
    name: 'main_graph',
    inputs: [{ name: 'input', type: 'float32', shape: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'logits', type: 'float32', shape: ['batch', numClasses] }],
    nodes: g.nodes,
    initializers: g.initializers,
    docString: 'Transferboard tiny ConvNeXt-like test backbone (random weights)',
  };
}

export function buildTinyVit(opts: TinyVitOptions = {}): Uint8Array {
  return encodeModel(tinyVitSpec(opts));
}

export function buildTinyConvNext(opts: TinyConvNextOptions = {}): Uint8Array {
  return encodeModel(tinyConvNextSpec(opts));
}
