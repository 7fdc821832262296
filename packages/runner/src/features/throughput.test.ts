import { describe, expect, it } from 'vitest';
import { deviceName, parseComputeApps, peakRssMiB, summarizeThroughput, type Extraction } from './throughput';

const run = (o: Partial<Extraction>): Extraction => ({
  extracted: 100,
  seconds: 2,
  fromCache: false,
  batchSize: 32,
  provider: 'cpu',
  precision: 'fp32',
  ...o,
});
const memory = { peakMemoryMiB: 512, peakGpuMemoryMiB: null };

describe('summarizeThroughput', () => {
  it('sums the images and wall-clock seconds of every fresh extraction of the task', () => {
    const t = summarizeThroughput([run({}), run({ extracted: 50, seconds: 0.5 }), null], 'CPU X (2 threads)', memory);
    expect(t).toEqual({
      device: 'CPU X (2 threads)',
      provider: 'cpu',
      precision: 'fp32',
      batchSize: 32,
      images: 150,
      seconds: 2.5,
      peakMemoryMiB: 512,
      peakGpuMemoryMiB: null,
    });
  });

  it('leaves out what the cache served, and has nothing to say when everything was cached', () => {
    expect(
      summarizeThroughput([run({ fromCache: true, batchSize: null }), run({ extracted: 10, seconds: 1 })], 'd', memory)
        ?.images,
    ).toBe(10);
    expect(summarizeThroughput([run({ fromCache: true }), run({ extracted: 0 })], 'd', memory)).toBeNull();
    expect(summarizeThroughput([], 'd', memory)).toBeNull();
  });
});

describe('device and memory', () => {
  it('names the CPU with its threads, a GPU by its name', () => {
    expect(deviceName('cpu', null, 2)).toMatch(/ \(2 threads\)$/);
    expect(deviceName('cuda', 'NVIDIA H200')).toBe('NVIDIA H200');
  });

  it("reads this process's GPU memory from nvidia-smi's compute apps, and its own peak RSS", () => {
    expect(parseComputeApps('123, 900\n456, 2048\n', 456)).toBe(2048);
    expect(parseComputeApps('123, 900\n', 456)).toBeNull();
    expect(peakRssMiB()).toBeGreaterThan(10);
  });
});
