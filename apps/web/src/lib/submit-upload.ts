import { Readable } from 'node:stream';
import busboy from 'busboy';
import { graphql } from './gql';
import type { Normalization } from './gql/graphql';
import { API_ORIGIN, gql, GraphQLRequestError } from './graphql';
import type { SubmitOutcome, SubmitState } from './submit-state';
import {
  fieldsFrom,
  formatBytes,
  isNormalization,
  spatialList,
  validateSubmission,
  type FieldErrors,
  type SubmitFields,
} from './submit-validation';

/**
 * The submit form's POST, streamed: the multipart body is parsed as it arrives (busboy), the
 * fields before the file are checked, then the token is checked with the API
 * (`GET /artifacts/limits`) before a byte of the file is read, and the file streams straight
 * into the API's `POST /artifacts`, chunk by chunk, so the web process holds at most a few
 * chunks of it whatever its size. The form puts the file last so that everything else arrives
 * first. Then `submitModel` makes the submission.
 */
export interface SubmitUploadResult {
  outcome: SubmitOutcome;
  /** False when the answer comes before the whole body was read. */
  bodyRead: boolean;
  /**
   * Reads and discards the rest of the body, up to `limit` bytes; true when it all arrived. A
   * browser still sending when the server closes gets a reset instead of the answer, so a small
   * rest is better read than refused; a large one is cut off.
   */
  drain: (limit: number) => Promise<boolean>;
}

type Values = SubmitState['values'];

const SUBMIT_MODEL = graphql(`
  mutation SubmitModel($input: SubmitModelInput!) { submitModel(input: $input) { id } }
`);

const problem = (values: Values, errors: FieldErrors, message?: string): SubmitOutcome => ({
  errors,
  values,
  ...(message ? { message } : {}),
});

export function handleSubmitUpload(request: Request, maxBytes: number): Promise<SubmitUploadResult> {
  const contentType = request.headers.get('content-type') ?? '';
  if (!request.body || !contentType.startsWith('multipart/form-data')) {
    const outcome = problem(fieldsOnly({}), {}, 'Send the form as multipart/form-data, the file last.');
    return Promise.resolve({ outcome, bodyRead: false, drain: async () => false });
  }
  return new Promise((resolve) => {
    const fields: Record<string, string> = {};
    let settled = false;
    let bodyRead = false;
    const body = Readable.fromWeb(request.body as never);
    const drain = (limit: number) =>
      new Promise<boolean>((done) => {
        if (bodyRead || body.readableEnded) return done(true);
        if (body.destroyed) return done(false);
        body.unpipe();
        let seen = 0;
        body.on('data', (chunk: Buffer) => {
          seen += chunk.length;
          if (seen > limit) {
            body.destroy();
            done(false);
          }
        });
        body.once('end', () => done(true));
        body.once('error', () => done(false));
        body.resume();
      });
    const settle = (outcome: SubmitOutcome) => {
      if (settled) return;
      settled = true;
      resolve({ outcome, bodyRead, drain });
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: { 'content-type': contentType },
        limits: { files: 1, fields: 20, fieldSize: 20_000, parts: 30, fileSize: maxBytes + 1 },
      });
    } catch {
      settle(problem(fieldsOnly({}), {}, 'The form could not be read: send it as multipart/form-data.'));
      return;
    }
    let sawFile = false;
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, file, info) => {
      sawFile = true;
      onFile(fieldsFrom(asFormData(fields)), file, info.filename ?? '', maxBytes).then(settle, () =>
        settle(problem(fieldsOnly(fields), {}, 'The upload failed on the way. Try again in a minute.')),
      );
    });
    parser.on('close', () => {
      bodyRead = true;
      // A form without a file part: the checks say what is missing.
      if (!sawFile)
        settle(problem(fieldsOnly(fields), validateSubmission(fieldsFrom(asFormData(fields)), null, maxBytes)));
    });
    parser.on('error', () => settle(problem(fieldsOnly(fields), {}, 'The form could not be read; send it again.')));
    body.on('end', () => (bodyRead = true));
    body.on('error', () => settle(problem(fieldsOnly(fields), {}, 'The upload was interrupted; send it again.')));
    body.pipe(parser);
  });
}

