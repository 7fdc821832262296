import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * A float32 .npy written row block by row block, for feature matrices assembled from cache
 * chunks without holding them all in memory (src/npy/npy.ts writes whole arrays).
 */
export function npyHeader(descr: '<f4', shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // Version 1.0: 10-byte prefix; data starts on a 64-byte boundary, as numpy writes it.
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = `${dict.padEnd(total - 10 - 1, ' ')}\n`;
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, dict.length, true);
  for (let i = 0; i < dict.length; i++) out[10 + i] = dict.charCodeAt(i);
  return out;
}

export class NpyRowWriter {
  private readonly fd: number;
  private rows = 0;

  constructor(
    readonly path: string,
    private readonly totalRows: number,
    private readonly cols: number,
  ) {
    this.fd = openSync(path, 'w');
    writeSync(this.fd, npyHeader('<f4', [totalRows, cols]));
  }

  append(block: Float32Array): void {
    if (block.length % this.cols !== 0)
      throw new Error(`${this.path}: block of ${block.length} floats is not whole rows of ${this.cols}`);
    writeSync(this.fd, new Uint8Array(block.buffer, block.byteOffset, block.byteLength));
    this.rows += block.length / this.cols;
  }

  close(): void {
    closeSync(this.fd);
    if (this.rows !== this.totalRows)
      throw new Error(`${this.path}: wrote ${this.rows} rows, header says ${this.totalRows}`);
  }
}
