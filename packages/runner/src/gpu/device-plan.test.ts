import { describe, expect, it } from 'vitest';
import { planExtraction } from './device-plan';
import type { EpProbe } from './execution-provider';

const gpu: EpProbe = {
  checkLibraries: async () => ({ providerMissing: [], dependenciesMissing: [] }),
  loadCuda: async () => null,
  gpu: async () => ({ name: 'NVIDIA H100 80GB HBM3', driver: '580.95.05', memoryMiB: 81559 }),
};
const noGpu: EpProbe = {
  ...gpu,
  checkLibraries: async () => ({ providerMissing: ['libonnxruntime_providers_cuda.so'], dependenciesMissing: [] }),
};

describe('planExtraction', () => {
  it('on a GPU host: CUDA, a batch sized by memory, every core but one decoding in processes', async () => {
    const plan = await planExtraction('auto', { probe: gpu, cores: 16 });
    expect(plan).toMatchObject({ provider: 'cuda', batchSize: 256, decode: { kind: 'processes', count: 15 } });
  });

  it('on a CPU host: a small batch and a few decoder threads', async () => {
    const plan = await planExtraction('auto', { probe: noGpu, cores: 16 });
    expect(plan).toMatchObject({ provider: 'cpu', batchSize: 16, decode: { kind: 'threads', count: 4 } });
  });

  it("keeps a batch size the user chose, and a model's fixed batch over both", async () => {
    expect((await planExtraction('cuda', { probe: gpu, batchSize: 48 })).batchSize).toBe(48);
    expect((await planExtraction('cuda', { probe: gpu, batchSize: 48, fixedBatch: 1 })).batchSize).toBe(1);
  });
});
