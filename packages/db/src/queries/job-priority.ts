/**
 * Job priorities: claimJob takes the highest first, then the oldest. A new submission goes before
 * any re-evaluation of a stale result, so a version bump that queues a re-run for every model
 * never delays someone waiting for their first numbers.
 */
export const JOB_PRIORITY = { SUBMISSION: 100, REEVALUATION: 0 } as const;
