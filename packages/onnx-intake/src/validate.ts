import { allTensors, collectScopes, type Scope } from './graphs';
import { LIMITS, REEXPORT } from './limits';
import { ModelError } from './model-error';
import { scanNesting } from './nesting';
import { onnx, type onnxTypes, type PNode, type PTensor, type PValueInfo } from './proto';
import { checkTopology } from './topology';

/**
 * Structural checks on a parsed model before onnxruntime ever sees it: user uploads are
 * untrusted, and onnxruntime's own errors ("Load model failed: ...") neither name the problem
 * in the user's terms nor say how to re-export.
 */

export { LIMITS };

/** Operator domains onnxruntime-node runs without extra libraries. */
const KNOWN_DOMAINS = new Set([
  '',
  'ai.onnx',
  'ai.onnx.ml',
  'com.microsoft',
  'com.microsoft.nchwc',
  'ai.onnx.preview.training',
]);

const ELEM_BYTES: Record<number, number> = {
  1: 4,
  2: 1,
  3: 1,
  4: 2,
  5: 2,
  6: 4,
  7: 8,
  9: 1,
  10: 2,
  11: 8,
  12: 4,
  13: 8,
  14: 8,
  15: 16,
  16: 2,
};

const NOT_ONNX_FIX = `pass the .onnx file itself; ${REEXPORT}`;

export function parseModel(bytes: Uint8Array, file: string): onnxTypes.ModelProto {
  if (bytes.byteLength > LIMITS.fileBytes) {
    throw new ModelError(
      file,
      `is ${bytes.byteLength} bytes, over the 2 GiB a single ONNX file can hold`,
      'the runner takes single-file fp32 backbones under 2 GiB',
      'TOO_LARGE',
    );
  }
  const nesting = scanNesting(bytes);
  if (nesting?.kind === 'too-deep') {
    throw new ModelError(
      file,
      `nests its messages more than ${nesting.depth - 1} levels deep (graphs inside nodes inside graphs, or types inside types)`,
      'export a standard backbone: exporters never nest this deep',
      'NESTING_TOO_DEEP',
    );
  }
  if (nesting)
    throw new ModelError(
      file,
      `is not an ONNX model (protobuf parse failed: ${nesting.detail})`,
      NOT_ONNX_FIX,
      'NOT_ONNX',
    );
  let model: onnxTypes.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (err) {
    // A stack overflow here would come from nesting the scan does not follow (unknown fields).
    if (err instanceof RangeError && /call stack/i.test(err.message)) {
      throw new ModelError(
        file,
        'nests its messages too deeply to parse',
        'export a standard backbone: exporters never nest this deep',
        'NESTING_TOO_DEEP',
      );
    }
    throw new ModelError(
      file,
      `is not an ONNX model (protobuf parse failed: ${(err as Error).message})`,
      NOT_ONNX_FIX,
      'NOT_ONNX',
    );
  }
  const graph = model.graph;
  if (!graph?.node?.length || Number(model.irVersion) <= 0) {
    throw new ModelError(
      file,
      'is not an ONNX model (no graph with nodes and no IR version in it)',
      NOT_ONNX_FIX,
      'NOT_ONNX',
    );
  }
  return model;
}

export interface Structure {
  scopes: Scope[];
  /** The main graph's nodes in an order that runs. */
  order: PNode[];
}

/** Every check that needs no shapes: sizes, tensors anywhere, operator domains, declared dims, topology. */
export function validateStructure(model: onnxTypes.ModelProto, file: string): Structure {
  const scopes = collectScopes(model, file);
  const nodes = scopes.reduce((n, s) => n + s.nodes.length, 0);
  if (nodes > LIMITS.nodes) {
    throw new ModelError(
      file,
      `has ${nodes} nodes over all its graphs (limit ${LIMITS.nodes})`,
      'submit a standard-size backbone',
      'TOO_LARGE',
    );
  }
  checkTensors(scopes, file);
  checkDomains(model, scopes, file);
  checkDeclaredDims(scopes, file);
  return { scopes, order: checkTopology(scopes, file) };
}

