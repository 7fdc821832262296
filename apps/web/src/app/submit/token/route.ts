import { checkToken } from '../../../lib/submit-upload';

export const dynamic = 'force-dynamic';

/**
 * POST /submit/token `{"token"}`: whether the API takes this token for uploads. The form's script
 * asks before it sends a file, so a wrong token costs no upload at all.
 */
export async function POST(request: Request): Promise<Response> {
  const body = (await request.json().catch(() => null)) as { token?: unknown } | null;
  const token = typeof body?.token === 'string' ? body.token.trim().slice(0, 200) : '';
  if (!token) return Response.json({ ok: false, field: 'token', error: 'Enter your API token.' }, { status: 400 });
  const refusal = await checkToken(token);
  return Response.json(refusal ? { ok: false, ...refusal } : { ok: true }, { status: refusal ? 400 : 200 });
}