function asFormData(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

function fieldsOnly(fields: Record<string, string>): Values {
  const { token: _token, ...values } = fieldsFrom(asFormData(fields));
  return values;
}

async function onFile(
  fields: SubmitFields,
  file: Readable,
  filename: string,
  maxBytes: number,
): Promise<SubmitOutcome> {
  const { token: rawToken, ...values } = fields;
  const token = rawToken.trim();
  // Everything but the file's content first: a bad field or token costs no upload.
  const errors = validateSubmission(fields, filename ? { name: filename, size: 1 } : null, maxBytes);
  const iterator = file[Symbol.asyncIterator]();
  // The parser may hand over empty chunks at part boundaries: they say nothing about the file.
  const chunks = {
    async next(): Promise<IteratorResult<Buffer>> {
      for (;;) {
        const step = (await iterator.next()) as IteratorResult<Buffer>;
        if (step.done || step.value.length > 0) return step;
      }
    },
  };
  // (validateSubmission refuses an unknown normalisation; the guard tells the types so.)
  if (Object.keys(errors).length || !isNormalization(values.normalization)) {
    // Still say whether the file looks like ONNX (its first chunk only), so one round trip shows every problem.
    const peek = filename && !errors.file ? await chunks.next() : null;
    const head =
      peek && !peek.done
        ? validateSubmission(fields, { name: filename, size: 1, head: peek.value }, maxBytes).file
        : undefined;
    return problem(values, head ? { ...errors, file: head } : errors);
  }
  const check = await checkToken(token);
  if (check)
    return problem(values, check.field ? { [check.field]: check.error } : {}, check.field ? undefined : check.error);

  const first = await chunks.next();
  if (first.done) return problem(values, { file: `"${filename}" is empty.` });
  const head = validateSubmission(fields, { name: filename, size: 1, head: first.value }, maxBytes);
  if (head.file) return problem(values, { file: head.file });
  let tooBig = false;
  file.once('limit', () => (tooBig = true));
  async function* all() {
    yield first.value;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      if (tooBig) throw new Error('over the size limit');
      yield next.value;
    }
    if (tooBig) throw new Error('over the size limit');
  }
  const uploaded = await uploadArtifact(Readable.toWeb(Readable.from(all())) as ReadableStream, token, filename);
  if (tooBig) return problem(values, { file: `"${filename}" is larger than the ${formatBytes(maxBytes)} limit.` });
  if ('error' in uploaded)
    return uploaded.field ? problem(values, { [uploaded.field]: uploaded.error }) : problem(values, {}, uploaded.error);
  return submit(values, values.normalization, token, uploaded.id);
}

type ApiRefusal = { error: string; field?: 'token' | 'file' };

/** Null when the API takes this token for uploads; else why not, before any byte of the file is read. */
export async function checkToken(token: string): Promise<ApiRefusal | null> {
  let response: Response;
  try {
    response = await fetch(`${API_ORIGIN}/artifacts/limits`, {
      headers: { authorization: `Bearer ${token}` },
      cache: 'no-store',
    });
  } catch {
    return { error: `The API at ${API_ORIGIN} cannot be reached. Try again in a minute. Nothing was uploaded.` };
  }
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  if (response.status === 200) return null;
  if (response.status === 401 || response.status === 403)
    return { field: 'token', error: body.error ?? 'The API refused this token: check it is a valid submitter token.' };
  return {
    error: `The API cannot take uploads right now (${response.status}${body.error ? `: ${body.error}` : ''}). Nothing was uploaded.`,
  };
}

async function uploadArtifact(
  body: ReadableStream,
  token: string,
  filename: string,
): Promise<{ id: string } | ApiRefusal> {
  let response: Response;
  try {
    response = await fetch(`${API_ORIGIN}/artifacts`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/octet-stream',
        'x-filename': encodeURIComponent(filename),
      },
      body,
      duplex: 'half',
      cache: 'no-store',
    } as RequestInit);
  } catch {
    return { error: `The upload to the API at ${API_ORIGIN} was interrupted. Try again in a minute.` };
  }
  const answer = (await response.json().catch(() => ({}))) as { id?: string; error?: string };
  const detail = answer.error;
  if (response.status === 201 && answer.id) return { id: answer.id };
  if (response.status === 401 || response.status === 403)
    return { field: 'token', error: detail ?? 'The API refused this token.' };
  if (response.status === 413 || response.status === 400 || response.status === 422)
    return { field: 'file', error: detail ?? 'The API rejected the file.' };
  // 429 (too many uploads at once), 507 (no disk space), 5xx: the API's own words.
  return { error: `The upload was refused (${response.status}${detail ? `: ${detail}` : ''}).` };
}

async function submit(
  values: Values,
  normalization: Normalization,
  token: string,
  artifactId: string,
): Promise<SubmitOutcome> {
  const input = {
    artifactId,
    name: values.name.trim(),
    description: values.description.trim() || null,
    paperUrl: values.paperUrl.trim() || null,
    codeUrl: values.codeUrl.trim() || null,
    license: values.license.trim() || null,
    normalization,
    featureTensor: values.featureTensor.trim() || null,
    spatialTensors: spatialList(values.spatialTensors).length ? spatialList(values.spatialTensors) : null,
  };
  try {
    const data = await gql(SUBMIT_MODEL, { input }, { token });
    return { redirect: `/submissions/${encodeURIComponent(data.submitModel.id)}` };
  } catch (e) {
    if (e instanceof GraphQLRequestError) {
      if (e.code === 'UNAUTHENTICATED' || e.code === 'FORBIDDEN') return problem(values, { token: e.message });
      // A declaration the graph does not fit: the API's message names the tensor and the fix, shown at its field.
      const argument = e.errors[0]?.extensions?.argument;
      if (argument === 'input.featureTensor') return problem(values, { featureTensor: e.message });
      if (argument === 'input.spatialTensors') return problem(values, { spatialTensors: e.message });
      return problem(values, {}, `The API refused the submission: ${e.message}`);
    }
    return problem(values, {}, 'The API cannot be reached. Try again in a minute.');
  }
}
