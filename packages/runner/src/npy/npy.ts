import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';

/**
 * NumPy .npy files (format versions 1.0, 2.0 and 3.0), the runner's exchange format for
 * features and labels. Only what features and labels need: little-endian numeric and bool
 * arrays in C order. Everything else is refused with an error that names the file.
 */

export type NpyDtype = 'float32' | 'float64' | 'int8' | 'int16' | 'int32' | 'int64' | 'uint8' | 'bool';

export type NpyData = Float32Array | Float64Array | Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<string, NpyDtype> = {
  '<f4': 'float32',
  '<f8': 'float64',
  '|i1': 'int8',
  '<i2': 'int16',
  '<i4': 'int32',
  '<i8': 'int64',
  '|u1': 'uint8',
  '|b1': 'bool',
};

const BYTES: Record<NpyDtype, number> = {
  float32: 4,
  float64: 8,
  int8: 1,
  int16: 2,
  int32: 4,
  int64: 8,
  uint8: 1,
  bool: 1,
};

export class NpyError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'NpyError';
  }
}

/** A .npy file's header: what `readNpy` would return, without the data. */
export interface NpyHeader {
  dtype: NpyDtype;
  shape: number[];
  /** Bytes of data the header promises. */
  byteLength: number;
}

/**
 * Reads a .npy file. The data is read straight into its own aligned buffer (or into `into`, a
 * caller's buffer of exactly the data's size, e.g. part of a larger one), never through a copy
 * of the whole file: a feature file costs its size in memory once, not twice.
 */
export function readNpy(path: string, into?: Uint8Array): NpyArray {
  return withFile(path, (fd, size) => {
    const { header, dataStart } = readHeader(fd, size, path);
    if (size - dataStart < header.byteLength) throw truncated(path, header, size - dataStart);
    if (into && into.byteLength !== header.byteLength) {
      throw new Error(`readNpy: ${path} holds ${header.byteLength} bytes of data, the buffer ${into.byteLength}`);
    }
    const raw = into ?? new Uint8Array(header.byteLength);
    for (let done = 0; done < raw.byteLength; ) {
      const got = readSync(fd, raw, done, Math.min(raw.byteLength - done, 1 << 30), dataStart + done);
      if (got === 0) throw truncated(path, header, done);
      done += got;
    }
    const data = typedView(header.dtype, raw.buffer, raw.byteOffset, raw.byteLength);
    return { dtype: header.dtype, shape: header.shape, data };
  });
}

/** The header alone (dtype, shape, data size), checked as `readNpy` checks it. */
export function readNpyHeader(path: string): NpyHeader {
  return withFile(path, (fd, size) => {
    const { header, dataStart } = readHeader(fd, size, path);
    if (size - dataStart < header.byteLength) throw truncated(path, header, size - dataStart);
    return header;
  });
}

function withFile<T>(path: string, body: (fd: number, size: number) => T): T {
  const unreadable = (err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    return new NpyError(path, `cannot read the file (${code}); check the path`);
  };
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    throw unreadable(err);
  }
  try {
    return body(fd, fstatSync(fd).size);
  } catch (err) {
    // A directory opens but does not read (EISDIR): the same message as a missing file.
    throw err instanceof NpyError || !(err as NodeJS.ErrnoException).code ? err : unreadable(err);
  } finally {
    closeSync(fd);
  }
}

function readHeader(fd: number, size: number, path: string): { header: NpyHeader; dataStart: number } {
  const prefix = new Uint8Array(Math.min(size, 12));
  readSync(fd, prefix, 0, prefix.length, 0);
  checkMagic(prefix, path);
  const { headerStart, headerLen } = headerExtent(prefix, path);
  if (headerStart + headerLen > size) throw new NpyError(path, 'truncated .npy header');
  const bytes = new Uint8Array(headerStart + headerLen);
  readSync(fd, bytes, 0, bytes.length, 0);
  return { header: parseHeaderBytes(bytes, headerStart, headerLen, path), dataStart: headerStart + headerLen };
}

/** Parses .npy bytes; `name` only labels errors. */
export function parseNpy(bytes: Uint8Array, name: string): NpyArray {
  checkMagic(bytes, name);
  const { headerStart, headerLen } = headerExtent(bytes, name);
  if (headerStart + headerLen > bytes.length) throw new NpyError(name, 'truncated .npy header');
  const header = parseHeaderBytes(bytes, headerStart, headerLen, name);
  const dataStart = headerStart + headerLen;
  if (bytes.length - dataStart < header.byteLength) throw truncated(name, header, bytes.length - dataStart);
  // Copy into a fresh, aligned buffer: the header length does not guarantee element alignment.
  const raw = new Uint8Array(header.byteLength);
  raw.set(bytes.subarray(dataStart, dataStart + header.byteLength));
  return { dtype: header.dtype, shape: header.shape, data: typedView(header.dtype, raw.buffer) };
}

