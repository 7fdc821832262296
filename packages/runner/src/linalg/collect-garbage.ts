import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Explicit garbage collection for the probe's large arrays. onnxruntime-node returns every
 * output as a fresh JavaScript array (even where it wrote into a preallocated one: kn-buffers.ts),
 * and V8 collects arrays held outside its heap only after tens of MB of them pile up: at
 * 30,000 × 101 logits that was 100–200 MB of dead k × n arrays (docs/protocols.md, "Memory").
 * A young-generation collection frees them while they are still young, in well under a
 * millisecond; a full one releases what a phase leaves (the grid's design before the refit).
 */
type Gc = (options?: { type: 'major' | 'minor' }) => void;

let gc: Gc | undefined;

function collector(): Gc {
  // Node exposes V8's collector only with --expose-gc; the flag can be set at run time, and a
  // new context then carries `gc`.
  gc ??= (globalThis as { gc?: Gc }).gc ?? exposeGc();
  return gc;
}

function exposeGc(): Gc {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as Gc;
}

/** Frees the dead arrays of the last few runs (a scavenge). */
export function collectYoungGarbage(): void {
  collector()({ type: 'minor' });
}

/** Frees everything unreachable (a full collection, a few ms): between phases, not per run. */
export function collectAllGarbage(): void {
  collector()({ type: 'major' });
}
