import { describe, expect, it } from 'vitest';
import { ExecutionProviderError, resolveExecutionProvider, type EpProbe } from './execution-provider';

const H100 = { name: 'NVIDIA H100 80GB HBM3', driver: '580.95.05', memoryMiB: 81559 };

function probe(over: Partial<EpProbe> & { calls?: string[] } = {}): EpProbe {
  const calls = over.calls ?? [];
  return {
    checkLibraries:
      over.checkLibraries ??
      (async () => {
        calls.push('check');
        return { providerMissing: [], dependenciesMissing: [] };
      }),
    loadCuda:
      over.loadCuda ??
      (async () => {
        calls.push('load');
        return null;
      }),
    gpu:
      over.gpu ??
      (async () => {
        calls.push('gpu');
        return H100;
      }),
  };
}

describe('resolveExecutionProvider with injected probes', () => {
  it('cpu never probes CUDA', async () => {
    const calls: string[] = [];
    const r = await resolveExecutionProvider('cpu', { probe: probe({ calls }) });
    expect(r.provider).toBe('cpu');
    expect(r.provenance).toEqual({ provider: 'cpu', gpu: null, driver: null, gpuMemoryMiB: null });
    expect(calls).toEqual([]);
  });

  it('auto takes CUDA when it loads, recording GPU and driver', async () => {
    const r = await resolveExecutionProvider('auto', { probe: probe() });
    expect(r.provider).toBe('cuda');
    expect(r.reason).toContain('NVIDIA H100 80GB HBM3');
    expect(r.reason).toContain('--ep auto');
    expect(r.provenance).toEqual({ provider: 'cuda', gpu: H100.name, driver: H100.driver, gpuMemoryMiB: 81559 });
  });

  it('cuda without nvidia-smi still runs, with null provenance fields', async () => {
    const r = await resolveExecutionProvider('cuda', { probe: probe({ gpu: async () => null }) });
    expect(r.provenance).toEqual({ provider: 'cuda', gpu: null, driver: null, gpuMemoryMiB: null });
  });

  it('auto falls back to the CPU naming the missing library, without asking onnxruntime', async () => {
    const calls: string[] = [];
    const r = await resolveExecutionProvider('auto', {
      probe: probe({
        calls,
        checkLibraries: async () => ({ providerMissing: [], dependenciesMissing: ['libcudnn.so.9'] }),
      }),
    });
    expect(r.provider).toBe('cpu');
    expect(r.reason).toMatch(/CUDA unavailable: missing libcudnn\.so\.9 \(cuDNN 9/);
    expect(calls).not.toContain('load');
  });

  it('cuda fails with the library onnxruntime could not open and the fix', async () => {
    const err = await resolveExecutionProvider('cuda', {
      probe: probe({
        loadCuda: async () =>
          'Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory',
      }),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExecutionProviderError);
    expect((err as ExecutionProviderError).missing).toEqual(['libcublasLt.so.13']);
    expect((err as Error).message).toContain('scripts/gpu/install-cuda-provider.sh');
    expect((err as Error).message).toContain('CUDA 13 cuBLAS');
  });

  // What onnxruntime-node 1.29 really throws when libcublasLt.so.13 is absent (provider installed by
  // scripts/gpu/install-cuda-provider.sh on a host without CUDA): the file is only in its stderr log.
  it('explains the bare "Failed to load shared library" exception', async () => {
    const err = await resolveExecutionProvider('cuda', {
      probe: probe({
        loadCuda: async () => 'OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library',
      }),
    }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(
      /the CUDA provider or a library it needs did not load .*ldd libonnxruntime_providers_cuda\.so/,
    );
  });

  it('reports a CUDA failure that is not a missing library as it is', async () => {
    const r = await resolveExecutionProvider('auto', {
      probe: probe({ loadCuda: async () => 'CUDA failure 100: no CUDA-capable device is detected' }),
    });
    expect(r.provider).toBe('cpu');
    expect(r.reason).toContain('no CUDA-capable device is detected');
  });
});

describe('resolveExecutionProvider on this host (real probes; CI has no CUDA provider)', () => {
  it('auto picks the CPU and says the CUDA provider is not installed', async () => {
    const r = await resolveExecutionProvider('auto');
    expect(r.provider).toBe('cpu');
    expect(r.reason).toContain('libonnxruntime_providers_cuda.so');
  });

  it('cuda throws an error naming the provider library', async () => {
    await expect(resolveExecutionProvider('cuda')).rejects.toThrow(
      /libonnxruntime_providers_cuda\.so.*install-cuda-provider\.sh/,
    );
  });
});
