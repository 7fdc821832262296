import { describe, expect, it } from 'vitest';
import { reevaluationsOf, type Submission } from './submissions';

type Job = Submission['jobs'][number];
const job = (kind: Job['kind'], status: Job['status']): Job => ({
  id: `${kind}-${status}`,
  kind,
  status,
  reason: kind === 'REEVALUATION' ? 'protocol linear-lbfgs v1 → v2 on 2026-12-03' : null,
  taskSlugs: kind === 'REEVALUATION' ? ['linear-dtd'] : null,
  attempt: 0,
  maxAttempts: 3,
  lastError: null,
});

describe("a submission's re-evaluations", () => {
  it('lists only re-evaluation jobs, and is active while one of them can still run', () => {
    const ended = reevaluationsOf({ jobs: [job('SUBMISSION', 'SUCCEEDED'), job('REEVALUATION', 'FAILED')] });
    expect(ended).toEqual({ jobs: [job('REEVALUATION', 'FAILED')], active: false });
    for (const status of ['QUEUED', 'LEASED', 'RUNNING'] as const)
      expect(reevaluationsOf({ jobs: [job('SUBMISSION', 'SUCCEEDED'), job('REEVALUATION', status)] }).active).toBe(
        true,
      );
    // The submission's own running job is not a re-evaluation.
    expect(reevaluationsOf({ jobs: [job('SUBMISSION', 'RUNNING')] })).toEqual({ jobs: [], active: false });
  });
});
