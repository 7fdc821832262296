import type { ExecutionProvider } from './runtime';

/**
 * Execution-provider choice. CUDA needs onnxruntime's CUDA provider library and a GPU, neither
 * of which a CPU host has; the probe that finds out is injected so this logic is testable
 * anywhere (runtime.ts supplies the real one).
 */

export type ProviderRequest = 'cpu' | 'cuda' | 'auto';

export interface ProviderChoice {
  provider: ExecutionProvider;
  /** Set when the user should know what happened (a fallback, or auto picking CUDA). */
  message: string | null;
}

/** Resolves to null when CUDA works, or to the reason it does not. */
export type CudaProbe = () => Promise<string | null>;

export async function chooseProvider(request: ProviderRequest, probeCuda: CudaProbe): Promise<ProviderChoice> {
  if (request === 'cpu') return { provider: 'cpu', message: null };
  const problem = await probeCuda();
  if (problem === null) {
    return { provider: 'cuda', message: request === 'auto' ? 'execution provider: CUDA (found by --ep auto)' : null };
  }
  const why = `CUDA is not usable here (${problem})`;
  return request === 'cuda'
    ? { provider: 'cpu', message: `--ep cuda: ${why}; falling back to the CPU. On a GPU host, install onnxruntime-node without ONNXRUNTIME_NODE_INSTALL=skip so its CUDA libraries are downloaded (see docs/runner.md).` }
    : { provider: 'cpu', message: `execution provider: CPU (--ep auto: ${why})` };
}

export function parseProviderRequest(value: string): ProviderRequest {
  if (value === 'cpu' || value === 'cuda' || value === 'auto') return value;
  throw new Error(`--ep must be cpu, cuda or auto (got '${value}')`);
}
