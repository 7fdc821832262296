'use server';

import { redirect } from 'next/navigation';
import { graphql } from '../../lib/gql';
import { API_ORIGIN, gql, GraphQLRequestError } from '../../lib/graphql';
import { fieldsFrom, isNormalization, validateSubmission, type FieldErrors, type SubmitFields } from '../../lib/submit-validation';
import { maxUploadBytes } from '../../lib/upload-limit';

export interface SubmitState {
  errors: FieldErrors;
  /** A problem that is not one field's (the API refused or cannot be reached). */
  message?: string;
  values: Omit<SubmitFields, 'token'>;
  /** Bumped on every answer so the form re-mounts with the returned values. */
  attempt: number;
}

const SUBMIT_MODEL = graphql(`
  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }
`);

async function uploadArtifact(file: File, token: string): Promise<{ id: string } | { error: string; field?: 'token' | 'file' }> {
  let response: Response;
  try {
    response = await fetch(`${API_ORIGIN}/artifacts`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream', 'x-filename': encodeURIComponent(file.name) },
      body: Buffer.from(await file.arrayBuffer()),
    });
  } catch {
    return { error: `The API at ${API_ORIGIN} cannot be reached. Try again in a minute.` };
  }
  const body = (await response.json().catch(() => ({}))) as { id?: string; error?: string; message?: string; errors?: { message: string }[] };
  const detail = body.error ?? body.message ?? body.errors?.[0]?.message;
  if (response.status === 201 && body.id) return { id: body.id };
  if (response.status === 401 || response.status === 403) return { field: 'token', error: detail ?? 'The API refused this token: check it is a valid submitter token.' };
  if (response.status === 404) return { error: 'Uploads are not available yet: the API does not serve POST /artifacts. Try again later.' };
  if (response.status === 413) return { field: 'file', error: detail ?? 'The API refused the file as too large.' };
  if (response.status === 400 || response.status === 422) return { field: 'file', error: detail ?? 'The API rejected the file.' };
  return { error: `The upload failed (${response.status}${detail ? `: ${detail}` : ''}).` };
}

export async function submitModelAction(previous: SubmitState, form: FormData): Promise<SubmitState> {
  const fields = fieldsFrom(form);
  const { token, ...values } = fields;
  const answer = (errors: FieldErrors, message?: string): SubmitState => ({ errors, message, values, attempt: previous.attempt + 1 });
  const file = form.get('file');
  const onnx = file instanceof File && (file.size > 0 || file.name) ? file : null;
  const head = onnx ? new Uint8Array(await onnx.slice(0, 16).arrayBuffer()) : undefined;
  const errors = validateSubmission(fields, onnx ? { name: onnx.name, size: onnx.size, head } : null, maxUploadBytes());
  if (Object.keys(errors).length || !isNormalization(values.normalization)) return answer(errors);

  const uploaded = await uploadArtifact(onnx!, token.trim());
  if ('error' in uploaded) return uploaded.field ? answer({ [uploaded.field]: uploaded.error }) : answer({}, uploaded.error);

  let id: string;
  try {
    const input = {
      artifactId: uploaded.id,
      name: values.name.trim(),
      description: values.description.trim() || null,
      paperUrl: values.paperUrl.trim() || null,
      codeUrl: values.codeUrl.trim() || null,
      license: values.license.trim() || null,
      normalization: values.normalization,
    };
    const data = await gql(SUBMIT_MODEL, { input }, { token: token.trim() });
    id = data.submitModel.id;
  } catch (e) {
    if (e instanceof GraphQLRequestError) {
      const field = e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN' ? 'token' : undefined;
      return field ? answer({ token: e.message }) : answer({}, `The API refused the submission: ${e.message}`);
    }
    return answer({}, 'The API cannot be reached. Try again in a minute.');
  }
  redirect(`/submissions/${encodeURIComponent(id)}`);
}
