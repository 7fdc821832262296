import { describe, expect, it } from 'vitest';
import { parseNvidiaSmi, queryGpu } from './gpu-info';

describe('parseNvidiaSmi', () => {
  it('reads name, driver and memory per GPU', () => {
    const csv = 'NVIDIA H100 80GB HBM3, 580.95.05, 81559\nNVIDIA H100 80GB HBM3, 580.95.05, 81559\n';
    expect(parseNvidiaSmi(csv)).toEqual([
      { name: 'NVIDIA H100 80GB HBM3', driver: '580.95.05', memoryMiB: 81559 },
      { name: 'NVIDIA H100 80GB HBM3', driver: '580.95.05', memoryMiB: 81559 },
    ]);
  });

  it('keeps a GPU whose memory is not reported', () => {
    expect(parseNvidiaSmi('NVIDIA GB10, 580.1, [N/A]')).toEqual([
      { name: 'NVIDIA GB10', driver: '580.1', memoryMiB: null },
    ]);
  });

  it('ignores error text', () => {
    expect(parseNvidiaSmi("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")).toEqual([]);
  });
});

describe('queryGpu', () => {
  it('is null when nvidia-smi cannot run', async () => {
    expect(
      await queryGpu(async () => {
        throw Object.assign(new Error('spawn nvidia-smi ENOENT'), { code: 'ENOENT' });
      }),
    ).toBeNull();
  });

  it('asks nvidia-smi for name, driver and memory as CSV', async () => {
    let args: string[] = [];
    const gpu = await queryGpu(async (cmd, a) => {
      args = [cmd, ...a];
      return 'NVIDIA H100 80GB HBM3, 580.95.05, 81559\n';
    });
    expect(args).toEqual([
      'nvidia-smi',
      '--query-gpu=name,driver_version,memory.total',
      '--format=csv,noheader,nounits',
    ]);
    expect(gpu).toEqual({ name: 'NVIDIA H100 80GB HBM3', driver: '580.95.05', memoryMiB: 81559 });
  });
});
