import { execFile } from 'node:child_process';

/** The GPU a result was measured on, as provenance: read from nvidia-smi, null where there is none. */
export interface GpuInfo {
  name: string;
  driver: string;
  memoryMiB: number | null;
}

export type CommandRunner = (cmd: string, args: string[]) => Promise<string>;

const runCommand: CommandRunner = (cmd, args) =>
  new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });

const QUERY = ['--query-gpu=name,driver_version,memory.total', '--format=csv,noheader,nounits'];

/** One GpuInfo per line of `nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader,nounits`. */
export function parseNvidiaSmi(csv: string): GpuInfo[] {
  return csv
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((line) => {
      const [name = '', driver = '', memory = ''] = line.split(',').map((s) => s.trim());
      const mib = Number.parseInt(memory, 10);
      return { name, driver, memoryMiB: Number.isFinite(mib) ? mib : null };
    })
    .filter((g) => g.name !== '' && g.driver !== '');
}

/** The first GPU (onnxruntime-node only ever passes deviceId 0), or null without nvidia-smi or GPU. */
export async function queryGpu(run: CommandRunner = runCommand): Promise<GpuInfo | null> {
  try {
    return parseNvidiaSmi(await run('nvidia-smi', QUERY))[0] ?? null;
  } catch {
    return null;
  }
}
