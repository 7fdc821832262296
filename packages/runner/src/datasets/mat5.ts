/**
 * MATLAB Level 5 MAT-file reader and writer: numeric, char, cell and struct arrays, plain or
 * zlib-compressed, little- or big-endian. Enough for the dataset annotation files (Flowers setid.mat,
 * Stanford Cars devkit) and for writing fixtures in the same format. v7.3 files are HDF5 and are
 * reported as such. Our own code rather than the GPL-licensed mat-for-js, and with errors that say
 * which variable is broken.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export type NumericClass =
  | 'double'
  | 'single'
  | 'int8'
  | 'uint8'
  | 'int16'
  | 'uint16'
  | 'int32'
  | 'uint32'
  | 'int64'
  | 'uint64';
export type MatValue =
  | { type: 'numeric'; class: NumericClass; dims: number[]; data: Float64Array; logical?: boolean }
  | { type: 'char'; dims: number[]; text: string }
  | { type: 'cell'; dims: number[]; items: MatValue[] }
  | { type: 'struct'; dims: number[]; fields: string[]; items: Record<string, MatValue>[] };

export class MatFormatError extends Error {
  override name = 'MatFormatError';
}

const MI = {
  INT8: 1,
  UINT8: 2,
  INT16: 3,
  UINT16: 4,
  INT32: 5,
  UINT32: 6,
  SINGLE: 7,
  DOUBLE: 9,
  INT64: 12,
  UINT64: 13,
  MATRIX: 14,
  COMPRESSED: 15,
  UTF8: 16,
  UTF16: 17,
  UTF32: 18,
} as const;
const MI_SIZE: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 2,
  5: 4,
  6: 4,
  7: 4,
  9: 8,
  12: 8,
  13: 8,
  16: 1,
  17: 2,
  18: 4,
};
const MX_NUMERIC: Record<number, NumericClass> = {
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
};
const MX_CELL = 1;
const MX_STRUCT = 2;
const MX_CHAR = 4;

interface Element {
  type: number;
  data: DataView;
  next: number;
}

class Reader {
  constructor(private readonly le: boolean) {}

  element(view: DataView, offset: number): Element {
    if (offset + 8 > view.byteLength) throw new MatFormatError(`truncated data element at byte ${offset}`);
    const first = view.getUint32(offset, this.le);
    const small = first >>> 16;
    if (small !== 0) {
      // Small data element: type and size share the first word, data sits in the second.
      const type = first & 0xffff;
      return { type, data: new DataView(view.buffer, view.byteOffset + offset + 4, small), next: offset + 8 };
    }
    const type = first;
    const size = view.getUint32(offset + 4, this.le);
    if (offset + 8 + size > view.byteLength) {
      throw new MatFormatError(
        `data element at byte ${offset} claims ${size} bytes but the file ends first (truncated?)`,
      );
    }
    const data = new DataView(view.buffer, view.byteOffset + offset + 8, size);
    const padded = type === MI.COMPRESSED ? size : Math.ceil(size / 8) * 8;
    return { type, data, next: offset + 8 + padded };
  }

  numbers(el: Element): Float64Array {
    const width = MI_SIZE[el.type];
    if (!width) throw new MatFormatError(`unexpected numeric storage type ${el.type}`);
    const n = Math.floor(el.data.byteLength / width);
    const out = new Float64Array(n);
    const d = el.data;
    for (let i = 0; i < n; i++) {
      const o = i * width;
      switch (el.type) {
        case MI.INT8:
          out[i] = d.getInt8(o);
          break;
        case MI.UINT8:
        case MI.UTF8:
          out[i] = d.getUint8(o);
          break;
        case MI.INT16:
          out[i] = d.getInt16(o, this.le);
          break;
        case MI.UINT16:
        case MI.UTF16:
          out[i] = d.getUint16(o, this.le);
          break;
        case MI.INT32:
          out[i] = d.getInt32(o, this.le);
          break;
        case MI.UINT32:
        case MI.UTF32:
          out[i] = d.getUint32(o, this.le);
          break;
        case MI.SINGLE:
          out[i] = d.getFloat32(o, this.le);
          break;
        case MI.DOUBLE:
          out[i] = d.getFloat64(o, this.le);
          break;
        case MI.INT64:
          out[i] = Number(d.getBigInt64(o, this.le));
          break;
        case MI.UINT64:
          out[i] = Number(d.getBigUint64(o, this.le));
          break;
      }
    }
    return out;
  }

  text(el: Element): string {
    if (el.type === MI.UTF8 || el.type === MI.INT8 || el.type === MI.UINT8) {
      return Buffer.from(el.data.buffer, el.data.byteOffset, el.data.byteLength).toString(
        el.type === MI.UTF8 ? 'utf8' : 'latin1',
      );
    }
    return String.fromCodePoint(...this.numbers(el));
  }

  /** One top-level or nested element: returns the variable name and value (null for unknown kinds). */
  variable(el: Element): { name: string; value: MatValue | null } {
    if (el.type === MI.COMPRESSED) {
      let raw: Buffer;
      try {
        raw = inflateSync(Buffer.from(el.data.buffer, el.data.byteOffset, el.data.byteLength));
      } catch {
        throw new MatFormatError('a compressed variable does not inflate (corrupt or truncated file)');
      }
      const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
      return this.variable(this.element(view, 0));
    }
    if (el.type !== MI.MATRIX) return { name: '', value: null };
    return this.matrix(el.data);
  }

  private matrix(view: DataView): { name: string; value: MatValue | null } {
    if (view.byteLength === 0)
      return { name: '', value: { type: 'numeric', class: 'double', dims: [0, 0], data: new Float64Array(0) } };
    const flagsEl = this.element(view, 0);
    const flags = flagsEl.data.getUint32(0, this.le);
    const mxClass = flags & 0xff;
    const logical = (flags & 0x0200) !== 0;
    const dimsEl = this.element(view, flagsEl.next);
    const dims = Array.from(this.numbers(dimsEl));
    const nameEl = this.element(view, dimsEl.next);
    const name = this.text(nameEl);
    const count = dims.reduce((a, b) => a * b, 1);
    let at = nameEl.next;
    const numericClass = MX_NUMERIC[mxClass];
    if (numericClass) {
      const real = this.element(view, at);
      const data = this.numbers(real);
      if (data.length !== count)
        throw new MatFormatError(`variable "${name}" has ${data.length} values for dimensions ${dims.join('x')}`);
      return { name, value: { type: 'numeric', class: numericClass, dims, data, ...(logical ? { logical } : {}) } };
    }
    if (mxClass === MX_CHAR) {
      const el = this.element(view, at);
      const codes =
        el.type === MI.UTF8 ? Array.from(this.text(el), (c) => c.codePointAt(0)!) : Array.from(this.numbers(el));
      return { name, value: { type: 'char', dims, text: charRows(codes, dims).join('\n') } };
    }
    if (mxClass === MX_CELL) {
      const items: MatValue[] = [];
      for (let i = 0; i < count; i++) {
        const el = this.element(view, at);
        items.push(this.variable(el).value ?? emptyDouble());
        at = el.next;
      }
      return { name, value: { type: 'cell', dims, items } };
    }
    if (mxClass === MX_STRUCT) {
      const lenEl = this.element(view, at);
      const nameLen = this.numbers(lenEl)[0] ?? 0;
      const namesEl = this.element(view, lenEl.next);
      const fields: string[] = [];
      for (let o = 0; nameLen > 0 && o + nameLen <= namesEl.data.byteLength; o += nameLen) {
        const bytes = Buffer.from(namesEl.data.buffer, namesEl.data.byteOffset + o, nameLen);
        fields.push(bytes.toString('latin1').replace(/\0.*$/s, ''));
      }
      at = namesEl.next;
      const items: Record<string, MatValue>[] = [];
      for (let i = 0; i < count; i++) {
        const item: Record<string, MatValue> = {};
        for (const f of fields) {
          const el = this.element(view, at);
          item[f] = this.variable(el).value ?? emptyDouble();
          at = el.next;
        }
        items.push(item);
      }
      return { name, value: { type: 'struct', dims, fields, items } };
    }
    return { name, value: null }; // sparse, object and function handles: not needed by any dataset
  }
}

