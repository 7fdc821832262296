import { API_ORIGIN } from '../../lib/graphql';

export const dynamic = 'force-dynamic';

/**
 * CSV or JSON of exactly the leaderboard view the same query string shows at `/`, every row of
 * it: the API writes it from its stored board (`GET /export/leaderboard.csv|json`, apps/api
 * board/export-route.ts, the CSV columns of packages/suite export-csv.ts), and this route passes
 * the API's stream through as it comes, so neither holds more than a chunk however large the
 * board. A bad view is a 400 with the API's message rather than a broken download. As on `/`, a
 * sort by a column the view lacks falls back to the view's ranks.
 */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const format =
    params.get('format') === 'json' ? 'json' : params.get('format') === 'csv' || !params.has('format') ? 'csv' : null;
  if (!format)
    return Response.json(
      { error: `Unknown format "${params.get('format')}": use format=csv or format=json.` },
      { status: 400 },
    );
  let upstream = await fromApi(format, params);
  if (upstream.status === 400 && params.has('sort')) {
    params.delete('sort');
    params.delete('dir');
    await upstream.body?.cancel();
    upstream = await fromApi(format, params);
  }
  if (!upstream.ok || !upstream.body) {
    const answer = (await upstream.json().catch(() => ({}))) as { error?: string };
    const error = answer.error ?? `The API answered ${upstream.status}.`;
    return Response.json({ error }, { status: upstream.status >= 500 ? 502 : upstream.status });
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      // The API names the file after the view (export-route.ts), one name for both ways in.
      'content-disposition':
        upstream.headers.get('content-disposition') ?? `attachment; filename="leaderboard.${format}"`,
    },
  });
}

function fromApi(format: 'csv' | 'json', params: URLSearchParams): Promise<Response> {
  const query = new URLSearchParams(params);
  for (const name of ['format', 'per', 'cost', 'after', 'before', 'page']) query.delete(name);
  return fetch(`${API_ORIGIN}/export/leaderboard.${format}?${query}`, { cache: 'no-store' });
}