function checkTensors(scopes: Scope[], file: string): void {
  let count = 0;
  let total = 0;
  for (const { tensor, where } of allTensors(scopes)) {
    if (++count > LIMITS.initializers) {
      throw new ModelError(
        file,
        `has more than ${LIMITS.initializers} weight and constant tensors`,
        'submit a standard-size backbone',
        'TOO_LARGE',
      );
    }
    total += checkTensor(tensor, where, file);
    if (total > LIMITS.initializerBytes) {
      throw new ModelError(
        file,
        `declares ${total} bytes of weights (over 2 GiB)`,
        'submit a standard-size fp32 backbone',
        'TOO_LARGE',
      );
    }
  }
  for (const scope of scopes) {
    for (const s of scope.sparseInitializers) checkDims(s.dims, `sparse weight '${s.values?.name ?? ''}'`, file);
  }
}

/** The bytes the tensor's shape declares. */
function checkTensor(t: PTensor, where: string, file: string): number {
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL || (t.externalData?.length ?? 0) > 0) {
    throw new ModelError(
      file,
      `${where} is stored in an external data file, which the runner does not accept (uploads are single files)`,
      'save the model as one file: onnx.save(onnx.load("model.onnx"), "single.onnx", save_as_external_data=False)',
      'EXTERNAL_DATA',
    );
  }
  const count = checkDims(t.dims, where, file);
  const elemBytes = ELEM_BYTES[t.dataType] ?? 0;
  const raw = t.rawData?.byteLength ?? 0;
  if (raw > 0 && elemBytes > 0 && raw !== count * elemBytes) {
    throw new ModelError(
      file,
      `${where} holds ${raw} bytes but its shape [${t.dims.join(', ')}] needs ${count * elemBytes}`,
      `the file is truncated or damaged; ${REEXPORT}`,
      'DAMAGED',
    );
  }
  return count * elemBytes;
}

function checkDims(dims: PTensor['dims'], where: string, file: string): number {
  const values = (dims ?? []).map(Number);
  const count = values.reduce((a, d) => a * d, 1);
  if (values.some((d) => !Number.isInteger(d) || d < 0 || d > LIMITS.dimValue) || !Number.isSafeInteger(count)) {
    throw new ModelError(
      file,
      `${where} declares impossible dimensions [${values.join(', ')}]`,
      `the file is damaged; ${REEXPORT}`,
      'DAMAGED',
    );
  }
  return count;
}

function checkDomains(model: onnxTypes.ModelProto, scopes: Scope[], file: string): void {
  const local = new Set((model.functions ?? []).map((f) => f.domain ?? ''));
  for (const scope of scopes) {
    for (const node of scope.nodes) {
      const domain = node.domain ?? '';
      if (!KNOWN_DOMAINS.has(domain) && !local.has(domain)) {
        throw new ModelError(
          file,
          `node '${node.name || node.opType}' uses operator '${node.opType}' from custom domain '${domain}', which onnxruntime cannot run without that domain's library`,
          'export with standard ONNX operators only (no custom ops)',
          'CUSTOM_OPERATOR',
        );
      }
    }
  }
}

function checkDeclaredDims(scopes: Scope[], file: string): void {
  for (const scope of scopes) {
    const g = scope.graph;
    if (!g) continue;
    const values: PValueInfo[] = [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])];
    for (const v of values) {
      for (const d of v.type?.tensorType?.shape?.dim ?? []) {
        if (d.dimValue != null && (Number(d.dimValue) < 0 || Number(d.dimValue) > LIMITS.dimValue)) {
          throw new ModelError(
            file,
            `'${v.name}' declares dimension ${d.dimValue}`,
            `the file is damaged; ${REEXPORT}`,
            'DAMAGED',
          );
        }
      }
    }
  }
}
