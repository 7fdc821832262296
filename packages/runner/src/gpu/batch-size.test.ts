import { describe, expect, it } from 'vitest';
import { chooseBatchSize, CPU_BATCH, GPU_DEFAULT_BATCH } from './batch-size';

describe('chooseBatchSize', () => {
  it('keeps CPU batches small', () => {
    expect(chooseBatchSize({ provider: 'cpu', gpuMemoryMiB: 81559 })).toBe(CPU_BATCH);
  });

  it('grows with GPU memory up to the cap', () => {
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: 81559 })).toBe(256);
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: 8192 })).toBe(64);
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: 2048 })).toBe(16);
  });

  it('shrinks for larger inputs', () => {
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: 8192, imageSize: 448 })).toBe(16);
  });

  it('obeys a fixed model batch and a missing memory reading', () => {
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: 81559, fixedBatch: 1 })).toBe(1);
    expect(chooseBatchSize({ provider: 'cuda', gpuMemoryMiB: null })).toBe(GPU_DEFAULT_BATCH);
  });
});
