/**
 * Pillow's convolution resampling (libImaging/Resample.c, 8 bits per channel; bicubic or
 * bilinear), restricted to a crop window of the resized image. torchvision's Resize on PIL
 * images is exactly this, and libvips
 * (sharp) enlarges with a different pixel alignment (up to 100 levels apart on hard edges), so the
 * runner resamples itself to reproduce the reference pixels: same coefficients, same 22-bit fixed
 * point, same rounding and clipping after each separable pass.
 *
 * Speed: this runs once per image on every decoder core. The passes run as WebAssembly SIMD
 * (resample.wat, run by resample-wasm.ts; about 5× the JavaScript below on this project's machines); the JavaScript passes are the fallback where
 * WebAssembly SIMD is missing, and are written for V8's int32 paths. Pillow's own accumulators are
 * C ints, so every sum fits in int32 (`| 0` and Math.imul are exact, not truncating), and its
 * clip8 is `>> 22` then a clamp, which storing into a Uint8ClampedArray does for integers. Scratch
 * memory is reused between images.
 */

import { coefficients, HALF, PRECISION_BITS, type Coefficients, type ResampleFilter } from './filter-coefficients';
import { uniformWindows, wasmResampler, type WasmResampler } from './resample-wasm';

export interface ResizeCrop {
  /** Size of the full resized image. */
  width: number;
  height: number;
  /** Crop window within it. */
  left: number;
  top: number;
  cropWidth: number;
  cropHeight: number;
}

let scratch = new Uint8ClampedArray(0);

/** The horizontal pass's output: reused between calls (one image at a time per thread). */
function scratchRows(bytes: number): Uint8ClampedArray {
  if (scratch.length < bytes) scratch = new Uint8ClampedArray(bytes);
  return scratch;
}

/**
 * Horizontal pass over `rows` input rows starting at `rowFirst`: interleaved RGB in, the crop's
 * columns out. Three channel sums in locals, taps two at a time (measured fastest in V8: about
 * 1.3× the plain loop).
 */
function horizontalPass(
  src: Uint8Array,
  srcWidth: number,
  rowFirst: number,
  rows: number,
  c: Coefficients,
  outWidth: number,
  tmp: Uint8ClampedArray,
): void {
  const { start, count, weights, stride } = c;
  const inStride = srcWidth * 3;
  const outStride = outWidth * 3;
  for (let y = 0; y < rows; y++) {
    const inRow = (rowFirst + y) * inStride;
    let o = y * outStride;
    for (let x = 0; x < outWidth; x++) {
      const n = count[x]!;
      let p = inRow + start[x]! * 3;
      let wi = x * stride;
      const pairsEnd = wi + (n & ~1);
      let r = HALF;
      let g = HALF;
      let b = HALF;
      for (; wi < pairsEnd; wi += 2, p += 6) {
        const w = weights[wi]!;
        const u = weights[wi + 1]!;
        r = (r + Math.imul(src[p]!, w) + Math.imul(src[p + 3]!, u)) | 0;
        g = (g + Math.imul(src[p + 1]!, w) + Math.imul(src[p + 4]!, u)) | 0;
        b = (b + Math.imul(src[p + 2]!, w) + Math.imul(src[p + 5]!, u)) | 0;
      }
      if (n & 1) {
        const w = weights[wi]!;
        r = (r + Math.imul(src[p]!, w)) | 0;
        g = (g + Math.imul(src[p + 1]!, w)) | 0;
        b = (b + Math.imul(src[p + 2]!, w)) | 0;
      }
      tmp[o] = r >> PRECISION_BITS;
      tmp[o + 1] = g >> PRECISION_BITS;
      tmp[o + 2] = b >> PRECISION_BITS;
      o += 3;
    }
  }
}

let accumulator = new Int32Array(0);

/**
 * Vertical pass: each output row is a weighted sum of `count` consecutive scratch rows. Rows are
 * read contiguously, four taps at a time, into one int32 accumulator row.
 */
function verticalPass(
  tmp: Uint8ClampedArray,
  rowBytes: number,
  rowFirst: number,
  c: Coefficients,
  outRows: number,
  out: Uint8ClampedArray,
): void {
  const { start, count, weights, stride } = c;
  if (accumulator.length < rowBytes) accumulator = new Int32Array(rowBytes);
  const acc = accumulator;
  for (let y = 0; y < outRows; y++) {
    const n = count[y]!;
    let p0 = (start[y]! - rowFirst) * rowBytes;
    const w0 = y * stride;
    acc.fill(HALF, 0, rowBytes);
    let i = 0;
    for (; i + 4 <= n; i += 4, p0 += 4 * rowBytes) {
      const w = weights[w0 + i]!;
      const u = weights[w0 + i + 1]!;
      const v = weights[w0 + i + 2]!;
      const z = weights[w0 + i + 3]!;
      const p1 = p0 + rowBytes;
      const p2 = p1 + rowBytes;
      const p3 = p2 + rowBytes;
      for (let x = 0; x < rowBytes; x++) {
        acc[x] =
          (acc[x]! +
            Math.imul(tmp[p0 + x]!, w) +
            Math.imul(tmp[p1 + x]!, u) +
            Math.imul(tmp[p2 + x]!, v) +
            Math.imul(tmp[p3 + x]!, z)) |
          0;
      }
    }
    for (; i < n; i++, p0 += rowBytes) {
      const w = weights[w0 + i]!;
      for (let x = 0; x < rowBytes; x++) acc[x] = (acc[x]! + Math.imul(tmp[p0 + x]!, w)) | 0;
    }
    const o = y * rowBytes;
    for (let x = 0; x < rowBytes; x++) out[o + x] = acc[x]! >> PRECISION_BITS;
  }
}

