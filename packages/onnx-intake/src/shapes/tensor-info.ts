import type { PTensor } from '../proto';

/**
 * What shape inference knows about one tensor. `shape` is fully static or null: every symbolic
 * input dimension is pinned (batch, height, width) before inference, so a dimension that is
 * still unknown means an operator the intake cannot follow, and everything after it is unknown
 * too (never a guess). `values` holds the contents of small tensors (shape arithmetic:
 * `Shape → Gather → Concat → Reshape`), as numbers.
 */
export interface TensorInfo {
  shape: number[] | null;
  /** ONNX TensorProto.DataType, when known. */
  dtype: number | null;
  values: number[] | null;
}

/** Tensors up to this many elements carry their values. */
const MAX_VALUES = 1024;
/** A dimension past this is not a real model's: treat the shape as unknown rather than trust it. */
const MAX_DIM = 2 ** 40;

export const DT = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  UINT16: 4,
  INT16: 5,
  INT32: 6,
  INT64: 7,
  STRING: 8,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  UINT32: 12,
  UINT64: 13,
  BFLOAT16: 16,
} as const;

const INTEGER_TYPES = new Set<number>([
  DT.UINT8,
  DT.INT8,
  DT.UINT16,
  DT.INT16,
  DT.INT32,
  DT.INT64,
  DT.UINT32,
  DT.UINT64,
]);
export const FLOAT_TYPES = new Set<number>([DT.FLOAT, DT.FLOAT16, DT.DOUBLE, DT.BFLOAT16]);

export function isIntegerType(dtype: number | null): boolean {
  return dtype !== null && INTEGER_TYPES.has(dtype);
}

export const UNKNOWN: TensorInfo = { shape: null, dtype: null, values: null };

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, d) => a * d, 1);
}

/** A shape every later step can trust: non-negative safe integers of a plausible size. */
export function saneShape(shape: readonly number[] | null): number[] | null {
  if (!shape) return null;
  for (const d of shape) if (!Number.isSafeInteger(d) || d < 0 || d > MAX_DIM) return null;
  return Number.isSafeInteger(numel(shape)) ? [...shape] : null;
}

export function info(shape: number[] | null, dtype: number | null, values: number[] | null = null): TensorInfo {
  const s = saneShape(shape);
  const v = s && values && values.length === numel(s) && s.length <= 8 ? values : null;
  return { shape: s, dtype, values: v };
}

/** The elements of a small tensor as numbers (int64 through BigInt), or null when large or unreadable. */
export function tensorValues(t: PTensor, max = MAX_VALUES): number[] | null {
  const dims = (t.dims ?? []).map(Number);
  const count = numel(dims);
  if (!Number.isSafeInteger(count) || count > max) return null;
  if (count === 0) return [];
  const raw = t.rawData;
  if (raw && raw.byteLength > 0) return rawValues(raw, t.dataType, count);
  switch (t.dataType) {
    case DT.FLOAT:
    case DT.DOUBLE:
      return pick(t.dataType === DT.FLOAT ? t.floatData : t.doubleData, count);
    case DT.INT64:
    case DT.UINT64:
      return pick((t.int64Data ?? []).map(Number), count);
    case DT.INT32:
    case DT.INT16:
    case DT.INT8:
    case DT.UINT16:
    case DT.UINT8:
    case DT.BOOL:
      return pick(t.int32Data, count);
    default:
      return null;
  }
}

function pick(list: readonly number[] | undefined, count: number): number[] | null {
  return list && list.length === count ? [...list] : null;
}

function rawValues(raw: Uint8Array, dtype: number, count: number): number[] | null {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const read: Partial<Record<number, [number, (o: number) => number]>> = {
    [DT.FLOAT]: [4, (o) => view.getFloat32(o, true)],
    [DT.DOUBLE]: [8, (o) => view.getFloat64(o, true)],
    [DT.INT64]: [8, (o) => Number(view.getBigInt64(o, true))],
    [DT.UINT64]: [8, (o) => Number(view.getBigUint64(o, true))],
    [DT.INT32]: [4, (o) => view.getInt32(o, true)],
    [DT.UINT32]: [4, (o) => view.getUint32(o, true)],
    [DT.INT16]: [2, (o) => view.getInt16(o, true)],
    [DT.UINT16]: [2, (o) => view.getUint16(o, true)],
    [DT.INT8]: [1, (o) => view.getInt8(o)],
    [DT.UINT8]: [1, (o) => view.getUint8(o)],
    [DT.BOOL]: [1, (o) => view.getUint8(o)],
  };
  const reader = read[dtype];
  if (!reader || raw.byteLength !== reader[0] * count) return null;
  return Array.from({ length: count }, (_, i) => reader[1](i * reader[0]));
}