function checkMagic(bytes: Uint8Array, name: string): void {
  if (bytes.length < 10 || !MAGIC.every((b, i) => bytes[i] === b)) {
    throw new NpyError(name, 'not a NumPy .npy file (missing the \\x93NUMPY magic); save it with numpy.save');
  }
}

function headerExtent(bytes: Uint8Array, name: string): { headerStart: number; headerLen: number } {
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) return { headerStart: 10, headerLen: view.getUint16(8, true) };
  if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyError(name, 'truncated .npy header');
    return { headerStart: 12, headerLen: view.getUint32(8, true) };
  }
  throw new NpyError(name, `unsupported .npy format version ${major}`);
}

function parseHeaderBytes(bytes: Uint8Array, headerStart: number, headerLen: number, name: string): NpyHeader {
  const encoding = bytes[6] === 3 ? 'utf-8' : 'latin1';
  const header = new TextDecoder(encoding).decode(bytes.subarray(headerStart, headerStart + headerLen));
  const { descr, fortran, shape } = parseHeader(header, name);
  const dtype = DESCR[descr];
  if (!dtype) throw new NpyError(name, unsupportedDescr(descr));
  if (fortran) {
    throw new NpyError(name, 'Fortran-ordered arrays are not supported; save np.ascontiguousarray(a) instead');
  }
  const count = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, byteLength: count * BYTES[dtype] };
}

function truncated(name: string, header: NpyHeader, found: number): NpyError {
  return new NpyError(
    name,
    `truncated data: expected ${header.byteLength} bytes for shape [${header.shape.join(', ')}], found ${found}`,
  );
}

function unsupportedDescr(descr: string): string {
  if (descr.startsWith('>'))
    return `big-endian dtype '${descr}' is not supported; convert with a.astype(a.dtype.newbyteorder('<'))`;
  if (descr === '|O' || descr.startsWith('O')) return 'object arrays are not supported; save a numeric array';
  return `unsupported dtype '${descr}'; use float32, float64, int8–int64, uint8 or bool`;
}

function parseHeader(header: string, name: string): { descr: string; fortran: boolean; shape: number[] } {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    if (/'descr'\s*:\s*\[/.test(header)) throw new NpyError(name, 'structured (record) arrays are not supported');
    throw new NpyError(name, `malformed .npy header: ${header.trim()}`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => Number(s.replace(/L$/, '')));
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new NpyError(name, `bad shape (${shapeText})`);
  return { descr, fortran: fortran === 'True', shape };
}

function typedView(dtype: NpyDtype, buf: ArrayBufferLike, offset = 0, bytes = buf.byteLength - offset): NpyData {
  switch (dtype) {
    case 'float32':
      return new Float32Array(buf, offset, bytes / 4);
    case 'float64':
      return new Float64Array(buf, offset, bytes / 8);
    case 'int8':
      return new Int8Array(buf, offset, bytes);
    case 'int16':
      return new Int16Array(buf, offset, bytes / 2);
    case 'int32':
      return new Int32Array(buf, offset, bytes / 4);
    case 'int64':
      return new BigInt64Array(buf, offset, bytes / 8);
    case 'uint8':
    case 'bool':
      return new Uint8Array(buf, offset, bytes);
  }
}

function dtypeOf(data: NpyData, asBool: boolean): NpyDtype {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int16Array) return 'int16';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return asBool ? 'bool' : 'uint8';
}

const DESCR_OF: Record<NpyDtype, string> = Object.fromEntries(Object.entries(DESCR).map(([k, v]) => [v, k])) as Record<
  NpyDtype,
  string
>;

/** Encodes an array as .npy version 1.0 bytes (version 2.0 if the header is too long). */
export function encodeNpy(data: NpyData, shape: readonly number[], opts: { bool?: boolean } = {}): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new Error(`writeNpy: shape [${shape.join(', ')}] holds ${count} elements but data has ${data.length}`);
  }
  const dtype = dtypeOf(data, opts.bool ?? false);
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${DESCR_OF[dtype]}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const v1 = 10 + dict.length + 1 <= 0xffff + 10;
  const prefix = v1 ? 10 : 12;
  // Pad with spaces so the data starts on a 64-byte boundary, as numpy does.
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  dict = `${dict.padEnd(total - prefix - 1, ' ')}\n`;
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC, 0);
  out[6] = v1 ? 1 : 2;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (v1) view.setUint16(8, dict.length, true);
  else view.setUint32(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[prefix + i] = dict.charCodeAt(i);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

export function writeNpy(path: string, data: NpyData, shape: readonly number[], opts: { bool?: boolean } = {}): void {
  writeFileSync(path, encodeNpy(data, shape, opts));
}