interface Plan {
  horizontal: Coefficients;
  vertical: Coefficients;
  /** Input rows the vertical pass reads; the horizontal pass runs on those only. */
  rowFirst: number;
  rows: number;
  rowBytes: number;
}

function plan(srcWidth: number, srcHeight: number, g: ResizeCrop, filter: ResampleFilter): Plan {
  const horizontal = coefficients(srcWidth, g.width, g.left, g.cropWidth, filter);
  const vertical = coefficients(srcHeight, g.height, g.top, g.cropHeight, filter);
  const rowFirst = vertical.start[0]!;
  const last = g.cropHeight - 1;
  const rows = vertical.start[last]! + vertical.count[last]! - rowFirst;
  return { horizontal, vertical, rowFirst, rows, rowBytes: g.cropWidth * 3 };
}

/** The JavaScript passes (the fallback; tests run both). */
export function resizeCropJs(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  g: ResizeCrop,
  filter: ResampleFilter = 'bicubic',
): Uint8Array {
  const { horizontal, vertical, rowFirst, rows, rowBytes } = plan(srcWidth, srcHeight, g, filter);
  const tmp = scratchRows(rows * rowBytes);
  horizontalPass(src, srcWidth, rowFirst, rows, horizontal, g.cropWidth, tmp);
  const out = new Uint8ClampedArray(g.cropHeight * rowBytes);
  verticalPass(tmp, rowBytes, rowFirst, vertical, g.cropHeight, out);
  return new Uint8Array(out.buffer);
}

const align16 = (n: number): number => Math.ceil(n / 16) * 16;

/** Source rows copied into WebAssembly memory at a time: memory stays small for huge images. */
const STRIP_BYTES = 1 << 20;

function resizeCropWasm(
  wasm: WasmResampler,
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  g: ResizeCrop,
  filter: ResampleFilter,
): Uint8Array {
  const { horizontal, vertical, rowFirst, rows, rowBytes } = plan(srcWidth, srcHeight, g, filter);
  const h = uniformWindows(horizontal, g.cropWidth, 3, 0);
  const v = uniformWindows(vertical, g.cropHeight, rowBytes, rowFirst);
  const inStride = srcWidth * 3;
  const stripRows = Math.max(1, Math.min(rows, Math.floor(STRIP_BYTES / inStride)));
  // Layout: a strip of source rows, the horizontal pass's rows, the crop, then the windows. Each
  // region is padded for the zero-weighted taps' reads and the last 4- or 16-byte store.
  const srcAt = 0;
  const tmpAt = align16(srcAt + stripRows * inStride + h.taps * 3 + 16);
  const outAt = align16(tmpAt + (rows + v.taps) * rowBytes + 32);
  const hStartsAt = align16(outAt + g.cropHeight * rowBytes + 16);
  const hWeightsAt = align16(hStartsAt + h.starts.byteLength);
  const vStartsAt = align16(hWeightsAt + h.weights.byteLength);
  const vWeightsAt = align16(vStartsAt + v.starts.byteLength);
  const end = vWeightsAt + v.weights.byteLength;
  const memory = wasm.memory;
  const pages = Math.ceil(end / 65536) - memory.buffer.byteLength / 65536;
  if (pages > 0) memory.grow(pages); // throws RangeError past WebAssembly's 4 GiB: the caller falls back
  const heap = new Uint8Array(memory.buffer);
  new Int32Array(memory.buffer, hStartsAt, h.starts.length).set(h.starts);
  new Int32Array(memory.buffer, hWeightsAt, h.weights.length).set(h.weights);
  new Int32Array(memory.buffer, vStartsAt, v.starts.length).set(v.starts);
  new Int32Array(memory.buffer, vWeightsAt, v.weights.length).set(v.weights);
  for (let y = 0; y < rows; y += stripRows) {
    const n = Math.min(stripRows, rows - y);
    heap.set(src.subarray((rowFirst + y) * inStride, (rowFirst + y + n) * inStride), srcAt);
    wasm.hpass(srcAt, inStride, n, g.cropWidth, hStartsAt, hWeightsAt, h.taps, tmpAt + y * rowBytes);
  }
  wasm.vpass(tmpAt, rowBytes, g.cropHeight, vStartsAt, vWeightsAt, v.taps, outAt);
  return heap.slice(outAt, outAt + g.cropHeight * rowBytes);
}

/**
 * Resize interleaved RGB (`srcWidth`×`srcHeight`×3) with Pillow's `filter` and return the crop
 * window, interleaved RGB uint8 (a fresh array). Only the rows and columns the crop needs are
 * computed.
 */
export function resizeCrop(
  src: Uint8Array,
  srcWidth: number,
  srcHeight: number,
  g: ResizeCrop,
  filter: ResampleFilter = 'bicubic',
): Uint8Array {
  const wasm = wasmResampler();
  if (wasm === null) return resizeCropJs(src, srcWidth, srcHeight, g, filter);
  if (src.length !== srcWidth * srcHeight * 3)
    throw new Error(`resizeCrop: ${src.length} bytes is not ${srcWidth}×${srcHeight}×3`);
  try {
    return resizeCropWasm(wasm, src, srcWidth, srcHeight, g, filter);
  } catch (err) {
    if (err instanceof RangeError) return resizeCropJs(src, srcWidth, srcHeight, g, filter);
    throw err;
  }
}

/** Pillow's bicubic resize and crop (torchvision's Resize(…, BICUBIC) on PIL images). */
export function resizeCropBicubic(src: Uint8Array, srcWidth: number, srcHeight: number, g: ResizeCrop): Uint8Array {
  return resizeCrop(src, srcWidth, srcHeight, g, 'bicubic');
}
