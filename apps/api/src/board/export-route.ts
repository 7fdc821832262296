import type { IncomingMessage, ServerResponse } from 'node:http';
import { once } from 'node:events';
import { findDataAsOf } from '@transferboard/db/queries/sync-versions';
import { csvHeader, csvLine, type CsvRow } from '@transferboard/suite/export-csv';
import { TASK_CATEGORIES, upperCase } from '@transferboard/suite/types';
import { GraphQLError } from 'graphql';
import type { ApiContext } from '../context';
import type { Aggregate, ResultSource, TaskCategory } from '../generated/resolvers-types';
import type { LeaderboardRowParent } from '../mappers';
import { resolveLeaderboard } from '../resolvers/leaderboard';
import { withCostsFor } from './board-costs';
import { filterRows, sortedRows } from './board-rows';

type Route = (req: IncomingMessage, res: ServerResponse, requestId: string) => Promise<boolean>;

/** Rows written per chunk: one write of about 200 kB at 25 tasks, then wait if the socket is full. */
const CHUNK_ROWS = 100;

/**
 * `GET /export/leaderboard.csv` and `.json`: every row of a view, from the stored board
 * (board-store.ts), written a chunk at a time as the client reads (backpressure: a full socket
 * pauses the writer), so memory is one chunk whatever the board's size. The query parameters are
 * the web's view (`suite`, `aggregate`, `source`, `category`, `q`, `family`, `sort`, `dir`,
 * `asOf`, `stale=1`), so the web's `/export` passes its own query string on. The CSV columns are
 * the one definition in packages/suite export-csv.ts. A bad view is a 400 with the reason.
 */
export function createExportRoute(context: (requestId: string) => ApiContext): Route {
  return async (req, res, requestId) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/export\/leaderboard\.(csv|json)$/.exec(url.pathname);
    if (!match) return false;
    const format = match[1] as 'csv' | 'json';
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { error: `Use GET ${url.pathname}.` }, { allow: 'GET, HEAD' });
      return true;
    }
    const ctx = context(requestId);
    const p = url.searchParams;
    let rows: LeaderboardRowParent[];
    let leaderboard: Awaited<ReturnType<typeof resolveLeaderboard>>;
    try {
      leaderboard = await resolveLeaderboard(ctx, {
        suite: p.get('suite')?.trim() || 'ssl-transfer-v1',
        aggregate: enumParam(p, 'aggregate', ['MEAN', 'MEAN_RANK']) as Aggregate | undefined,
        source: enumParam(p, 'source', ['REPORTED', 'MEASURED']) as ResultSource | undefined,
        category: enumParam(p, 'category', TASK_CATEGORIES.map(upperCase)) as TaskCategory | undefined,
        asOf: p.get('asOf')?.trim() || undefined,
        includeStale: p.get('stale') === '1',
      });
      const dir = p.get('dir')?.toLowerCase();
      if (dir && dir !== 'asc' && dir !== 'desc') throw new ExportError(`"dir" must be asc or desc (got "${dir}").`);
      const column = p.get('sort')?.trim() || 'rank';
      await withCostsFor(ctx, leaderboard.board, column);
      const ordered = sortedRows(leaderboard.board, column, dir === 'asc' ? 'ASC' : dir ? 'DESC' : null);
      rows = filterRows(leaderboard.board, ordered, { search: p.get('q'), family: p.get('family') });
    } catch (error) {
      const status = statusOf(error);
      if (status === 500) ctx.log.error({ err: error }, 'export failed');
      send(res, status, { error: status === 500 ? 'The export failed.' : (error as Error).message, requestId });
      return true;
    }
    const tasks = leaderboard.tasks.map((t) => ({ slug: t.slug, category: upperCase(t.category) }));
    const asOf = leaderboard.asOf?.toISOString() ?? null;
    const stamp = { asOf, dataAsOf: (await findDataAsOf(ctx.db, leaderboard.asOf))?.toISOString() ?? null };
    const aggregate = leaderboard.aggregate;
    res.writeHead(200, {
      'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${filename(leaderboard.suite.slug, aggregate, p, format)}"`,
      'cache-control': 'no-store',
      'x-row-count': String(rows.length),
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    const intervals = leaderboard.board.intervals.get();
    const csvRow = (r: LeaderboardRowParent): CsvRow & { modelId: string } => ({
      rank: r.rank,
      rankInterval: r.rank === null ? null : (intervals?.get(r.rowKey) ?? null),
      model: { slug: r.model?.slug ?? r.modelId, name: r.model?.name ?? '', family: r.model?.family ?? null },
      modelId: r.modelId,
      source: upperCase(r.source) as ResultSource,
      score: r.score,
      completeness: r.completeness,
      rankedAmong: r.rankedAmong,
      basis: r.basis.map(upperCase),
      categoryScores: r.categoryScores.map((c) => ({ ...c, category: upperCase(c.category) })),
      cells: r.cells,
    });
    const head =
      format === 'csv'
        ? csvHeader(tasks, aggregate, asOf ? stamp : undefined)
        : `${JSON.stringify({
            view: Object.fromEntries(p),
            ...stamp,
            suite: leaderboard.suite.slug,
            suiteTitle: leaderboard.suite.title,
            aggregate,
            tasks,
            columns: leaderboard.columns.map((c) => ({
              taskSlug: c.task.slug,
              referenceProtocol: c.referenceProtocol,
              referenceReason: c.referenceReason,
            })),
          }).slice(0, -1)},"rows":[\n`;
    const closed = () => res.destroyed || res.writableEnded;
    if (!res.write(head)) await drained(res);
    for (let i = 0; i < rows.length && !closed(); i += CHUNK_ROWS) {
      const chunk = rows.slice(i, i + CHUNK_ROWS).map((r, j) => {
        if (format === 'csv') return csvLine(tasks, csvRow(r));
        return `${i + j ? ',\n' : ''}${JSON.stringify(csvRow(r))}`;
      });
      if (!res.write(chunk.join(''))) await drained(res);
    }
    if (!closed()) res.end(format === 'json' ? '\n]}\n' : undefined);
    return true;
  };
}

class ExportError extends Error {}

/** Waits until the socket takes more, or the client went away. */
async function drained(res: ServerResponse): Promise<void> {
  await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

function enumParam(p: URLSearchParams, name: string, allowed: readonly string[]): string | undefined {
  const raw = p.get(name)?.trim();
  if (!raw) return undefined;
  const value = raw.toUpperCase();
  if (!allowed.includes(value)) throw new ExportError(`"${name}" must be one of ${allowed.join(', ')} (got "${raw}").`);
  return value;
}

function statusOf(error: unknown): number {
  if (error instanceof ExportError) return 400;
  if (error instanceof GraphQLError) {
    const code = error.extensions?.code;
    if (code === 'NOT_FOUND') return 404;
    if (code === 'BAD_USER_INPUT') return 400;
  }
  return 500;
}

/** The file's name: the view, so downloads of different views (or moments) never overwrite each other. */
function filename(suite: string, aggregate: string, p: URLSearchParams, format: string): string {
  const slug = (s: string | null) => s?.toLowerCase().replace(/[^a-z0-9_-]/g, '');
  const asOf = p.get('asOf')?.replace(/[^0-9TZ]/g, '');
  const parts = [
    'transferboard',
    slug(suite),
    slug(aggregate),
    slug(p.get('source')),
    slug(p.get('category')),
    asOf && `asof-${asOf}`,
  ];
  return `${parts.filter(Boolean).join('-')}.${format}`;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
}
