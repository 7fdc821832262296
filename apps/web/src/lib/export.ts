import type { Aggregate, LeaderboardColumn, LeaderboardRow, LeaderboardTask } from './leaderboard';
import type { LeaderboardView } from './view';

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * One line per row of the view, in the view's order. `rank` and the score cover the row's
 * `basis` (the categories where it has every task on the reference protocol, `;`-separated) and
 * are among `ranked_among` rows; per category its score and whether it is comparable; per task
 * the primary metric, its CI, the protocol it comes from and whether that is the column's
 * reference (`comparable`). Numbers are written as the API sends them, unrounded.
 */
export function leaderboardCsv(
  tasks: LeaderboardTask[],
  rows: LeaderboardRow[],
  aggregate: Aggregate,
  asOf?: ExportStamp,
): string {
  return csvHeader(tasks, aggregate, asOf) + rows.map((r) => csvLine(tasks, r)).join('');
}

/** When an export's data is from: the moment asked for and the last change of the data shown. */
export interface ExportStamp {
  asOf: string | null;
  dataAsOf: string | null;
}

/** The CSV's header line (CRLF-terminated): the columns `csvLine` writes, after the as-of comment line if any. */
export function csvHeader(tasks: LeaderboardTask[], aggregate: Aggregate, asOf?: ExportStamp): string {
  const categories = [...new Set(tasks.map((t) => t.category))];
  const header = [
    'rank',
    'rank_low',
    'rank_high',
    'model_slug',
    'model',
    'family',
    'source',
    aggregate === 'MEAN' ? 'score' : 'mean_rank',
    'tasks_with_results',
    'tasks',
    'ranked_among',
    'basis',
    ...categories.flatMap((c) => [`category_${c.toLowerCase()}`, `category_${c.toLowerCase()}_comparable`]),
    ...tasks.flatMap((t) => [
      t.slug,
      `${t.slug}_ci_low`,
      `${t.slug}_ci_high`,
      `${t.slug}_protocol_id`,
      `${t.slug}_protocol_version`,
      `${t.slug}_comparable`,
    ]),
  ];
  // An export as of a moment says so in a leading comment line (pandas: read_csv(…, comment='#')).
  const stamp = asOf ? [`# as of ${asOf.asOf ?? 'now'}; data as of ${asOf.dataAsOf ?? 'no data'}`] : [];
  return `${[...stamp, header.join(',')].join('\r\n')}\r\n`;
}

/** One row as a CSV line (CRLF-terminated), so an export can be written a page at a time. */
export function csvLine(tasks: LeaderboardTask[], r: LeaderboardRow): string {
  const categories = [...new Set(tasks.map((t) => t.category))];
  const byCategory = new Map(r.categoryScores.map((c) => [c.category, c]));
  const byTask = new Map(r.cells.map((c) => [c.taskSlug, c]));
  return `${[
    r.rank,
    r.rankInterval?.low,
    r.rankInterval?.high,
    r.model.slug,
    r.model.name,
    r.model.family,
    r.source,
    r.score,
    r.completeness.tasksWithResults,
    r.completeness.tasks,
    r.rankedAmong,
    r.basis.join(';'),
    ...categories.flatMap((c) => [byCategory.get(c)?.score, byCategory.get(c)?.comparable]),
    ...tasks.flatMap((t) => {
      const cell = byTask.get(t.slug);
      return [
        cell?.value,
        cell?.ciLow,
        cell?.ciHigh,
        cell?.protocolId,
        cell?.protocolVersion,
        cell?.value === null ? null : cell?.comparable,
      ];
    }),
  ]
    .map(csvField)
    .join(',')}\r\n`;
}

/** The view and its rows as the API sends them, with each task column's reference protocol (`columns`). */
export function leaderboardJson(
  view: LeaderboardView,
  suiteTitle: string,
  tasks: LeaderboardTask[],
  columns: LeaderboardColumn[],
  rows: LeaderboardRow[],
  asOf: ExportStamp = { asOf: null, dataAsOf: null },
) {
  return {
    view: { ...view, sort: `${view.sort.key} ${view.sort.dir}` },
    /** The moment asked for (null: the export's time) and the last change of the data shown (cite with asOf = dataAsOf). */
    asOf: asOf.asOf,
    dataAsOf: asOf.dataAsOf,
    suite: view.suite,
    suiteTitle,
    aggregate: view.aggregate,
    tasks,
    columns,
    rows,
  };
}

export function exportFilename(view: LeaderboardView, format: 'csv' | 'json'): string {
  const parts = [
    'transferboard',
    view.suite,
    view.aggregate.toLowerCase(),
    view.source?.toLowerCase(),
    view.category?.toLowerCase(),
    view.asOf ? `asof-${view.asOf.replace(/[^0-9TZ]/g, '')}` : undefined,
  ];
  return `${parts.filter(Boolean).join('-')}.${format}`;
}
