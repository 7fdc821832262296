import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { isNormalization, type Normalization } from '@transferboard/suite/types';
import {
  ARCHITECTURE_FAMILIES,
  inferArchitecture,
  isArchitectureFamily,
  patchEmbeddingSize,
  type Architecture,
} from './architecture';
import { COST_IMAGE, modelCost, type ModelCost } from './cost';
import {
  declarationProblem,
  METADATA_KEYS,
  METADATA_SOURCE,
  parseSpatialList,
  type Declaration,
  type DeclarationSource,
} from './declaration';
import { defaultFeatures, type FeatureChoice, type FeatureSource } from './features';
import { indexGraph } from './graph-index';
import { findImageInput, type ImageInput } from './image-input';
import { LIMITS } from './limits';
import { ModelError } from './model-error';
import { graphOf, onnx, type onnxTypes, type PNode } from './proto';
import { inferShapes } from './shapes/infer';
import { defaultSpatialMaps, type SpatialSource } from './spatial-maps';
import { parsePrefixTokens, PREFIX_TOKENS_KEY, tokenGrid, type TokenGrid, type TokenHints } from './token-grid';
import { defaultTokenMaps } from './token-maps';
import { buildCatalog, type CatalogShape, type TensorCatalog } from './tensor-catalog';
import { parseModel, validateStructure } from './validate';
import { INTAKE_VERSION } from './version';

/**
 * Model intake: parse and validate an uploaded backbone, infer its shapes, then decide which
 * tensors the runner reads (declared, else the default rule of features.ts and spatial-maps.ts)
 * and what the model costs. Submitted models are whatever torch.onnx.export wrote, often a
 * classifier whose only output is the logits, so the feature tensors may be inside the graph;
 * the runner adds them as outputs (withOutputs).
 */

export type { FeatureSource, SpatialSource };

export interface ModelInfo {
  /** Which rules produced this record (version.ts). */
  intakeVersion: number;
  file: string;
  sha256: string;
  sizeBytes: number;
  input: ImageInput;
  /** Tensor holding the pooled features, [N,D] (or [N,D,1,1], flattened by the runner). */
  featureOutput: string;
  featureSource: FeatureSource;
  /** Its shape as the catalog has it (null: not inferred). */
  featureShape: CatalogShape | null;
  /** Why this tensor, in words. */
  featureReason: string;
  /** Feature maps before pooling, coarsest first (the tensor pooled into the features first). */
  spatialOutputs: string[];
  spatialSource: SpatialSource;
  /** What sizes a token sequence's grid: the patch embedding's stride, a declared prefix count. */
  tokenHints: TokenHints;
  /**
   * When the first spatial output is a token sequence [N,T,C]: how it becomes a map for a
   * 224×224 image (prefix tokens dropped, grid, patch size). Null for feature maps.
   */
  tokenGrid: TokenGrid | null;
  declaredOutputs: string[];
  /** What the model's metadata declares (`transferboard.*`), validated. */
  declared: {
    normalization: Normalization | null;
    features: string | null;
    spatialOutputs: string[] | null;
    prefixTokens: number | null;
  };
  /** From the model's metadata (`transferboard.normalization`), when it declares one. */
  normalization: Normalization | null;
  producer: string;
  opset: number;
  cost: ModelCost;
  /** The architecture family and a ViT's patch size (architecture.ts); absent from inspections before intake version 2. */
  architecture: Architecture;
  /** Every tensor the nodes compute, with its shape (see tensor-catalog.ts). */
  tensors: TensorCatalog;
  /** False when the graph has more tensors than the catalog keeps. */
  tensorsComplete: boolean;
}

export interface InspectOptions {
  /** Tensor to use as the pooled features, overriding the metadata and the default rule. */
  featureOutput?: string;
  /** Tensors to use as spatial maps, overriding the metadata and the default rule. */
  spatialOutputs?: string[];
  /** How many spatial scales to report when searching (default 4). */
  maxSpatial?: number;
  /** How messages name where the two overrides came from (default: the runner's flags). */
  source?: DeclarationSource;
}