function emptyDouble(): MatValue {
  return { type: 'numeric', class: 'double', dims: [0, 0], data: new Float64Array(0) };
}

/** Char arrays are column-major: row r is codes[r], codes[r + rows], ... */
function charRows(codes: number[], dims: number[]): string[] {
  const rows = dims[0] ?? 0;
  const cols = dims.slice(1).reduce((a, b) => a * b, 1);
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    let s = '';
    for (let c = 0; c < cols; c++) s += String.fromCodePoint(codes[r + c * rows] ?? 32);
    out.push(s);
  }
  return out;
}

/** Parses a whole MAT-file into its named variables. Throws MatFormatError on anything malformed. */
export function readMat(bytes: Uint8Array): Record<string, MatValue> {
  if (bytes.byteLength < 128)
    throw new MatFormatError(`file is ${bytes.byteLength} bytes, shorter than the 128-byte MAT header`);
  const header = Buffer.from(bytes.buffer, bytes.byteOffset, 128);
  if (
    header.subarray(0, 8).toString('latin1') === '\x89HDF\r\n\x1a\n' ||
    header.subarray(0, 10).toString('latin1') === 'MATLAB 7.3'
  ) {
    throw new MatFormatError('this is an HDF5 (MAT v7.3) file, not a Level 5 MAT-file');
  }
  if (!header.subarray(0, 10).toString('latin1').startsWith('MATLAB 5.0')) {
    throw new MatFormatError('missing the "MATLAB 5.0 MAT-file" header (not a MAT-file, or corrupt)');
  }
  const endian = header.subarray(126, 128).toString('latin1');
  if (endian !== 'IM' && endian !== 'MI') throw new MatFormatError('bad endian indicator in the MAT header');
  const reader = new Reader(endian === 'IM');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Record<string, MatValue> = {};
  let offset = 128;
  while (offset < view.byteLength) {
    const el = reader.element(view, offset);
    const { name, value } = reader.variable(el);
    if (value && name) out[name] = value;
    offset = el.next;
  }
  return out;
}

