import {
  deviceName,
  peakRssMiB,
  processGpuMemoryMiB,
  summarizeThroughput,
  type TaskThroughput,
} from '../features/throughput';
import type { ExtractionPlan } from '../gpu/device-plan';
import type { SplitFeatureStore } from './split-features';

/** The device a run's throughput is reported on: the plan's GPU, or this host's CPU and the threads used. */
export function taskDevice(plan: ExtractionPlan, threads: number | undefined): string {
  return deviceName(plan.provider, plan.provenance.gpu, threads);
}

/**
 * What the task just evaluated cost to extract: its fresh extractions (from the store, drained)
 * timed as a whole, with the memory seen at their end. Null when the cache served every feature.
 */
export async function measureTask(
  store: SplitFeatureStore,
  device: string,
  provider: ExtractionPlan['provider'],
): Promise<TaskThroughput | null> {
  const extractions = store.drainExtractions();
  if (!extractions.some((e) => !e.fromCache && e.extracted > 0)) return null;
  const peakGpuMemoryMiB = provider === 'cuda' ? await processGpuMemoryMiB() : null;
  return summarizeThroughput(extractions, device, { peakMemoryMiB: peakRssMiB(), peakGpuMemoryMiB });
}
