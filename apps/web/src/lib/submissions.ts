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
  progress?: { task: { slug: string; title?: string }; status: string }[];
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
  job: 'job { status attempt maxAttempts runner leaseExpiresAt lastError }',
};

export function submissionSelection(features: SchemaFeatures): string {
  const extra = Object.entries(OPTIONAL_FIELDS)
    .filter(([field]) => features.has('Submission', field))
    .map(([, selection]) => selection);
  return ['id status model { slug name }', ...extra].join('\n');
}

export async function fetchSubmission(features: SchemaFeatures, id: string): Promise<Submission | null> {
  const data = await gql<{ submission: Submission | null }>(`query Submission($id: ID!) { submission(id: $id) { ${submissionSelection(features)} } }`, { id });
  return data.submission;
}

export async function fetchSubmissions(features: SchemaFeatures): Promise<Submission[]> {
  const paged = features.args('Query', 'submissions').includes('first');
  const data = await gql<{ submissions: Submission[] | { edges: { node: Submission }[] } }>(
    `query Submissions { submissions${paged ? '(first: 100)' : ''} { ${isConnection(features) ? `edges { node { ${submissionSelection(features)} } }` : submissionSelection(features)} } }`,
  );
  return Array.isArray(data.submissions) ? data.submissions : data.submissions.edges.map((e) => e.node);
}

function isConnection(features: SchemaFeatures): boolean {
  return features.has('SubmissionConnection', 'edges');
}

/** States after which a submission no longer changes. */
export const FINAL_STATES = new Set(['SUCCEEDED', 'COMPLETED', 'DONE', 'FAILED', 'CANCELLED', 'CANCELED', 'REJECTED']);