// ---- convenience accessors, for readers ----

export function matNumbers(v: MatValue | undefined, what: string): number[] {
  if (v?.type !== 'numeric') throw new MatFormatError(`${what} is not a numeric array`);
  return Array.from(v.data);
}

export function matString(v: MatValue | undefined, what: string): string {
  if (v?.type !== 'char') throw new MatFormatError(`${what} is not a char array`);
  return v.text;
}

export function matStringCell(v: MatValue | undefined, what: string): string[] {
  if (v?.type !== 'cell') throw new MatFormatError(`${what} is not a cell array`);
  return v.items.map((item, i) => matString(item, `${what}{${i + 1}}`));
}

// ---- writer ----

/** Writer input; `storeAs` stores a double array in a narrower integer type, as MATLAB itself does. */
export type MatWriteValue =
  | { type: 'numeric'; class: NumericClass; dims: number[]; data: ArrayLike<number>; storeAs?: NumericClass }
  | { type: 'char'; text: string }
  | { type: 'cell'; dims: number[]; items: MatWriteValue[] }
  | { type: 'struct'; dims: number[]; fields: string[]; items: Record<string, MatWriteValue>[] };

const CLASS_CODE: Record<NumericClass, [mx: number, mi: number]> = {
  double: [6, MI.DOUBLE],
  single: [7, MI.SINGLE],
  int8: [8, MI.INT8],
  uint8: [9, MI.UINT8],
  int16: [10, MI.INT16],
  uint16: [11, MI.UINT16],
  int32: [12, MI.INT32],
  uint32: [13, MI.UINT32],
  int64: [14, MI.INT64],
  uint64: [15, MI.UINT64],
};

function tagged(type: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(type, 0);
  head.writeUInt32LE(payload.length, 4);
  const pad = Buffer.alloc((8 - (payload.length % 8)) % 8);
  return Buffer.concat([head, payload, pad]);
}

function encodeNumbers(mi: number, data: ArrayLike<number>): Buffer {
  const width = MI_SIZE[mi]!;
  const buf = Buffer.alloc(width * data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    const o = i * width;
    switch (mi) {
      case MI.INT8:
        buf.writeInt8(v, o);
        break;
      case MI.UINT8:
        buf.writeUInt8(v, o);
        break;
      case MI.INT16:
        buf.writeInt16LE(v, o);
        break;
      case MI.UINT16:
        buf.writeUInt16LE(v, o);
        break;
      case MI.INT32:
        buf.writeInt32LE(v, o);
        break;
      case MI.UINT32:
        buf.writeUInt32LE(v, o);
        break;
      case MI.SINGLE:
        buf.writeFloatLE(v, o);
        break;
      case MI.DOUBLE:
        buf.writeDoubleLE(v, o);
        break;
      case MI.INT64:
        buf.writeBigInt64LE(BigInt(v), o);
        break;
      case MI.UINT64:
        buf.writeBigUInt64LE(BigInt(v), o);
        break;
    }
  }
  return buf;
}

