import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { countWork } from '../progress/work-counters';

/**
 * The one module that imports onnxruntime-node. Everything else in the runner goes through
 * these helpers, so the execution-provider choice, threading and error wording live in one place.
 */

export type ExecutionProvider = 'cpu' | 'cuda';

export interface SessionOptions {
  provider?: ExecutionProvider;
  /** Threads for one operator; 0 lets onnxruntime use every core. */
  intraOpThreads?: number;
  graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Let idle intra-op threads spin (onnxruntime's default). Spinning threads on oversubscribed
   * cores starve the others; the probes' long-running graphs turn it off. */
  allowSpinning?: boolean;
  /** onnxruntime's CPU memory arena (its default): freed blocks stay with the session for reuse,
   * so a session's footprint is its largest run's. Off, they go back to the allocator. */
  memoryArena?: boolean;
}

export type Session = ort.InferenceSession;
export type Tensor = ort.Tensor;
export const { Tensor: OrtTensor } = ort;

export function onnxruntimeVersion(): string {
  return ort.env.versions?.common ?? 'unknown';
}

export async function createSession(model: string | Uint8Array, opts: SessionOptions = {}): Promise<Session> {
  const options: ort.InferenceSession.SessionOptions = {
    executionProviders: [opts.provider ?? 'cpu'],
    graphOptimizationLevel: opts.graphOptimization ?? 'all',
    intraOpNumThreads: opts.intraOpThreads ?? 0,
    interOpNumThreads: 1,
    ...(opts.memoryArena === false ? { enableCpuMemArena: false } : {}),
    ...(opts.allowSpinning === false ? { extra: { session: { intra_op: { allow_spinning: '0' } } } } : {}),
  };
  const session =
    typeof model === 'string'
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  return countingRuns(session);
}

/** Every finished run is progress (src/progress/work-counters.ts): forward passes and probe steps alike. */
function countingRuns(session: Session): Session {
  const run = session.run.bind(session) as (...args: unknown[]) => Promise<ort.InferenceSession.ReturnType>;
  session.run = (async (...args: unknown[]) => {
    const out = await run(...args);
    countWork('steps');
    return out;
  }) as Session['run'];
  return session;
}

export function floatTensor(data: Float32Array, dims: readonly number[]): Tensor {
  return new ort.Tensor('float32', data, dims);
}

/** `outputs`: the names to fetch, or every output's name with a tensor of the caller's that
 * onnxruntime writes into (no fresh array per run) or null (a fresh one). */
export async function run(
  session: Session,
  feeds: Record<string, Tensor>,
  outputs?: string[] | Record<string, Tensor | null>,
) {
  return outputs ? session.run(feeds, outputs) : session.run(feeds);
}

/**
 * Whether a session can be created on the CUDA execution provider: null when it can, else the
 * reason. A throwaway one-node model keeps the check cheap.
 */
export async function probeCuda(): Promise<string | null> {
  const bundled = ort.listSupportedBackends?.().find((b) => b.name === 'cuda');
  if (!bundled) return 'this onnxruntime-node build has no CUDA provider';
  const library = cudaProviderLibrary();
  // Asking onnxruntime when the library is absent makes it print a loud load error to stderr.
  if (library && !existsSync(library)) return `${basename(library)} is not installed`;
  try {
    const { encodeModel } = await import('@transferboard/onnx-intake/graph');
    const bytes = encodeModel({
      name: 'cuda-probe',
      inputs: [{ name: 'x', type: 'float32', shape: [1] }],
      outputs: [{ name: 'y', type: 'float32', shape: [1] }],
      nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
    });
    // Severity 4 (fatal only): the failed provider load is the expected answer on CPU hosts, not news.
    await ort.InferenceSession.create(bytes, { executionProviders: ['cuda'], logSeverityLevel: 4 });
    return null;
  } catch (err) {
    return (err as Error).message.split('\n')[0]?.slice(0, 200) ?? 'session creation failed';
  }
}

function cudaProviderLibrary(): string | null {
  if (process.platform !== 'linux') return null;
  const main = createRequire(import.meta.url).resolve('onnxruntime-node');
  return join(dirname(main), '..', 'bin', 'napi-v6', 'linux', process.arch, 'libonnxruntime_providers_cuda.so');
}
