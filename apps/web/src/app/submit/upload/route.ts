import { encodeState } from '../../../lib/submit-state';
import { handleSubmitUpload } from '../../../lib/submit-upload';
import { maxUploadBytes } from '../../../lib/upload-limit';

export const dynamic = 'force-dynamic';

/** What is read and discarded after an early answer to the form's script, which checks the token before it sends a file. */
const SCRIPT_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * POST /submit/upload: the submit form, streamed to the API (see lib/submit-upload.ts). With
 * `Accept: application/json` (the form's script) the answer is the outcome as JSON; a plain form
 * post (no JavaScript) is sent on with 303: to the submission page, or back to /submit with the
 * errors and values (never the token) in `?state=`.
 */
export async function POST(request: Request): Promise<Response> {
  const json = request.headers.get('accept')?.includes('application/json') ?? false;
  const { outcome, bodyRead, drain } = await handleSubmitUpload(request, maxUploadBytes());
  // Answered before the whole body arrived (a bad token or field): the rest is never stored or
  // sent on; a browser form's rest (at most the size limit) is discarded so it sees the answer.
  const complete = bodyRead || (await drain(json ? SCRIPT_DRAIN_BYTES : maxUploadBytes() + 1024 * 1024));
  const headers: Record<string, string> = complete ? {} : { connection: 'close' };
  if (json) return Response.json(outcome, { status: 'redirect' in outcome ? 200 : 400, headers });
  const location = 'redirect' in outcome ? outcome.redirect : `/submit?state=${encodeState(outcome)}#error-summary`;
  return new Response(null, { status: 303, headers: { ...headers, location } });
}
