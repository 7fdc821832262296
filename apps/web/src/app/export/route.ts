import { exportFilename, leaderboardCsv, leaderboardJson } from '../../lib/export';
import { loadView } from '../../lib/load-view';

export const dynamic = 'force-dynamic';

/** CSV or JSON of exactly the leaderboard view the same query string shows at `/`. */
export async function GET(request: Request): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const format = params.get('format') === 'json' ? 'json' : params.get('format') === 'csv' || !params.has('format') ? 'csv' : null;
  if (!format) return Response.json({ error: `Unknown format "${params.get('format')}": use format=csv or format=json.` }, { status: 400 });
  const loaded = await loadView(params);
  if (!loaded.ok) return Response.json({ error: loaded.message }, { status: 400 });
  const { view, data, rows } = loaded;
  const disposition = `attachment; filename="${exportFilename(view, format)}"`;
  const stamp = { asOf: data.leaderboard.asOf ?? null, dataAsOf: data.leaderboard.dataAsOf ?? null };
  if (format === 'json') {
    return new Response(JSON.stringify(leaderboardJson(view, data.leaderboard.suite.title, data.leaderboard.tasks, data.leaderboard.columns, rows, stamp), null, 2), {
      headers: { 'content-type': 'application/json; charset=utf-8', 'content-disposition': disposition },
    });
  }
  return new Response(leaderboardCsv(data.leaderboard.tasks, rows, data.leaderboard.aggregate, view.asOf ? stamp : undefined), {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition },
  });
}
