import { describe, expect, it } from 'vitest';
import { collectAllGarbage } from './collect-garbage';

const MB = 1e6;

/** Allocates `mb` MB of arrays in a frame of its own (as a run's outputs are made) and drops them
 * on return; the bytes held then. */
function allocateAndDrop(mb: number): number {
  const junk = Array.from({ length: mb / 8 }, () => new Float64Array(MB).fill(1));
  return junk.length > 0 ? process.memoryUsage().arrayBuffers : 0;
}

describe('collectAllGarbage', () => {
  it('frees dropped arrays', async () => {
    collectAllGarbage();
    const held = allocateAndDrop(64);
    collectAllGarbage();
    // The backing stores are released by V8's sweeper, right after the collection.
    await new Promise((r) => setTimeout(r, 50));
    expect(held - process.memoryUsage().arrayBuffers).toBeGreaterThan(60 * MB);
  });
});
