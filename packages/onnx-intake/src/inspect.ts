import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { ModelError } from './model-error';
import { graphOf, onnx, type onnxTypes, type PGraph, type PNode, type PTensor, type PValueInfo } from './proto';
import { declaredShape, findImageInput, LIMITS, parseModel, validateStructure, type DeclaredDim, type ImageInput } from './validate';

/**
 * Model intake: parse and validate an uploaded backbone, then find the tensors the runner
 * needs. Submitted models are whatever torch.onnx.export wrote, usually a classifier whose only
 * declared output is the logits, so the pooled features and the spatial maps are located in the
 * graph and added as outputs.
 */

export type Normalization = 'imagenet' | 'none';

export interface ModelInfo {
  file: string;
  sha256: string;
  sizeBytes: number;
  input: ImageInput;
  /** Tensor holding the pooled features, [N,D] (or [N,D,1,1], flattened by the runner). */
  featureOutput: string;
  /** Feature maps before pooling, coarsest first (the tensor pooled into the features first). */
  spatialOutputs: string[];
  declaredOutputs: string[];
  /** From the model's metadata (`transferboard.normalization`), when it declares one. */
  normalization: Normalization | null;
  producer: string;
  opset: number;
}

export interface InspectOptions {
  /** Tensor name to use as the pooled features instead of searching the graph. */
  featureOutput?: string;
  /** Tensor names to use as spatial maps instead of searching the graph. */
  spatialOutputs?: string[];
  /** How many spatial scales to report when searching (default 4). */
  maxSpatial?: number;
}

export interface InspectedModel {
  info: ModelInfo;
  proto: onnxTypes.ModelProto;
}

export async function inspectModel(path: string, opts: InspectOptions = {}): Promise<InspectedModel> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    throw new ModelError(path, `cannot be read (${code})`, 'check the --model path');
  }
  if (size > LIMITS.fileBytes) {
    throw new ModelError(path, `is ${size} bytes, over the 2 GiB a single ONNX file can hold`, 'the runner takes single-file fp32 backbones under 2 GiB');
  }
  return inspectModelBytes(await readFile(path), path, opts);
}

export function inspectModelBytes(bytes: Uint8Array, file: string, opts: InspectOptions = {}): InspectedModel {
  const proto = parseModel(bytes, file);
  validateStructure(proto, file);
  const graph = graphOf(proto);
  const input = findImageInput(graph, file);
  const index = indexGraph(graph);
  const featureOutput = opts.featureOutput ? requireTensor(index, opts.featureOutput, file, '--feature-output') : findPooledOutput(graph, index, file);
  const spatialOutputs = opts.spatialOutputs?.length
    ? opts.spatialOutputs.map((n) => requireTensor(index, n, file, '--spatial-outputs'))
    : findSpatialMaps(graph, index, featureOutput, input.name, opts.maxSpatial ?? 4);
  const info: ModelInfo = {
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
    input,
    featureOutput,
    spatialOutputs,
    declaredOutputs: graph.output.map((o) => o.name),
    normalization: declaredNormalization(proto),
    producer: [proto.producerName, proto.producerVersion].filter(Boolean).join(' '),
    opset: Number(proto.opsetImport.find((o) => (o.domain ?? '') === '')?.version ?? 0),
  };
  return { info, proto };
}

interface GraphIndex {
  producer: Map<string, PNode>;
  consumers: Map<string, PNode[]>;
  outputs: Map<string, PValueInfo>;
  initializers: Map<string, PTensor>;
}

function indexGraph(graph: PGraph): GraphIndex {
  const producer = new Map<string, PNode>();
  const consumers = new Map<string, PNode[]>();
  for (const node of graph.node) {
    for (const o of node.output ?? []) producer.set(o, node);
    for (const i of node.input ?? []) {
      if (!i) continue;
      const list = consumers.get(i) ?? [];
      list.push(node);
      consumers.set(i, list);
    }
  }
  const outputs = new Map(graph.output.map((o) => [o.name, o] as const));
  const initializers = new Map(graph.initializer.map((t) => [t.name, t] as const));
  return { producer, consumers, outputs, initializers };
}

function requireTensor(index: GraphIndex, name: string, file: string, flag: string): string {
  if (index.producer.has(name)) return name;
  const candidates = [...index.producer.keys()].filter((n) => /pool|flatten|layer|feat|relu/i.test(n)).slice(-8);
  throw new ModelError(
    file,
    `has no tensor named '${name}' (given with ${flag})`,
    `name a tensor the graph computes${candidates.length ? `, for example ${candidates.map((c) => `'${c}'`).join(', ')}` : ''} (list them with \`transferboard-runner inspect --model ${file}\`)`,
  );
}

function isSpatialPool(node: PNode, index: GraphIndex): boolean {
  if (node.opType === 'GlobalAveragePool' || node.opType === 'GlobalMaxPool') return true;
  if (node.opType !== 'ReduceMean') return false;
  const attr = node.attribute?.find((a) => a.name === 'axes');
  let axes: number[] = attr ? (attr.ints ?? []).map(Number) : [];
  const axesInput = node.input?.[1];
  if (!attr && axesInput) axes = intsOf(index.initializers.get(axesInput));
  const sorted = axes.map((a) => (a < 0 ? a + 4 : a)).sort();
  return sorted.length === 2 && sorted[0] === 2 && sorted[1] === 3;
}