function matrixElement(name: string, value: MatWriteValue): Buffer {
  const parts: Buffer[] = [];
  const header = (mx: number, dims: number[]) => {
    const flags = Buffer.alloc(8);
    flags.writeUInt32LE(mx, 0);
    parts.push(tagged(MI.UINT32, flags));
    parts.push(tagged(MI.INT32, encodeNumbers(MI.INT32, dims)));
    parts.push(tagged(MI.INT8, Buffer.from(name, 'latin1')));
  };
  switch (value.type) {
    case 'numeric': {
      const [mx] = CLASS_CODE[value.class];
      header(mx, value.dims);
      const mi = CLASS_CODE[value.storeAs ?? value.class][1];
      parts.push(tagged(mi, encodeNumbers(mi, value.data)));
      break;
    }
    case 'char': {
      const codes = Array.from(value.text, (c) => c.charCodeAt(0));
      header(MX_CHAR, [codes.length === 0 ? 0 : 1, codes.length]);
      parts.push(tagged(MI.UINT16, encodeNumbers(MI.UINT16, codes)));
      break;
    }
    case 'cell':
      header(MX_CELL, value.dims);
      for (const item of value.items) parts.push(matrixElement('', item));
      break;
    case 'struct': {
      header(MX_STRUCT, value.dims);
      const len = Math.max(32, ...value.fields.map((f) => Math.ceil((f.length + 1) / 8) * 8));
      parts.push(tagged(MI.INT32, encodeNumbers(MI.INT32, [len])));
      const names = Buffer.alloc(len * value.fields.length);
      value.fields.forEach((f, i) => {
        names.write(f, i * len, 'latin1');
      });
      parts.push(tagged(MI.INT8, names));
      for (const item of value.items) {
        for (const f of value.fields) {
          const v = item[f];
          if (!v) throw new Error(`struct item lacks field ${f}`);
          parts.push(matrixElement('', v));
        }
      }
      break;
    }
  }
  return tagged(MI.MATRIX, Buffer.concat(parts));
}

/** Serialises variables as a little-endian Level 5 MAT-file (each variable zlib-compressed if asked). */
export function writeMat(vars: Record<string, MatWriteValue>, options: { compress?: boolean } = {}): Buffer {
  const header = Buffer.alloc(128, 0x20);
  header.write('MATLAB 5.0 MAT-file, Platform: GLNXA64, Created on: Thu Jan  1 00:00:00 1970', 0, 'latin1');
  header.fill(0, 116, 124);
  header.writeUInt16LE(0x0100, 124);
  header.write('IM', 126, 'latin1');
  const body = Object.entries(vars).map(([name, value]) => {
    const el = matrixElement(name, value);
    if (!options.compress) return el;
    const z = deflateSync(el);
    const head = Buffer.alloc(8);
    head.writeUInt32LE(MI.COMPRESSED, 0);
    head.writeUInt32LE(z.length, 4);
    return Buffer.concat([head, z]);
  });
  return Buffer.concat([header, ...body]);
}

/** Shorthands for writers. */
export const mat = {
  row: (data: ArrayLike<number>, cls: NumericClass = 'double', storeAs?: NumericClass): MatWriteValue => ({
    type: 'numeric',
    class: cls,
    dims: [1, data.length],
    data,
    ...(storeAs ? { storeAs } : {}),
  }),
  scalar: (v: number, cls: NumericClass = 'double'): MatWriteValue => ({
    type: 'numeric',
    class: cls,
    dims: [1, 1],
    data: [v],
  }),
  str: (text: string): MatWriteValue => ({ type: 'char', text }),
  cellRow: (items: MatWriteValue[]): MatWriteValue => ({ type: 'cell', dims: [1, items.length], items }),
  structRow: (fields: string[], items: Record<string, MatWriteValue>[]): MatWriteValue => ({
    type: 'struct',
    dims: [1, items.length],
    fields,
    items,
  }),
};