export const FLAG_SOURCE: DeclarationSource = { features: '--feature-output', spatialOutputs: '--spatial-outputs' };

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
    throw new ModelError(
      path,
      `is ${size} bytes, over the 2 GiB a single ONNX file can hold`,
      'the runner takes single-file fp32 backbones under 2 GiB',
      'TOO_LARGE',
    );
  }
  return inspectModelBytes(await readFile(path), path, opts);
}

export function inspectModelBytes(bytes: Uint8Array, file: string, opts: InspectOptions = {}): InspectedModel {
  const proto = parseModel(bytes, file);
  const { scopes, order } = validateStructure(proto, file);
  const graph = graphOf(proto);
  const input = findImageInput(graph, file);
  const batch = input.fixedBatch ?? 1;
  const one = inferShapes(proto, order, input.name, { ...COST_IMAGE, batch });
  const two = input.fixedBatch === null ? inferShapes(proto, order, input.name, { ...COST_IMAGE, batch: 2 }) : one;
  const { catalog, complete } = buildCatalog(order, one, two, input.fixedBatch);
  const index = indexGraph(graph);
  const patchSize = patchEmbeddingSize(graph, input.name);
  const declared = metadataDeclaration(proto, catalog, patchSize, file);
  const tokenHints: TokenHints = { patchSize, prefixTokens: declared.prefixTokens };
  const override: Declaration = {
    features: opts.featureOutput ?? null,
    spatialOutputs: opts.spatialOutputs?.length ? opts.spatialOutputs : null,
  };
  refuseBadDeclaration(catalog, override, opts.source ?? FLAG_SOURCE, file, tokenHints);
  const fallback = defaultFeatures(graph, index, catalog);
  const features = chooseFeatures(override, declared, fallback, file);
  // The default maps follow the default (or metadata) features, never a later override, so the
  // API, which cannot re-read the file, and the runner decide alike.
  const anchor = fallback?.tensor ?? declared.features ?? features.tensor;
  const maxSpatial = opts.maxSpatial ?? 4;
  const cnnMaps = defaultSpatialMaps(graph, index, catalog, anchor, input.name, maxSpatial);
  const defaults = cnnMaps.length ? cnnMaps : defaultTokenMaps(index, catalog, anchor, tokenHints, maxSpatial);
  const spatialOutputs = override.spatialOutputs ?? declared.spatialOutputs ?? defaults;
  const spatialSource: SpatialSource = override.spatialOutputs
    ? 'declared'
    : declared.spatialOutputs
      ? 'metadata'
      : cnnMaps.length
        ? 'before-global-pool'
        : spatialOutputs.length
          ? 'last-block-tokens'
          : 'none';
  const info: ModelInfo = {
    intakeVersion: INTAKE_VERSION,
    file,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    sizeBytes: bytes.byteLength,
    input,
    featureOutput: features.tensor,
    featureSource: features.source,
    featureShape: catalog[features.tensor] ?? null,
    featureReason: features.why,
    spatialOutputs,
    spatialSource,
    tokenHints,
    tokenGrid: firstTokenGrid(catalog, spatialOutputs, tokenHints),
    declaredOutputs: graph.output.map((o) => o.name),
    declared,
    normalization: declared.normalization,
    producer: [proto.producerName, proto.producerVersion].filter(Boolean).join(' '),
    opset: Number(proto.opsetImport.find((o) => (o.domain ?? '') === '')?.version ?? 0),
    cost: perImage(modelCost(proto, scopes, order, input.name, one), batch),
    architecture: inferArchitecture(graph, index, input.name, declaredArchitecture(proto, file)),
    tensors: catalog,
    tensorsComplete: complete,
  };
  return { info, proto };
}

function chooseFeatures(
  override: Declaration,
  declared: ModelInfo['declared'],
  fallback: FeatureChoice | null,
  file: string,
): FeatureChoice {
  if (override.features)
    return {
      tensor: override.features,
      source: 'declared',
      why: 'declared with the submission or on the command line',
    };
  if (declared.features)
    return {
      tensor: declared.features,
      source: 'metadata',
      why: `declared in the model's metadata ('${METADATA_KEYS.features}')`,
    };
  if (fallback) return fallback;
  throw new ModelError(
    file,
    'does not look like an image backbone: it has no GlobalAveragePool or ReduceMean over H,W, and no single [N,D] output to use as features',
    `declare the pooled feature tensor in the model's metadata (onnx.helper.set_model_props(m, {"${METADATA_KEYS.features}": "NAME"}); ` +
      'the runner also takes --feature-output NAME), or export a backbone that ends in global average pooling',
    'NOT_A_BACKBONE',
  );
}

