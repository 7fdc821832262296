import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeModel } from '@transferboard/onnx-intake/graph';
import { parseProviderRequest } from './providers';
import { createSession, floatTensor, probeCuda, run, type ExecutionProvider } from './runtime';

describe('parseProviderRequest', () => {
  it('accepts the three requests and names a wrong one', () => {
    expect(['cpu', 'cuda', 'auto'].map(parseProviderRequest)).toEqual(['cpu', 'cuda', 'auto']);
    expect(() => parseProviderRequest('gpu')).toThrow("--ep must be cpu, cuda or auto (got 'gpu')");
  });
});

const RELU = encodeModel({
  name: 'relu',
  inputs: [{ name: 'x', type: 'float32', shape: [4] }],
  outputs: [{ name: 'y', type: 'float32', shape: [4] }],
  nodes: [{ op: 'Relu', inputs: ['x'], outputs: ['y'] }],
});

async function reluOn(provider: ExecutionProvider): Promise<number[]> {
  const session = await createSession(RELU, { provider });
  try {
    const out = await run(session, { x: floatTensor(Float32Array.from([-1.5, 0, 0.25, 3]), [4]) });
    return Array.from(out.y!.data as Float32Array);
  } finally {
    await session.release();
  }
}

/** Where onnxruntime-node looks for its CUDA provider (the postinstall download puts it there). */
const CUDA_PROVIDER = join(
  dirname(createRequire(import.meta.url).resolve('onnxruntime-node')),
  '..',
  'bin',
  'napi-v6',
  process.platform,
  process.arch,
  'libonnxruntime_providers_cuda.so',
);

describe('execution providers, as onnxruntime runs them', () => {
  it('the CPU provider runs a model and computes its outputs', async () => {
    expect(await reluOn('cpu')).toEqual([0, 0, 0.25, 3]);
  });

  // GPU hosts (TB_EXPECT_CUDA=1) must get CUDA; everywhere else the probe's "no" must be
  // onnxruntime's: a CUDA session really fails, and the reason names what is missing. On a CPU
  // host onnxruntime logs that failed load to stderr (one "Failed to load library" line), as
  // expected: its provider bridge logs before any session option applies.
  it('probeCuda agrees with whether onnxruntime can create a CUDA session', async () => {
    const reason = await probeCuda();
    if (process.env.TB_EXPECT_CUDA === '1') {
      expect(reason).toBeNull();
      expect(await reluOn('cuda')).toEqual([0, 0, 0.25, 3]);
      return;
    }
    expect(reason).not.toBeNull();
    if (!existsSync(CUDA_PROVIDER)) expect(reason).toBe('libonnxruntime_providers_cuda.so is not installed');
    await expect(reluOn('cuda')).rejects.toThrow(/cuda|shared library/i);
  });
});
