import { csvHeader, csvLine } from '@transferboard/suite/export-csv';
import { exportFilename, leaderboardJson } from '../../lib/export';
import { loadView, type LoadedView } from '../../lib/load-view';

export const dynamic = 'force-dynamic';

type Loaded = Extract<LoadedView, { ok: true }>;

/**
 * CSV or JSON of exactly the leaderboard view the same query string shows at `/`, every page of
 * it: the rows are fetched a page (100) at a time through the API's rowsPage and written as they
 * come, each page only when the client has read the last (a pull stream), so memory stays that of
 * one page however large the board. The first page is read before answering, so a bad view is a
 * 400 with the API's message rather than a broken download.
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
  // Exports carry every row, read 100 at a time (the API's largest page), whatever `per` the page shows.
  params.set('per', '100');
  const first = await loadView(params, {});
  if (!first.ok) return Response.json({ error: first.message }, { status: 400 });
  const { view, data } = first;
  const { tasks, columns, aggregate } = data.leaderboard;
  // The as-of stamp (CSV comment line, JSON fields) is the first page's: every page asks the same asOf.
  const stamp = { asOf: data.leaderboard.asOf ?? null, dataAsOf: data.leaderboard.dataAsOf ?? null };
  const encoder = new TextEncoder();
  let page: Loaded | null = first;
  let written = 0;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === 'csv')
        controller.enqueue(encoder.encode(csvHeader(tasks, aggregate, view.asOf ? stamp : undefined)));
      else {
        const head = JSON.stringify(leaderboardJson(view, data.leaderboard.suite.title, tasks, columns, [], stamp));
        controller.enqueue(encoder.encode(`${head.slice(0, -'[]}'.length)}[\n`)); // the rows array, left open
      }
    },
    async pull(controller) {
      if (!page) {
        if (format === 'json') controller.enqueue(encoder.encode('\n]}\n'));
        controller.close();
        return;
      }
      const text = page.rows
        .map((r) => (format === 'csv' ? csvLine(tasks, r) : `${written++ ? ',\n' : ''}${JSON.stringify(r)}`))
        .join('');
      controller.enqueue(encoder.encode(text));
      const { hasNextPage, endCursor } = page.data.leaderboard.rowsPage.pageInfo;
      if (!hasNextPage || !endCursor) {
        page = null;
        return;
      }
      const next = await loadView(params, { after: endCursor });
      // An error mid-way ends the download as failed (the client sees a truncated transfer), never as a short file.
      if (!next.ok) throw new Error(`The export stopped: ${next.message}`);
      page = next;
    },
  });
  const type = format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8';
  return new Response(body, {
    headers: { 'content-type': type, 'content-disposition': `attachment; filename="${exportFilename(view, format)}"` },
  });
}
