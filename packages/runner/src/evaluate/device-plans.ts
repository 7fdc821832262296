import { planExtraction, type ExtractionPlan } from '../gpu/device-plan';
import type { ProviderRequest } from '../onnx/providers';

/**
 * One device plan per (provider, batch size, fixed batch) for the life of the process: probing
 * CUDA (ldd, a throwaway session, nvidia-smi) once is enough, and keeps one run on one device
 * when a process evaluates task after task.
 */
const plans = new Map<string, Promise<ExtractionPlan>>();

export function planOnce(
  provider: ProviderRequest,
  batchSize: number | undefined,
  fixedBatch: number | null,
): Promise<ExtractionPlan> {
  const key = `${provider}/${batchSize ?? ''}/${fixedBatch ?? ''}`;
  let plan = plans.get(key);
  if (!plan) {
    plan = planExtraction(provider, { ...(batchSize ? { batchSize } : {}), fixedBatch });
    // A failed resolution (explicit cuda on a host without it) is not remembered: the user may fix it and retry in-process.
    plan.catch(() => plans.delete(key));
    plans.set(key, plan);
  }
  return plan;
}

/** The plan's one line for the log: provider and why, batch, decoders. */
export function describePlan(plan: ExtractionPlan): string {
  const { kind, count } = plan.decode;
  const noun = kind === 'threads' ? 'worker thread' : 'worker process';
  const decoders = `${count} ${noun}${count === 1 ? '' : kind === 'threads' ? 's' : 'es'}`;
  return `${plan.reason}; batch ${plan.batchSize}; decoding on ${decoders}`;
}
