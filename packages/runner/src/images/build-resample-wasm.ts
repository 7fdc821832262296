import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import wabt from 'wabt';

/**
 * resample.wat → resample.wasm with wabt (the WebAssembly Binary Toolkit, compiled to JS). The
 * .wasm is committed, so running the runner needs no toolchain; resample-wasm.test.ts compiles
 * the .wat again and fails while the two differ. Rebuild after editing the .wat:
 *   npm run build:wasm -w @transferboard/runner
 */

export const RESAMPLE_WAT = fileURLToPath(new URL('./resample.wat', import.meta.url));
export const RESAMPLE_WASM = fileURLToPath(new URL('./resample.wasm', import.meta.url));

export async function compileResampleWat(): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat('resample.wat', readFileSync(RESAMPLE_WAT, 'utf8'), { simd: true });
  try {
    module.validate();
    return module.toBinary({ write_debug_names: false }).buffer;
  } finally {
    module.destroy();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const bytes = await compileResampleWat();
  writeFileSync(RESAMPLE_WASM, bytes);
  process.stdout.write(`${RESAMPLE_WASM}: ${bytes.length} bytes\n`);
}
