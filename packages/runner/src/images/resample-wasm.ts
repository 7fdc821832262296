import { HALF, PRECISION_BITS, type Coefficients } from './filter-coefficients';

/**
 * The two passes of Pillow's 8-bit bicubic resampling as a WebAssembly SIMD module, assembled
 * here from opcodes (no toolchain, no binary in the repository). Same arithmetic as Pillow: int32
 * products and sums of 22-bit fixed-point weights (i32x4 wraps like C's int and never needs to:
 * the sums fit), `>> 22`, then a saturating narrow to 0…255, which is clip8. One i32x4 lane per
 * channel in the horizontal pass; sixteen bytes of a row at a time in the vertical one.
 *
 * Every output sample reads the same number of taps (the largest window, the rest zero-weighted),
 * so the loops have no per-sample bounds; zero-weighted taps may read bytes past the window, and
 * the buffers carry that much padding. Products with a zero weight add exactly nothing.
 */

// --- a minimal WebAssembly encoder -------------------------------------------------------------

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

const I32 = 0x7f;
const V128 = 0x7b;

const op = {
  loop: 0x03,
  end: 0x0b,
  brIf: 0x0d,
  get: 0x20,
  set: 0x21,
  tee: 0x22,
  i32Load: 0x28,
  i32Const: 0x41,
  i32Ne: 0x47,
  i32LtS: 0x48,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
};

/** SIMD instructions (0xfd prefix). */
const simd = {
  load: 0x00,
  load8x8U: 0x02,
  load32Splat: 0x09,
  store: 0x0b,
  const: 0x0c,
  store32Lane: 0x5a,
  i8x16NarrowI16x8U: 0x66,
  i16x8NarrowI32x4S: 0x85,
  i16x8ExtendLowI8x16U: 0x89,
  i16x8ExtendHighI8x16U: 0x8a,
  i32x4ExtendLowI16x8U: 0xa9,
  i32x4ExtendHighI16x8U: 0xaa,
  i32x4ShrS: 0xac,
  i32x4Add: 0xae,
  i32x4Mul: 0xb5,
};

const s = (code: number): number[] => [0xfd, ...uleb(code)];
const get = (l: number): number[] => [op.get, ...uleb(l)];
const set = (l: number): number[] => [op.set, ...uleb(l)];
const i32 = (n: number): number[] => [op.i32Const, ...sleb(n)];
/** memarg: alignment exponent, offset 0. */
const mem = (align: number): number[] => [align, 0];
const halfVector = (): number[] => [...s(simd.const), ...Array.from({ length: 4 }, () => [HALF & 0xff, (HALF >> 8) & 0xff, (HALF >> 16) & 0xff, (HALF >>> 24) & 0xff]).flat()];
/** local += delta */
const addTo = (l: number, delta: number[]): number[] => [...get(l), ...delta, op.i32Add, ...set(l)];
/** acc[i32x4] += widened[i32x4] * w[i32x4] */
const macInto = (acc: number, widened: number[], w: number): number[] => [...get(acc), ...widened, ...get(w), ...s(simd.i32x4Mul), ...s(simd.i32x4Add), ...set(acc)];
const shift = (l: number): number[] => [...get(l), ...i32(PRECISION_BITS), ...s(simd.i32x4ShrS)];

/**
 * hpass(src, inStride, rows, outWidth, starts, weights, taps, tmp): for each of `rows` rows and
 * `outWidth` outputs, sum `taps` RGB pixels from src + row·inStride + starts[x] (bytes) with
 * weights[x·taps + i] into [R, G, B, ·] lanes, and write R, G, B to tmp (3 bytes per output,
 * plus one scratch byte that the next output overwrites).
 */
