import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection between the probe's phases. V8 collects arrays held outside its heap
 * (onnxruntime-node returns every output as a fresh one, kn-buffers.ts) only after tens of MB of
 * them pile up; after the grid, its design and its runs' dead outputs would otherwise still be
 * resident while the refit's design and spectrum are made.
 *
 * Measured on Node 20: only `gc()` without options frees dead ArrayBuffers at once;
 * `gc({ type: 'minor' })` and `gc({ type: 'major' })` left them allocated. A full collection
 * costs 5–50 ms on the shared machine, so it runs between phases, not per run.
 */
let gc: (() => void) | undefined;

export function collectAllGarbage(): void {
  // Node exposes V8's collector only with --expose-gc; the flag can be set at run time, and a
  // new context then carries `gc`.
  gc ??= (globalThis as { gc?: () => void }).gc ?? exposeGc();
  gc();
}

function exposeGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
