import { cpus } from 'node:os';
import { runCommand, type CommandRunner } from '../gpu/gpu-info';
import type { ExecutionProvider } from '../onnx/runtime';
import type { ExtractResult } from './extract';

/**
 * What extracting a task's features cost, as the runner reports it (`reportThroughput`, shown as
 * Model.cost): wall-clock images per second over the whole extraction of the task's splits,
 * decoding included, and the peak memory seen. Only images actually run through the model count:
 * features served from the cache cost nothing and are left out, so a task whose splits all came
 * from the cache has no measurement.
 */
export interface TaskThroughput {
  /** CPU model and threads, or the GPU's name. */
  device: string;
  provider: ExecutionProvider;
  precision: 'fp32' | 'fp16';
  batchSize: number;
  images: number;
  /** Σ of each extraction's wall clock: model session start, decoding and forward passes. */
  seconds: number;
  /** Peak resident set of the runner process up to the end of the extraction (decoder child processes not included). */
  peakMemoryMiB: number;
  /** The runner process's accelerator memory at the end (onnxruntime's arena keeps its high-water mark); null on the CPU. */
  peakGpuMemoryMiB: number | null;
}

export type Extraction = Pick<
  ExtractResult,
  'extracted' | 'seconds' | 'fromCache' | 'batchSize' | 'provider' | 'precision'
>;

/** The fresh extractions of one task summed; null when none ran a single image through the model. */
export function summarizeThroughput(
  extractions: readonly (Extraction | null)[],
  device: string,
  memory: { peakMemoryMiB: number; peakGpuMemoryMiB: number | null },
): TaskThroughput | null {
  const fresh = extractions.filter(
    (e): e is Extraction => e !== null && !e.fromCache && e.extracted > 0 && e.seconds > 0 && e.batchSize !== null,
  );
  const first = fresh[0];
  if (!first) return null;
  return {
    device,
    provider: first.provider,
    precision: first.precision,
    batchSize: first.batchSize!,
    images: fresh.reduce((a, e) => a + e.extracted, 0),
    seconds: fresh.reduce((a, e) => a + e.seconds, 0),
    ...memory,
  };
}

/** The device as users compare it: the CPU's model and the threads onnxruntime used, or the GPU's name. */
export function deviceName(provider: ExecutionProvider, gpuName: string | null, threads?: number): string {
  if (provider === 'cuda') return gpuName ?? 'CUDA GPU (unnamed: nvidia-smi did not answer)';
  const cores = cpus();
  const model = (cores[0]?.model ?? 'unknown CPU').replace(/\s+/g, ' ').trim();
  return `${model} (${threads && threads > 0 ? threads : cores.length} threads)`;
}

/** Peak resident set of this process so far, MiB (getrusage's ru_maxrss). */
export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** This process's GPU memory in MiB from `nvidia-smi --query-compute-apps`; null without it or without a context. */
export async function processGpuMemoryMiB(pid = process.pid, run: CommandRunner = runCommand): Promise<number | null> {
  try {
    const csv = await run('nvidia-smi', ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits']);
    return parseComputeApps(csv, pid);
  } catch {
    return null;
  }
}

export function parseComputeApps(csv: string, pid: number): number | null {
  for (const line of csv.split('\n')) {
    const [p, used] = line.split(',').map((s) => s.trim());
    if (Number(p) === pid && Number.isFinite(Number.parseInt(used ?? '', 10))) return Number.parseInt(used!, 10);
  }
  return null;
}