function horizontalBody(): number[] {
  // params 0..7; locals: 8 y, 9 x, 10 p, 11 wp, 12 i, 13 rowBase, 14 o (i32); 15 acc, 16 n16 (v128)
  const [src, inStride, rows, outWidth, starts, weights, taps, tmp] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [y, x, p, wp, i, rowBase, o, acc, n16] = [8, 9, 10, 11, 12, 13, 14, 15, 16];
  return [
    ...vec([
      [7, I32],
      [2, V128],
    ]),
    ...get(tmp), ...set(o),
    op.loop, 0x40,
    ...get(src), ...get(y), ...get(inStride), op.i32Mul, op.i32Add, ...set(rowBase),
    ...i32(0), ...set(x),
    ...get(weights), ...set(wp),
    op.loop, 0x40,
    ...get(rowBase), ...get(starts), ...get(x), ...i32(4), op.i32Mul, op.i32Add, op.i32Load, ...mem(2), op.i32Add, ...set(p),
    ...halfVector(), ...set(acc),
    ...get(taps), ...set(i),
    op.loop, 0x40,
    // acc += widen(load8x8_u(p)) * splat(load32(wp)): lanes R, G, B and the next pixel's R
    ...get(acc),
    ...get(p), ...s(simd.load8x8U), ...mem(0), ...s(simd.i32x4ExtendLowI16x8U),
    ...get(wp), ...s(simd.load32Splat), ...mem(2),
    ...s(simd.i32x4Mul), ...s(simd.i32x4Add), ...set(acc),
    ...addTo(p, i32(3)),
    ...addTo(wp, i32(4)),
    ...get(i), ...i32(1), op.i32Sub, op.tee, ...uleb(i),
    op.brIf, 0,
    op.end,
    ...shift(acc), ...shift(acc), ...s(simd.i16x8NarrowI32x4S), ...set(n16),
    ...get(o),
    ...get(n16), ...get(n16), ...s(simd.i8x16NarrowI16x8U),
    ...s(simd.store32Lane), ...mem(0), 0,
    ...addTo(o, i32(3)),
    ...get(x), ...i32(1), op.i32Add, op.tee, ...uleb(x),
    ...get(outWidth), op.i32Ne,
    op.brIf, 0,
    op.end,
    ...get(y), ...i32(1), op.i32Add, op.tee, ...uleb(y),
    ...get(rows), op.i32Ne,
    op.brIf, 0,
    op.end,
    op.end,
  ];
}

/**
 * vpass(tmp, rowBytes, outRows, starts, weights, taps, out): for each output row y and each 16
 * bytes x of it, sum `taps` rows from tmp + starts[y] + x with weights[y·taps + i]; write 16 bytes
 * to out + y·rowBytes + x (a row's last store may spill into the next row, written after it).
 */
function verticalBody(): number[] {
  // params 0..6; locals: 7 y, 8 x, 9 p, 10 wp, 11 i, 12 base, 13 o, 14 wRow (i32);
  // 15..18 a0..a3, 19 v, 20 w, 21 half16 (v128)
  const [tmp, rowBytes, outRows, starts, weights, taps, out] = [0, 1, 2, 3, 4, 5, 6];
  const [y, x, p, wp, i, base, o, wRow] = [7, 8, 9, 10, 11, 12, 13, 14];
  const [a0, a1, a2, a3, v, w, h] = [15, 16, 17, 18, 19, 20, 21];
  return [
    ...vec([
      [8, I32],
      [7, V128],
    ]),
    ...get(out), ...set(o),
    ...get(weights), ...set(wRow),
    op.loop, 0x40,
    ...get(tmp), ...get(starts), ...get(y), ...i32(4), op.i32Mul, op.i32Add, op.i32Load, ...mem(2), op.i32Add, ...set(base),
    ...i32(0), ...set(x),
    op.loop, 0x40,
    ...halfVector(), ...set(a0),
    ...halfVector(), ...set(a1),
    ...halfVector(), ...set(a2),
    ...halfVector(), ...set(a3),
    ...get(base), ...get(x), op.i32Add, ...set(p),
    ...get(wRow), ...set(wp),
    ...get(taps), ...set(i),
    op.loop, 0x40,
    ...get(p), ...s(simd.load), ...mem(0), ...set(v),
    ...get(wp), ...s(simd.load32Splat), ...mem(2), ...set(w),
    ...get(v), ...s(simd.i16x8ExtendLowI8x16U), ...set(h),
    ...macInto(a0, [...get(h), ...s(simd.i32x4ExtendLowI16x8U)], w),
    ...macInto(a1, [...get(h), ...s(simd.i32x4ExtendHighI16x8U)], w),
    ...get(v), ...s(simd.i16x8ExtendHighI8x16U), ...set(h),
    ...macInto(a2, [...get(h), ...s(simd.i32x4ExtendLowI16x8U)], w),
    ...macInto(a3, [...get(h), ...s(simd.i32x4ExtendHighI16x8U)], w),
    ...addTo(p, get(rowBytes)),
    ...addTo(wp, i32(4)),
    ...get(i), ...i32(1), op.i32Sub, op.tee, ...uleb(i),
    op.brIf, 0,
    op.end,
    ...get(o), ...get(x), op.i32Add,
    ...shift(a0), ...shift(a1), ...s(simd.i16x8NarrowI32x4S),
    ...shift(a2), ...shift(a3), ...s(simd.i16x8NarrowI32x4S),
    ...s(simd.i8x16NarrowI16x8U),
    ...s(simd.store), ...mem(0),
    ...get(x), ...i32(16), op.i32Add, op.tee, ...uleb(x),
    ...get(rowBytes), op.i32LtS,
    op.brIf, 0,
    op.end,
    ...addTo(o, get(rowBytes)),
    ...addTo(wRow, [...get(taps), ...i32(4), op.i32Mul]),
    ...get(y), ...i32(1), op.i32Add, op.tee, ...uleb(y),
    ...get(outRows), op.i32Ne,
    op.brIf, 0,
    op.end,
    op.end,
  ];
}

