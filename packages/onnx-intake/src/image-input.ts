import { ModelError } from './model-error';
import { graphOf, onnx, type onnxTypes, type PGraph, type PNode, type PTensor, type PValueInfo } from './proto';

/**
 * Structural checks on a parsed model before onnxruntime ever sees it: user uploads are
 * untrusted, and onnxruntime's own errors ("Load model failed: ...") neither name the problem
 * in the user's terms nor say how to re-export.
 */

export const LIMITS = {
  /** Protobuf's hard limit; bigger models need external data, which the runner refuses. */
  fileBytes: 2 ** 31 - 1,
  initializers: 100_000,
  initializerBytes: 2 ** 31 - 1,
  nodes: 1_000_000,
  dimValue: 2 ** 31 - 1,
};

/** Operator domains onnxruntime-node runs without extra libraries. */
const KNOWN_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft', 'com.microsoft.nchwc', 'ai.onnx.preview.training']);

const ELEM_BYTES: Record<number, number> = { 1: 4, 2: 1, 3: 1, 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 10: 2, 11: 8, 12: 4, 13: 8, 16: 2 };

export const ELEM_NAMES: Record<number, string> = {
  1: 'float32', 2: 'uint8', 3: 'int8', 4: 'uint16', 5: 'int16', 6: 'int32', 7: 'int64', 8: 'string',
  9: 'bool', 10: 'float16', 11: 'float64', 12: 'uint32', 13: 'uint64', 16: 'bfloat16',
};

const REEXPORT = 're-export with torch.onnx.export(model.eval(), torch.randn(1, 3, 224, 224), "model.onnx", input_names=["input"], dynamic_axes={"input": {0: "batch"}}, opset_version=17) (see docs/runner.md)';

export function parseModel(bytes: Uint8Array, file: string): onnxTypes.ModelProto {
  if (bytes.byteLength > LIMITS.fileBytes) {
    throw new ModelError(file, `is ${bytes.byteLength} bytes, over the 2 GiB a single ONNX file can hold`, 'the runner takes single-file fp32 backbones under 2 GiB');
  }
  let model: onnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new ModelError(file, `is not an ONNX model (protobuf parse failed: ${(err as Error).message})`, `pass the .onnx file itself; ${REEXPORT}`);
  }
  const graph = model.graph;
  if (!graph || !graph.node?.length || Number(model.irVersion) <= 0) {
    throw new ModelError(file, 'is not an ONNX model (no graph with nodes and no IR version in it)', `pass the .onnx file itself; ${REEXPORT}`);
  }
  return model;
}

export function validateStructure(model: onnxTypes.ModelProto, file: string): void {
  const graph = graphOf(model);
  if (graph.node.length > LIMITS.nodes) {
    throw new ModelError(file, `has ${graph.node.length} nodes (limit ${LIMITS.nodes})`, 'submit a standard-size backbone');
  }
  checkInitializers(graph, file);
  checkDomains(model, file);
  checkDeclaredDims(graph, file);
}

function checkInitializers(graph: PGraph, file: string): void {
  if (graph.initializer.length > LIMITS.initializers) {
    throw new ModelError(file, `has ${graph.initializer.length} initializers (limit ${LIMITS.initializers})`, 'submit a standard-size backbone');
  }
  let total = 0;
  for (const t of graph.initializer) {
    if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || t.externalData.length > 0) {
      throw new ModelError(
        file,
        `weight '${t.name}' is stored in an external data file, which the runner does not accept (uploads are single files)`,
        'save the model as one file: onnx.save(onnx.load("model.onnx"), "single.onnx", save_as_external_data=False)',
      );
    }
    const count = t.dims.reduce<number>((a, d) => a * Number(d), 1);
    if (t.dims.some((d) => Number(d) < 0 || Number(d) > LIMITS.dimValue) || !Number.isSafeInteger(count)) {
      throw new ModelError(file, `weight '${t.name}' declares impossible dimensions [${t.dims.join(', ')}]`, `the file is damaged; ${REEXPORT}`);
    }
    const elemBytes = ELEM_BYTES[t.dataType] ?? 0;
    const raw = t.rawData?.byteLength ?? 0;
    if (raw > 0 && elemBytes > 0 && raw !== count * elemBytes) {
      throw new ModelError(
        file,
        `weight '${t.name}' holds ${raw} bytes but its shape [${t.dims.join(', ')}] needs ${count * elemBytes}`,
        `the file is truncated or damaged; ${REEXPORT}`,
      );
    }
    total += count * elemBytes;
  }
  if (total > LIMITS.initializerBytes) {
    throw new ModelError(file, `declares ${total} bytes of weights (over 2 GiB)`, 'submit a standard-size fp32 backbone');
  }
}

