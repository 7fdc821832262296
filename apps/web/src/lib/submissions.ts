import { graphql } from './gql';
import type { SubmissionQuery, SubmissionStatus } from './gql/graphql';
import { gql } from './graphql';

const SUBMISSION = graphql(`
  query Submission($id: ID!) {
    submission(id: $id) {
      id status createdAt queuePosition failureReason
      model { slug name }
      events { status reason attempt at }
      progress { task { slug title } status reason failures }
      job { status attempt maxAttempts runner leaseExpiresAt lastError eta { secondsLeft basis } }
      jobs { id kind status reason taskSlugs attempt maxAttempts lastError }
    }
  }
`);

const MODEL_SUBMISSIONS = graphql(`
  query ModelSubmissions($model: String!) {
    submissions(model: $model, first: 100) { edges { node { id status createdAt } } }
  }
`);

export type Submission = NonNullable<SubmissionQuery['submission']>;

/** "2026-11-26T10:36:50.250Z" → "2026-11-26 10:36:50 UTC". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** States after which a submission no longer changes. */
export const FINAL_STATES: ReadonlySet<SubmissionStatus> = new Set<SubmissionStatus>([
  'SUCCEEDED',
  'FAILED',
  'CANCELLED',
]);

/** Why a submission failed: the API's failure reason, else the reason of its last failing event. */
export function failureOf(s: Pick<Submission, 'status' | 'failureReason' | 'events'>): string | null {
  if (s.failureReason) return s.failureReason;
  if (s.status !== 'FAILED' && s.status !== 'CANCELLED') return null;
  return [...s.events].reverse().find((e) => e.reason)?.reason ?? null;
}

/** Job states in which a job will still run. */
const ACTIVE_JOB_STATES = new Set(['QUEUED', 'LEASED', 'RUNNING']);

/** The submission's re-evaluations (stale tasks measured again), oldest first, and whether one is active. */
export function reevaluationsOf(s: Pick<Submission, 'jobs'>) {
  const jobs = s.jobs.filter((j) => j.kind === 'REEVALUATION');
  return { jobs, active: jobs.some((j) => ACTIVE_JOB_STATES.has(j.status)) };
}

export async function fetchSubmission(id: string): Promise<Submission | null> {
  return (await gql(SUBMISSION, { id })).submission;
}

/** The newest 100 submissions of one model (by slug). */
export async function fetchModelSubmissions(model: string) {
  return (await gql(MODEL_SUBMISSIONS, { model })).submissions.edges.map((e) => e.node);
}