function metadataDeclaration(
  proto: onnxTypes.ModelProto,
  catalog: TensorCatalog,
  patchSize: number | null,
  file: string,
): ModelInfo['declared'] {
  const value = (key: string) => proto.metadataProps.find((p) => p.key === key)?.value ?? null;
  const normalization = value(METADATA_KEYS.normalization);
  const features = value(METADATA_KEYS.features);
  const spatial = value(METADATA_KEYS.spatialOutputs);
  const prefixText = value(PREFIX_TOKENS_KEY);
  const prefixTokens = prefixText === null ? null : parsePrefixTokens(prefixText);
  if (typeof prefixTokens === 'string') {
    throw new ModelError(
      file,
      prefixTokens,
      'give the number of class and register tokens before the patch tokens, e.g. "1" for a ViT with a class token',
      'BAD_DECLARATION',
    );
  }
  const declared: ModelInfo['declared'] = {
    normalization: isNormalization(normalization) ? normalization : null,
    features: features === null ? null : features.trim(),
    spatialOutputs: spatial === null ? null : parseSpatialList(spatial),
    prefixTokens,
  };
  refuseBadDeclaration(catalog, declared, METADATA_SOURCE, file, { patchSize, prefixTokens });
  return declared;
}

function declaredArchitecture(proto: onnxTypes.ModelProto, file: string): Architecture['family'] | null {
  const raw = proto.metadataProps.find((p) => p.key === METADATA_KEYS.architecture)?.value;
  if (raw === undefined || raw === null) return null;
  const value = raw.trim();
  if (isArchitectureFamily(value)) return value;
  throw new ModelError(
    file,
    `declares '${METADATA_KEYS.architecture}' as '${value}', which is not an architecture family the platform knows`,
    `set it to one of ${ARCHITECTURE_FAMILIES.join(', ')}, or remove the key to let the intake infer it from the graph`,
    'BAD_DECLARATION',
  );
}

/** The grid of the first spatial output when it is a token sequence whose length the catalog knows. */
function firstTokenGrid(catalog: TensorCatalog, spatialOutputs: string[], hints: TokenHints): TokenGrid | null {
  const shape = spatialOutputs.length ? catalog[spatialOutputs[0]!] : null;
  if (shape?.length !== 3 || typeof shape[1] !== 'number') return null;
  const grid = tokenGrid(shape[1], hints, COST_IMAGE.width);
  return typeof grid === 'string' ? null : grid;
}

function refuseBadDeclaration(
  catalog: TensorCatalog,
  declaration: Declaration,
  source: DeclarationSource,
  file: string,
  tokens: TokenHints,
): void {
  const problem = declarationProblem(catalog, declaration, source, tokens);
  if (!problem) return;
  const cut = problem.message.indexOf('; ');
  throw new ModelError(file, problem.message.slice(0, cut), problem.message.slice(cut + 2), 'BAD_DECLARATION');
}

/** A model exported with a fixed batch of B images: its products are per batch, so per image is 1/B of them. */
function perImage(cost: ModelCost, batch: number): ModelCost {
  if (batch === 1 || cost.macs === null || !cost.macsByOperator) return cost;
  const by = cost.macsByOperator;
  const macs = cost.macs / batch;
  return {
    ...cost,
    macs,
    gflopsPerImage: (2 * macs) / 1e9,
    macsByOperator: { Conv: by.Conv / batch, Gemm: by.Gemm / batch, MatMul: by.MatMul / batch },
  };
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
      // No type for a tensor that was not an output: onnxruntime infers it (a float guess breaks int64 shape tensors).
      output: outputs.map((name) => (index.outputs.get(name) as onnxTypes.IValueInfoProto | undefined) ?? { name }),
    }),
  });
  return onnx.ModelProto.encode(copy).finish();
}
