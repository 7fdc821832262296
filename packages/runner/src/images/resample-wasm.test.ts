import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileResampleWat, RESAMPLE_WASM } from './build-resample-wasm';
import { wasmResampler } from './resample-wasm';

describe('the resampling WebAssembly module', () => {
  it('is what resample.wat compiles to (run `npm run build:wasm -w @transferboard/runner` after editing the .wat)', async () => {
    const committed = new Uint8Array(readFileSync(RESAMPLE_WASM));
    const compiled = await compileResampleWat();
    expect(
      Buffer.from(committed).equals(Buffer.from(compiled)),
      'resample.wasm is stale: rebuild it from resample.wat',
    ).toBe(true);
  });

  it('loads on this Node with its two passes and memory', () => {
    const wasm = wasmResampler();
    expect(wasm).not.toBeNull();
    expect(typeof wasm!.hpass).toBe('function');
    expect(typeof wasm!.vpass).toBe('function');
    expect(wasm!.memory.buffer.byteLength).toBeGreaterThanOrEqual(65536);
  });
});
