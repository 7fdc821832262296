/**
 * The leaderboard's CSV columns, one definition for every export: the API's streaming
 * `/export/leaderboard.csv` (apps/api board/export-route.ts) and the web's. Rows are typed by
 * what the columns read, in the API's GraphQL spelling (enums in UPPER_CASE), so the web's
 * GraphQL rows and the API's stored board rows both fit.
 */

export interface CsvTask {
  slug: string;
  category: string;
}

export interface CsvRow {
  rank: number | null;
  rankInterval?: { low: number; high: number } | null;
  model: { slug: string; name: string; family?: string | null };
  source: string;
  score: number | null;
  completeness: { tasksWithResults: number; tasks: number };
  rankedAmong: number | null;
  basis: readonly string[];
  categoryScores: readonly { category: string; score: number | null; comparable: boolean }[];
  cells: readonly {
    taskSlug: string;
    value: number | null;
    ciLow?: number | null;
    ciHigh?: number | null;
    protocolId?: string | null;
    protocolVersion?: number | null;
    comparable: boolean;
  }[];
}

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** When an export's data is from: the moment asked for and the last change of the data shown. */
export interface ExportStamp {
  asOf: string | null;
  dataAsOf: string | null;
}

/** The CSV's header line (CRLF-terminated): the columns `csvLine` writes, after the as-of comment line if any. */
export function csvHeader(tasks: readonly CsvTask[], aggregate: 'MEAN' | 'MEAN_RANK', asOf?: ExportStamp): string {
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
export function csvLine(tasks: readonly CsvTask[], r: CsvRow): string {
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
