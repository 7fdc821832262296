import type { ProviderRequest } from '../onnx/providers';
import { probeCuda, type ExecutionProvider } from '../onnx/runtime';
import {
  checkCudaLibraries,
  describeMissing,
  INSTALL_HINT,
  parseMissingLibrary,
  PROVIDER_LIBRARIES,
  type LibraryCheck,
} from './cuda-libraries';
import { queryGpu, type GpuInfo } from './gpu-info';

/**
 * `--ep cpu|cuda|auto` as a library. cpu never touches CUDA; cuda fails loudly (naming the
 * missing library and the fix) rather than silently running 30× slower on the CPU; auto takes
 * CUDA when its libraries load, else the CPU, and says which and why. The probes are injected so
 * the decision logic is tested on CPU-only CI; the defaults are the real checks.
 */

export interface EpProbe {
  /** Files onnxruntime will need, checked without loading them (quiet on CPU hosts). */
  checkLibraries(): Promise<LibraryCheck>;
  /** Create a throwaway CUDA session: null when it works, else onnxruntime's error message. */
  loadCuda(): Promise<string | null>;
  /** The GPU, for provenance; null without nvidia-smi. */
  gpu(): Promise<GpuInfo | null>;
}

/** Recorded with every measured result so a number can be traced to the device that produced it. */
export interface ProviderProvenance {
  provider: ExecutionProvider;
  gpu: string | null;
  driver: string | null;
  gpuMemoryMiB: number | null;
}

export interface ResolvedProvider {
  provider: ExecutionProvider;
  /** One line for the log: which provider and why. */
  reason: string;
  provenance: ProviderProvenance;
}

export class ExecutionProviderError extends Error {
  constructor(
    readonly missing: string[],
    message: string,
  ) {
    super(message);
    this.name = 'ExecutionProviderError';
  }
}

export const realProbe: EpProbe = {
  checkLibraries: () => checkCudaLibraries(),
  loadCuda: probeCuda,
  gpu: () => queryGpu(),
};

const CPU_PROVENANCE: ProviderProvenance = { provider: 'cpu', gpu: null, driver: null, gpuMemoryMiB: null };

export async function resolveExecutionProvider(
  requested: ProviderRequest,
  { probe = realProbe }: { probe?: EpProbe } = {},
): Promise<ResolvedProvider> {
  if (requested === 'cpu')
    return { provider: 'cpu', reason: 'execution provider: CPU (--ep cpu)', provenance: CPU_PROVENANCE };
  const failure = await cudaFailure(probe);
  if (failure) {
    if (requested === 'cuda') {
      throw new ExecutionProviderError(
        failure.missing,
        `--ep cuda: the CUDA execution provider cannot be used: ${failure.why}. To fix: ${INSTALL_HINT}; or run with --ep cpu (or --ep auto to fall back).`,
      );
    }
    return {
      provider: 'cpu',
      reason: `execution provider: CPU (--ep auto: CUDA unavailable: ${failure.why})`,
      provenance: CPU_PROVENANCE,
    };
  }
  const gpu = await probe.gpu();
  const on = gpu ? ` on ${gpu.name} (driver ${gpu.driver})` : '';
  return {
    provider: 'cuda',
    reason: `execution provider: CUDA${on}${requested === 'auto' ? ' (--ep auto: the CUDA provider loaded)' : ''}`,
    provenance: {
      provider: 'cuda',
      gpu: gpu?.name ?? null,
      driver: gpu?.driver ?? null,
      gpuMemoryMiB: gpu?.memoryMiB ?? null,
    },
  };
}

async function cudaFailure(probe: EpProbe): Promise<{ why: string; missing: string[] } | null> {
  const libs = await probe.checkLibraries();
  const missing = [...libs.providerMissing, ...libs.dependenciesMissing];
  // Found missing files up front: report them without asking onnxruntime, which prints its own load error.
  if (missing.length) return { why: `missing ${describeMissing(missing)}`, missing };
  const error = await probe.loadCuda();
  if (error === null) return null;
  const lib = parseMissingLibrary(error);
  if (lib && !error.includes('no CUDA provider'))
    return { why: `missing ${describeMissing([lib])} (onnxruntime: ${error})`, missing: [lib] };
  // onnxruntime-node's exception only says "Failed to load shared library"; the file is named in
  // the log line onnxruntime prints to stderr just before it.
  if (/Failed to load shared library/i.test(error)) {
    return {
      why: `the CUDA provider or a library it needs did not load (onnxruntime: ${error}; its log line above names the file; \`ldd ${PROVIDER_LIBRARIES[0]}\` in onnxruntime-node's bin folder lists what is missing)`,
      missing: [],
    };
  }
  return { why: `onnxruntime could not create a CUDA session (${error})`, missing: [] };
}
