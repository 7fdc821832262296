import { cpus } from 'node:os';
import { decisionGraph } from '../linalg/logistic-graphs';
import { createSession, OrtTensor } from '../onnx/runtime';
import type { HostRates } from './eta';

/**
 * The host's rates for the cost model (eta.ts), measured in well under a second before a run:
 * float32 products through onnxruntime (the linear probe's decision graph, 4,096 × 512 × 100,
 * timed over a few runs after a warm-up), from which a prior for images per second follows with
 * the model's GFLOPs per image. The prior is replaced by the measured rate once a task extracts.
 */

/** Convolutions run faster than the probe's tall products: ResNet-50 at 14–20 img/s on a 95 GFLOP/s host (ENVIRONMENT.md). */
const CONV_RATE_FACTOR = 1.5;
/** sharp's JPEG → 224² tensor per image and core (ENVIRONMENT.md: ≈ 7 ms). */
const DECODE_SECONDS = 0.007;
const N = 4096;
const D = 512;
const K = 100;
const RUNS = 4;

/** GFLOP/s of onnxruntime's float32 products on this host with `threads` (0: all cores). */
export async function measureGflops(threads = 0): Promise<number> {
  const session = await createSession(decisionGraph(K, D), { intraOpThreads: threads });
  try {
    const x = new Float32Array(N * D);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 2654435761) % 1000) / 1000 - 0.5;
    const params = new Float64Array(K * D + K).fill(0.01);
    const feeds = { X: new OrtTensor('float32', x, [N, D]), x: new OrtTensor('float64', params, [params.length]) };
    await session.run(feeds);
    // The fastest run: on a shared host the others measure the neighbours, not the cores.
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      await session.run(feeds);
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    return (2 * N * D * K) / best / 1e9;
  } finally {
    await session.release();
  }
}

/** Images per second a model of `gflopsPerImage` can be expected to reach: backbone and decoding. */
export function priorImagesPerSecond(gflopsPerImage: number | null, gflops: number, cores = cpus().length): number {
  const forward = (gflopsPerImage ?? 0) / (gflops * CONV_RATE_FACTOR);
  return 1 / (forward + DECODE_SECONDS / Math.max(1, cores));
}

/** The host's rates for a model of `gflopsPerImage`, measured now. */
export async function calibrateHost(gflopsPerImage: number | null, threads = 0): Promise<HostRates> {
  const gflops = await measureGflops(threads);
  const imagesPerSecond = priorImagesPerSecond(gflopsPerImage, gflops);
  return {
    gflops,
    imagesPerSecond,
    basis:
      `calibrated: ${gflops.toFixed(0)} GFLOP/s, ` +
      `${imagesPerSecond.toFixed(0)} img/s expected from the model's ${(gflopsPerImage ?? 0).toFixed(2)} GFLOPs per image`,
  };
}