function checkDomains(model: onnxTypes.ModelProto, file: string): void {
  const local = new Set((model.functions ?? []).map((f) => f.domain ?? ''));
  for (const node of graphOf(model).node) {
    const domain = node.domain ?? '';
    if (!KNOWN_DOMAINS.has(domain) && !local.has(domain)) {
      throw new ModelError(
        file,
        `node '${node.name || node.opType}' uses operator '${node.opType}' from custom domain '${domain}', which onnxruntime cannot run without that domain's library`,
        'export with standard ONNX operators only (no custom ops)',
      );
    }
  }
}

function checkDeclaredDims(graph: PGraph, file: string): void {
  for (const v of [...graph.input, ...graph.output]) {
    for (const d of v.type?.tensorType?.shape?.dim ?? []) {
      if (d.dimValue != null && (Number(d.dimValue) < 0 || Number(d.dimValue) > LIMITS.dimValue)) {
        throw new ModelError(file, `'${v.name}' declares dimension ${d.dimValue}`, `the file is damaged; ${REEXPORT}`);
      }
    }
  }
}

export type DeclaredDim = number | string | null;

export function declaredShape(v: PValueInfo): DeclaredDim[] | null {
  const shape = v.type?.tensorType?.shape;
  if (!shape) return null;
  return shape.dim.map((d) => {
    if (d.dimParam) return d.dimParam;
    if (d.dimValue != null && Number(d.dimValue) > 0) return Number(d.dimValue);
    return null;
  });
}

export function formatShape(shape: DeclaredDim[]): string {
  return `[${shape.map((d) => d ?? '?').join(',')}]`;
}

export interface ImageInput {
  name: string;
  shape: DeclaredDim[];
  /** Set when the exporter fixed the batch size (the runner then feeds batches of exactly that size). */
  fixedBatch: number | null;
}

/** Exactly one float32 NCHW input with 3 channels; spatial dims dynamic or 224. */
export function findImageInput(graph: PGraph, file: string): ImageInput {
  const weights = new Set(graph.initializer.map((t) => t.name));
  const inputs = graph.input.filter((v) => !weights.has(v.name));
  if (inputs.length !== 1) {
    const names = inputs.map((v) => `'${v.name}'`).join(', ') || 'none';
    throw new ModelError(
      file,
      `has ${inputs.length} inputs (${names}); the runner feeds exactly one image tensor`,
      `export the backbone alone with one image input; ${REEXPORT}`,
    );
  }
  const input = inputs[0]!;
  const type = input.type?.tensorType;
  if (!type) throw new ModelError(file, `input '${input.name}' is not a tensor`, REEXPORT);
  if (type.elemType !== onnx.TensorProto.DataType.FLOAT) {
    const got = ELEM_NAMES[type.elemType ?? 0] ?? `type ${type.elemType}`;
    throw new ModelError(file, `input '${input.name}' is ${got}; the runner feeds float32 images`, `export the model in float32 (model.float()); ${REEXPORT}`);
  }
  const shape = declaredShape(input) ?? [null, 3, null, null];
  const text = formatShape(shape);
  if (shape.length !== 4) {
    throw new ModelError(
      file,
      `input '${input.name}' has shape ${text}: not an image batch, so this does not look like an image backbone; the runner needs NCHW [N,3,H,W]`,
      `submit an image backbone; ${REEXPORT}`,
    );
  }
  if (shape[3] === 3 && shape[1] !== 3) {
    throw new ModelError(
      file,
      `input '${input.name}' has shape ${text} (NHWC); the runner needs NCHW [N,3,H,W]`,
      `re-export from PyTorch (NCHW) or transpose the input in the graph (tf2onnx --inputs-as-nchw ${input.name}); ${REEXPORT}`,
    );
  }
  if (typeof shape[1] === 'number' && shape[1] !== 3) {
    throw new ModelError(file, `input '${input.name}' has ${shape[1]} channels (shape ${text}); the runner feeds RGB images [N,3,H,W]`, `export an RGB backbone; ${REEXPORT}`);
  }
  for (const d of [shape[2], shape[3]]) {
    if (typeof d === 'number' && d !== 224) {
      throw new ModelError(
        file,
        `input '${input.name}' is fixed to shape ${text}; the runner feeds 224×224 centre crops`,
        `export at 224×224 or with dynamic height and width; ${REEXPORT}`,
      );
    }
  }
  const fixedBatch = typeof shape[0] === 'number' ? shape[0] : null;
  return { name: input.name, shape, fixedBatch };
}
