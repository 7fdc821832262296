/** NumPy .npy (format 1.0–3.0) for little-endian float32/float64/uint8 C-order arrays. */
export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

export interface NpyArray {
  dtype: 'float32' | 'float64' | 'uint8';
  shape: number[];
  data: Float32Array | Float64Array | Uint8Array;
}

const DTYPES = { '<f4': 'float32', '<f8': 'float64', '|u1': 'uint8', '<u1': 'uint8' } as const;

export function parseNpyHeader(bytes: Uint8Array): { dtype: NpyArray['dtype']; shape: number[]; dataOffset: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 10 || buf.subarray(0, 6).toString('latin1') !== '\x93NUMPY') throw new NpyFormatError('not a .npy file (bad magic)');
  const major = buf[6]!;
  const headerLen = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  if (buf.length < start + headerLen) throw new NpyFormatError('header is cut short');
  const header = buf.subarray(start, start + headerLen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  const dtype = descr ? DTYPES[descr as keyof typeof DTYPES] : undefined;
  if (!dtype) throw new NpyFormatError(`unsupported dtype ${descr ?? '?'} (expected <f4, <f8 or |u1)`);
  if (fortran !== 'False') throw new NpyFormatError('Fortran-order arrays are not supported');
  if (shapeText === undefined) throw new NpyFormatError('header has no shape');
  const shape = shapeText.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  return { dtype, shape, dataOffset: start + headerLen };
}

export function readNpy(bytes: Uint8Array): NpyArray {
  const { dtype, shape, dataOffset } = parseNpyHeader(bytes);
  const count = shape.reduce((a, b) => a * b, 1);
  const width = dtype === 'float64' ? 8 : dtype === 'float32' ? 4 : 1;
  if (bytes.byteLength - dataOffset < count * width) throw new NpyFormatError(`data is cut short: ${shape.join('x')} needs ${count * width} bytes`);
  // A fresh, aligned copy: a Node Buffer's slice() would share (and expose) its whole pool.
  const copy = new Uint8Array(count * width);
  copy.set(bytes.subarray(dataOffset, dataOffset + count * width));
  const data = dtype === 'float64' ? new Float64Array(copy.buffer) : dtype === 'float32' ? new Float32Array(copy.buffer) : copy;
  return { dtype, shape, data };
}

export function writeNpy(array: NpyArray): Buffer {
  const descr = array.dtype === 'float64' ? '<f8' : array.dtype === 'float32' ? '<f4' : '|u1';
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shape}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  head.write('\x93NUMPY', 0, 'latin1');
  head[6] = 1;
  head[7] = 0;
  head.writeUInt16LE(header.length, 8);
  const d = array.data;
  return Buffer.concat([head, Buffer.from(header, 'latin1'), Buffer.from(d.buffer, d.byteOffset, d.byteLength)]);
}
