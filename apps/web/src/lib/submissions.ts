import { gql } from './graphql';
import type { SchemaFeatures } from './schema-features';

export interface SubmissionEvent { status: string; reason: string | null; attempt: number | null; at: string }

export interface Submission {
  id: string;
  status: string;
  createdAt?: string | null;
  queuePosition?: number | null;
  failureReason?: string | null;
  model: { slug: string; name: string } | null;
  events?: SubmissionEvent[];
  progress?: { task: { slug: string; title?: string }; status: string; reason?: string | null; failures?: number }[];
  job?: { status: string; attempt: number; maxAttempts: number; runner: string | null; leaseExpiresAt: string | null; lastError: string | null } | null;
}

/** "2026-11-26T10:36:50.250Z" → "2026-11-26 10:36:50 UTC". */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Why a submission failed: the API's failure reason, else the reason of its last failing event. */
export function failureOf(s: Pick<Submission, 'status' | 'failureReason' | 'events'>): string | null {
  if (s.failureReason) return s.failureReason;
  if (!/^(FAILED|CANCELL?ED|REJECTED)$/i.test(s.status)) return null;
  return [...(s.events ?? [])].reverse().find((e) => e.reason)?.reason ?? null;
}

/**
 * Fields of Submission beyond `id status model`, each queried only when the API serves it (the
 * submission API is being built alongside this page).
 */
const OPTIONAL_FIELDS: Record<string, string> = {
  createdAt: 'createdAt',
  queuePosition: 'queuePosition',
  failureReason: 'failureReason',
  events: 'events { status reason attempt at }',
  progress: 'progress { task { slug title } status }',
  // Why a task failed or was not run (an older API lacks it).
  progressReason: 'progress { reason failures }',
  job: 'job { status attempt maxAttempts runner leaseExpiresAt lastError }',
};

/** Selections above that also need a field of another type: [type, field]. */
const NESTED_FIELDS: Record<string, [string, string]> = { progressReason: ['TaskProgress', 'reason'] };

export function submissionSelection(features: SchemaFeatures): string {
  const extra = Object.entries(OPTIONAL_FIELDS)
    .filter(([field]) => {
      const nested = NESTED_FIELDS[field];
      return nested ? features.has('Submission', 'progress') && features.has(nested[0], nested[1]) : features.has('Submission', field);
    })
    .map(([, selection]) => selection);
  return ['id status model { slug name }', ...extra].join('\n');
}

export async function fetchSubmission(features: SchemaFeatures, id: string): Promise<Submission | null> {
  const data = await gql<{ submission: Submission | null }>(`query Submission($id: ID!) { submission(id: $id) { ${submissionSelection(features)} } }`, { id });
  return data.submission;
}

/** The newest 100 submissions, or the newest 100 of one model (by slug) where the API filters by model. */
export async function fetchSubmissions(features: SchemaFeatures, model?: string): Promise<Submission[]> {
  const args = features.args('Query', 'submissions');
  const byModel = model !== undefined && args.includes('model');
  const params = [...(args.includes('first') ? ['first: 100'] : []), ...(byModel ? ['model: $model'] : [])];
  const data = await gql<{ submissions: Submission[] | { edges: { node: Submission }[] } }>(
    `query Submissions${byModel ? '($model: String)' : ''} { submissions${params.length ? `(${params.join(', ')})` : ''} { ${isConnection(features) ? `edges { node { ${submissionSelection(features)} } }` : submissionSelection(features)} } }`,
    byModel ? { model } : undefined,
  );
  const list = Array.isArray(data.submissions) ? data.submissions : data.submissions.edges.map((e) => e.node);
  // An API without the filter: keep the model's own among the newest.
  return model === undefined || byModel ? list : list.filter((s) => s.model?.slug === model);
}

function isConnection(features: SchemaFeatures): boolean {
  return features.has('SubmissionConnection', 'edges');
}

/** States after which a submission no longer changes. */
export const FINAL_STATES = new Set(['SUCCEEDED', 'COMPLETED', 'DONE', 'FAILED', 'CANCELLED', 'CANCELED', 'REJECTED']);
