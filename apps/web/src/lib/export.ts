import { csvHeader, csvLine, type ExportStamp } from '@transferboard/suite/export-csv';
import type { Aggregate, LeaderboardColumn, LeaderboardRow, LeaderboardTask } from './leaderboard';
import type { LeaderboardView } from './view';

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
