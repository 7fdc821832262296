import type { FieldErrors, SubmitFields } from './submit-validation';

/** What the submit form shows after an answer: per-field errors, a form-wide message, the values to keep. */
export interface SubmitState {
  errors: FieldErrors;
  /** A problem that is not one field's (the API refused, the API cannot be reached). */
  message?: string;
  values: Omit<SubmitFields, 'token'>;
  /** Bumped on every answer without JavaScript so the form re-mounts with the returned values. */
  attempt: number;
}

/** The answer of POST /submit/upload: where to go next, or what to fix. */
export type SubmitOutcome = { redirect: string } | Omit<SubmitState, 'attempt'>;

export const EMPTY_VALUES: SubmitState['values'] = {
  name: '',
  description: '',
  paperUrl: '',
  codeUrl: '',
  license: '',
  normalization: 'IMAGENET',
  featureTensor: '',
  spatialTensors: '',
};

/** The state carried in `/submit?state=…` after a form post without JavaScript (never the token). */
export function encodeState(state: Omit<SubmitState, 'attempt'>): string {
  return Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
}

export function decodeState(raw: string | undefined): SubmitState | null {
  if (!raw || raw.length > 20_000) return null;
  try {
    const parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<SubmitState>;
    if (
      typeof parsed !== 'object' ||
      parsed === null ||
      typeof parsed.errors !== 'object' ||
      typeof parsed.values !== 'object'
    )
      return null;
    const values = { ...EMPTY_VALUES };
    for (const key of Object.keys(EMPTY_VALUES) as (keyof typeof values)[]) {
      const v = (parsed.values as Record<string, unknown>)[key];
      if (typeof v === 'string') values[key] = v.slice(0, 5000);
    }
    const errors: SubmitState['errors'] = {};
    for (const [k, v] of Object.entries(parsed.errors ?? {}))
      if (typeof v === 'string') (errors as Record<string, string>)[k] = v.slice(0, 2000);
    return {
      errors,
      values,
      message: typeof parsed.message === 'string' ? parsed.message.slice(0, 2000) : undefined,
      attempt: 1,
    };
  } catch {
    return null;
  }
}
