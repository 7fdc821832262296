import { availableParallelism } from 'node:os';
import type { ProviderRequest } from '../onnx/providers';
import { chooseBatchSize } from './batch-size';
import { realProbe, resolveExecutionProvider, type EpProbe, type ResolvedProvider } from './execution-provider';

/**
 * One call for the feature pipeline: which provider, how many images per batch, and how to
 * decode. On the CPU, decoding competes with onnxruntime for the same cores, so a few worker
 * threads suffice; on a GPU the cores have nothing else to do and the GPU consumes images faster
 * than all of them can decode, so every core but the one feeding the GPU decodes, in processes
 * (threads of one process share a 4-thread libuv pool: see docs/gpu.md).
 */

interface DecodePlan {
  kind: 'threads' | 'processes';
  count: number;
}

export interface ExtractionPlan extends ResolvedProvider {
  batchSize: number;
  decode: DecodePlan;
}

export interface PlanOptions {
  probe?: EpProbe;
  /** A batch size the user asked for; otherwise chosen for the device. */
  batchSize?: number;
  /** The model's fixed batch dimension, if any. */
  fixedBatch?: number | null;
  cores?: number;
}

export async function planExtraction(requested: ProviderRequest, opts: PlanOptions = {}): Promise<ExtractionPlan> {
  const resolved = await resolveExecutionProvider(requested, { probe: opts.probe ?? realProbe });
  const cores = opts.cores ?? availableParallelism();
  const batchSize =
    opts.fixedBatch ??
    opts.batchSize ??
    chooseBatchSize({ provider: resolved.provider, gpuMemoryMiB: resolved.provenance.gpuMemoryMiB });
  const decode: DecodePlan =
    resolved.provider === 'cuda'
      ? { kind: 'processes', count: Math.max(1, cores - 1) }
      : { kind: 'threads', count: Math.min(4, Math.max(1, cores - 1)) };
  return { ...resolved, batchSize, decode };
}
