import { REEXPORT } from './limits';
import { ModelError } from './model-error';
import { onnx, type PGraph, type PValueInfo } from './proto';

/** The image input the runner feeds: its checks, and how shapes are written in messages. */

export const ELEM_NAMES: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  4: 'uint16',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  8: 'string',
  9: 'bool',
  10: 'float16',
  11: 'float64',
  12: 'uint32',
  13: 'uint64',
  16: 'bfloat16',
};

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
      'BAD_INPUT',
    );
  }
  const input = inputs[0]!;
  const type = input.type?.tensorType;
  if (!type) throw new ModelError(file, `input '${input.name}' is not a tensor`, REEXPORT, 'BAD_INPUT');
  if (type.elemType !== onnx.TensorProto.DataType.FLOAT) {
    const got = ELEM_NAMES[type.elemType ?? 0] ?? `type ${type.elemType}`;
    throw new ModelError(
      file,
      `input '${input.name}' is ${got}; the runner feeds float32 images`,
      `export the model in float32 (model.float()); ${REEXPORT}`,
      'BAD_INPUT',
    );
  }
  const shape = declaredShape(input) ?? [null, 3, null, null];
  const text = formatShape(shape);
  if (shape.length !== 4) {
    throw new ModelError(
      file,
      `input '${input.name}' has shape ${text}: not an image batch, so this does not look like an image backbone; the runner needs NCHW [N,3,H,W]`,
      `submit an image backbone; ${REEXPORT}`,
      'BAD_INPUT',
    );
  }
  if (shape[3] === 3 && shape[1] !== 3) {
    throw new ModelError(
      file,
      `input '${input.name}' has shape ${text} (NHWC); the runner needs NCHW [N,3,H,W]`,
      `re-export from PyTorch (NCHW) or transpose the input in the graph (tf2onnx --inputs-as-nchw ${input.name}); ${REEXPORT}`,
      'BAD_INPUT',
    );
  }
  if (typeof shape[1] === 'number' && shape[1] !== 3) {
    throw new ModelError(
      file,
      `input '${input.name}' has ${shape[1]} channels (shape ${text}); the runner feeds RGB images [N,3,H,W]`,
      `export an RGB backbone; ${REEXPORT}`,
      'BAD_INPUT',
    );
  }
  for (const d of [shape[2], shape[3]]) {
    if (typeof d === 'number' && d !== 224) {
      throw new ModelError(
        file,
        `input '${input.name}' is fixed to shape ${text}; the runner feeds 224×224 centre crops`,
        `export at 224×224 or with dynamic height and width; ${REEXPORT}`,
        'BAD_INPUT',
      );
    }
  }
  const fixedBatch = typeof shape[0] === 'number' ? shape[0] : null;
  return { name: input.name, shape, fixedBatch };
}
