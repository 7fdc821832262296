import { describe, expect, it } from 'vitest';
import { parseProviderRequest } from './providers';
import { probeCuda } from './runtime';

describe('parseProviderRequest', () => {
  it('accepts the three requests and names a wrong one', () => {
    expect(['cpu', 'cuda', 'auto'].map(parseProviderRequest)).toEqual(['cpu', 'cuda', 'auto']);
    expect(() => parseProviderRequest('gpu')).toThrow("--ep must be cpu, cuda or auto (got 'gpu')");
  });
});

describe('probeCuda', () => {
  it('answers with a reason on this CPU-only install', async () => {
    // CI machines have no GPU and skip onnxruntime's CUDA download, so the probe must say why.
    const reason = await probeCuda();
    if (process.env.TB_EXPECT_CUDA === '1') expect(reason).toBeNull();
    else expect(typeof reason).toBe('string');
  });
});
