/**
 * Work this process has done, counted where it happens: images through the backbone (feature
 * extraction) and onnxruntime runs finished (every forward pass and every loss/gradient step of
 * the probes). Both only grow. The queue worker sends their sum with each heartbeat as the job's
 * progress mark; the API takes back a job whose mark stops growing (a stall: a hung read, a
 * deadlock, a loop that computes nothing). Cheap enough to count unconditionally.
 */
const counts = { images: 0, steps: 0 };

export type WorkKind = keyof typeof counts;

export function countWork(kind: WorkKind, n = 1): void {
  counts[kind] += n;
}

export function workCounts(): Readonly<Record<WorkKind, number>> {
  return { ...counts };
}