function intsOf(t: PTensor | undefined): number[] {
  if (!t) return [];
  if (t.int64Data?.length) return t.int64Data.map(Number);
  if (t.rawData?.byteLength) {
    const raw = t.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: raw.byteLength / 8 }, (_, i) => Number(view.getBigInt64(i * 8, true)));
  }
  return [];
}

const FLATTENING = new Set(['Flatten', 'Reshape', 'Squeeze']);

/** The last spatial pooling in the graph, followed through a Flatten/Reshape/Squeeze if one comes next. */
function findPooledOutput(graph: PGraph, index: GraphIndex, file: string): string {
  const pools = graph.node.filter((n) => isSpatialPool(n, index));
  const pool = pools[pools.length - 1];
  if (!pool) {
    const flat = graph.output.filter((o) => declaredShape(o)?.length === 2);
    if (flat.length === 1) return flat[0]!.name;
    throw new ModelError(
      file,
      'does not look like an image backbone: it has no GlobalAveragePool or ReduceMean over H,W, and no single [N,D] output to use as features',
      'name the pooled feature tensor with --feature-output NAME (and spatial maps with --spatial-outputs), or export a backbone that ends in global average pooling',
    );
  }
  let out = pool.output![0]!;
  const next = index.consumers.get(out) ?? [];
  if (next.length === 1 && FLATTENING.has(next[0]!.opType ?? '')) out = next[0]!.output![0]!;
  return out;
}

const DOWNSAMPLING = new Set(['Conv', 'MaxPool', 'AveragePool']);

function isDownsampling(node: PNode): boolean {
  if (!DOWNSAMPLING.has(node.opType ?? '')) return false;
  const strides = node.attribute?.find((a) => a.name === 'strides')?.ints?.map(Number) ?? [];
  return strides.some((s) => s > 1);
}

/**
 * Walk back from the pooled tensor along each node's first input (the main branch of a residual
 * block, as PyTorch exports it). The map pooled into the features is the coarsest scale; each
 * strided node crossed starts a finer scale, whose representative is the first tensor further
 * back that branches (a residual stage's output feeds its next block twice) or, in a plain
 * conv stack, the strided node's own input.
 */
function findSpatialMaps(graph: PGraph, index: GraphIndex, pooled: string, inputName: string, max: number): string[] {
  const maps: string[] = [];
  let tensor = poolInput(index, pooled);
  if (!tensor || tensor === inputName) return maps;
  maps.push(tensor);
  let pending: string | null = null;
  const graphInputs = new Set(graph.input.map((i) => i.name));
  while (maps.length < max) {
    const node = index.producer.get(tensor);
    if (!node) break;
    if (pending && (index.consumers.get(tensor)?.length ?? 0) >= 2) {
      maps.push(tensor);
      pending = null;
    }
    if (isDownsampling(node)) {
      if (pending) maps.push(pending);
      pending = node.input![0]!;
    }
    const prev = node.input?.[0];
    if (!prev || graphInputs.has(prev) || index.initializers.has(prev)) break;
    tensor = prev;
  }
  return maps.slice(0, max);
}

function poolInput(index: GraphIndex, pooled: string): string | undefined {
  let node = index.producer.get(pooled);
  while (node && FLATTENING.has(node.opType ?? '')) node = index.producer.get(node.input![0]!);
  if (!node || !(node.opType === 'GlobalAveragePool' || node.opType === 'GlobalMaxPool' || node.opType === 'ReduceMean')) return undefined;
  return node.input![0];
}

function declaredNormalization(model: onnxTypes.ModelProto): Normalization | null {
  const prop = model.metadataProps.find((p) => p.key === 'transferboard.normalization');
  return prop?.value === 'none' || prop?.value === 'imagenet' ? prop.value : null;
}

/**
 * The model's bytes with exactly `outputs` as graph outputs and every node they do not need
 * removed, so onnxruntime returns intermediate maps and skips the classifier head.
 */
export function withOutputs(model: onnxTypes.ModelProto, outputs: string[]): Uint8Array {
  const graph = graphOf(model);
  const index = indexGraph(graph);
  const needed = new Set<string>();
  const stack = [...outputs];
  const keep = new Set<PNode>();
  while (stack.length) {
    const t = stack.pop()!;
    if (needed.has(t)) continue;
    needed.add(t);
    const node = index.producer.get(t);
    if (node && !keep.has(node)) {
      keep.add(node);
      for (const i of node.input ?? []) if (i) stack.push(i);
    }
  }
  const copy = onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      ...(model.graph as onnxTypes.IGraphProto),
      node: graph.node.filter((n) => keep.has(n)) as onnxTypes.INodeProto[],
      initializer: graph.initializer.filter((t) => needed.has(t.name)) as unknown as onnxTypes.ITensorProto[],
      input: graph.input.filter((i) => needed.has(i.name) || !index.initializers.has(i.name)),
      output: outputs.map((name) => (index.outputs.get(name) as onnxTypes.IValueInfoProto | undefined) ?? { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } } }),
    }),
  });
  return onnx.ModelProto.encode(copy).finish();
}

export type { DeclaredDim };
