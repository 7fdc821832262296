import { readFileSync } from 'node:fs';
import type { Coefficients } from './filter-coefficients';

/**
 * Runs the WebAssembly SIMD passes of Pillow's resampling: their source is resample.wat, compiled
 * by wabt into the committed resample.wasm (build-resample-wasm.ts; a test fails when the two
 * differ). This module loads it once per thread and lays out the windows the passes read.
 */

// The runner's TypeScript lib has no WebAssembly declarations (no DOM lib): the little used here.
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

export interface WasmResampler {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  hpass: (
    src: number,
    inStride: number,
    rows: number,
    outWidth: number,
    starts: number,
    weights: number,
    taps: number,
    tmp: number,
  ) => void;
  vpass: (
    tmp: number,
    rowBytes: number,
    outRows: number,
    starts: number,
    weights: number,
    taps: number,
    out: number,
  ) => void;
}

let instance: WasmResampler | null | undefined;

/** The module's exports, or null where WebAssembly SIMD is unavailable (then the JS passes run). */
export function wasmResampler(): WasmResampler | null {
  if (instance === undefined) {
    // A missing file is a broken checkout and throws; only an engine without SIMD falls back.
    const bytes = readFileSync(new URL('./resample.wasm', import.meta.url));
    try {
      instance = wasmApi?.validate(bytes)
        ? (new wasmApi.Instance(new wasmApi.Module(bytes)).exports as WasmResampler)
        : null;
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
export function uniformWindows(
  c: Coefficients,
  n: number,
  bytesPerIndex: number,
  firstIndex: number,
): { starts: Int32Array; weights: Int32Array; taps: number } {
  const taps = c.maxCount;
  const starts = new Int32Array(n);
  const weights = new Int32Array(n * taps);
  for (let j = 0; j < n; j++) {
    starts[j] = (c.start[j]! - firstIndex) * bytesPerIndex;
    weights.set(c.weights.subarray(j * c.stride, j * c.stride + c.count[j]!), j * taps);
  }
  return { starts, weights, taps };
}
