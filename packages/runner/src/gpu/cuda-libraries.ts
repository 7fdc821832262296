import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * What onnxruntime's CUDA provider needs on a Linux host, and how to name what is missing.
 * onnxruntime-node 1.29 is pinned, so the provider must be the ONNX Runtime 1.29.0 build for
 * CUDA 13 and cuDNN 9 (see docs/gpu.md); its libraries' sonames follow.
 */

export const PROVIDER_LIBRARIES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'] as const;

/**
 * Sonames the ORT 1.29 CUDA 13 provider needs, with who supplies them: the first five are its
 * NEEDED entries (readelf -d), cuFFT and cuDNN are opened later by name.
 */
const CUDA_DEPENDENCIES: Record<string, string> = {
  'libcublasLt.so.13': 'CUDA 13 cuBLAS (pip nvidia-cublas / apt libcublas-13-x)',
  'libcublas.so.13': 'CUDA 13 cuBLAS (pip nvidia-cublas / apt libcublas-13-x)',
  'libcudart.so.13': 'the CUDA 13 runtime (pip nvidia-cuda-runtime / apt cuda-cudart-13-x)',
  'libcurand.so.10': 'CUDA 13 cuRAND (pip nvidia-curand / apt libcurand-13-x)',
  'libcufft.so.12': 'CUDA 13 cuFFT (pip nvidia-cufft / apt libcufft-13-x)',
  'libcudnn.so.9': 'cuDNN 9 for CUDA 13 (pip nvidia-cudnn-cu13 / apt libcudnn9-cuda-13)',
  'libcuda.so.1': 'the NVIDIA driver (no driver, or no GPU, on this host)',
  // onnxruntime-node's own installer (ONNXRUNTIME_NODE_INSTALL=cuda12) fetches the CUDA 12 build instead.
  'libcublasLt.so.12': 'CUDA 12 cuBLAS (the provider from ONNXRUNTIME_NODE_INSTALL=cuda12 is the CUDA 12 build)',
  'libcublas.so.12': 'CUDA 12 cuBLAS (the provider from ONNXRUNTIME_NODE_INSTALL=cuda12 is the CUDA 12 build)',
  'libcudart.so.12': 'the CUDA 12 runtime (the provider from ONNXRUNTIME_NODE_INSTALL=cuda12 is the CUDA 12 build)',
};

export const INSTALL_HINT =
  'see docs/gpu.md ("Installing the CUDA provider"): bash scripts/gpu/install-cuda-provider.sh, then put the CUDA 13 / cuDNN 9 library folders on LD_LIBRARY_PATH';

/** The folder onnxruntime-node loads its native libraries from (the provider must sit beside the binding). */
export function onnxruntimeBinaryDir(): string {
  const main = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch);
}

/**
 * The library named in onnxruntime's provider-load error, e.g. "Failed to load library
 * libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file".
 * The innermost (dependency) name wins: that is the one to install.
 */
export function parseMissingLibrary(message: string): string | null {
  const dep = /(lib[\w.+-]+?\.so(?:\.\d+)*):\s*cannot open shared object file/.exec(message);
  if (dep) return dep[1]!;
  const lib = /Failed to load library\s+(?:\S*\/)?(lib[\w.+-]+?\.so(?:\.\d+)*)/.exec(message);
  return lib ? lib[1]! : null;
}

/** Sonames `ldd` reports as "not found" (ldd resolves the whole tree, so deep misses show too). */
export function parseLddMissing(lddOutput: string): string[] {
  const missing: string[] = [];
  for (const line of lddOutput.split('\n')) {
    const m = /^\s*(\S+)\s+=>\s+not found/.exec(line);
    if (m && !missing.includes(m[1]!)) missing.push(m[1]!);
  }
  return missing;
}

export type LddRunner = (file: string) => Promise<string>;

const execFileAsync = promisify(execFile);
const runLdd: LddRunner = async (file) => (await execFileAsync('ldd', [file], { timeout: 10_000 })).stdout;

export interface LibraryCheck {
  /** Provider libraries absent from the binding folder. */
  providerMissing: string[];
  /** Dependencies of the CUDA provider the dynamic loader cannot find. */
  dependenciesMissing: string[];
}

/** Checks the files onnxruntime will look for, without loading them (no GPU needed). */
export async function checkCudaLibraries(dir = onnxruntimeBinaryDir(), ldd: LddRunner = runLdd): Promise<LibraryCheck> {
  const providerMissing = PROVIDER_LIBRARIES.filter((name) => !existsSync(join(dir, name)));
  const cuda = join(dir, PROVIDER_LIBRARIES[0]);
  let dependenciesMissing: string[] = [];
  if (existsSync(cuda)) {
    try {
      dependenciesMissing = parseLddMissing(await ldd(cuda));
    } catch {
      // No ldd (e.g. a minimal image): onnxruntime's own load error names the library instead.
    }
  }
  return { providerMissing, dependenciesMissing };
}

/** One sentence per missing library: what it is and where it comes from. */
export function describeMissing(names: readonly string[]): string {
  return names
    .map((n) =>
      (PROVIDER_LIBRARIES as readonly string[]).includes(n)
        ? `${n} (onnxruntime's CUDA provider, not installed beside onnxruntime-node)`
        : `${n} (${CUDA_DEPENDENCIES[n] ?? 'a CUDA library'})`,
    )
    .join(', ');
}