function moduleBytes(): Uint8Array {
  const hType = [0x60, ...vec(Array.from({ length: 8 }, () => [I32])), 0];
  const vType = [0x60, ...vec(Array.from({ length: 7 }, () => [I32])), 0];
  const name = (t: string): number[] => [...uleb(t.length), ...Array.from(t, (c) => c.charCodeAt(0))];
  const code = (body: number[]): number[] => [...uleb(body.length), ...body];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([hType, vType])),
    ...section(3, vec([[0], [1]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([
      [...name('memory'), 0x02, 0],
      [...name('hpass'), 0x00, 0],
      [...name('vpass'), 0x00, 1],
    ])),
    ...section(10, vec([code(horizontalBody()), code(verticalBody())])),
  ]);
}

// --- running it ---------------------------------------------------------------------------------

// The runner's TypeScript lib has no WebAssembly declarations (no DOM lib): the little used here.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface WasmResampler {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  hpass: (src: number, inStride: number, rows: number, outWidth: number, starts: number, weights: number, taps: number, tmp: number) => void;
  vpass: (tmp: number, rowBytes: number, outRows: number, starts: number, weights: number, taps: number, out: number) => void;
}

let instance: WasmResampler | null | undefined;

/** The module's exports, or null where WebAssembly SIMD is unavailable (then the JS passes run). */
export function wasmResampler(): WasmResampler | null {
  if (instance === undefined) {
    try {
      const bytes = moduleBytes();
      instance = wasmApi?.validate(bytes) ? (new wasmApi.Instance(new wasmApi.Module(bytes)).exports as WasmResampler) : null;
    } catch {
      instance = null;
    }
  }
  return instance;
}

/**
 * Uniform-width windows for the passes: byte offsets of each window's first input,
 * (start − firstIndex) · bytesPerIndex, and `taps` weights per output, zero past the window.
 */
export function uniformWindows(c: Coefficients, n: number, bytesPerIndex: number, firstIndex: number): { starts: Int32Array; weights: Int32Array; taps: number } {
  const taps = c.maxCount;
  const starts = new Int32Array(n);
  const weights = new Int32Array(n * taps);
  for (let j = 0; j < n; j++) {
    starts[j] = (c.start[j]! - firstIndex) * bytesPerIndex;
    weights.set(c.weights.subarray(j * c.stride, j * c.stride + c.count[j]!), j * taps);
  }
  return { starts, weights, taps };
}
