import type { Aggregate, LeaderboardRow, LeaderboardTask } from './leaderboard';
import type { LeaderboardView } from './view';

/** RFC 4180 quoting: only fields with a comma, quote or line break are quoted. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * One line per row of the view, in the view's order; per task the primary metric and its CI
 * (empty where there is none). Numbers are written as the API sends them, unrounded.
 */
export function leaderboardCsv(tasks: LeaderboardTask[], rows: LeaderboardRow[], aggregate: Aggregate): string {
  const categories = [...new Set(tasks.map((t) => t.category))];
  const header = [
    'rank', 'rank_low', 'rank_high', 'model_slug', 'model', 'family', 'source', aggregate === 'MEAN' ? 'score' : 'mean_rank',
    'tasks_with_results', 'tasks',
    ...categories.map((c) => `category_${c.toLowerCase()}`),
    ...tasks.flatMap((t) => [t.slug, `${t.slug}_ci_low`, `${t.slug}_ci_high`]),
  ];
  const lines = rows.map((r) => {
    const byCategory = new Map(r.categoryScores.map((c) => [c.category, c.score]));
    const byTask = new Map(r.cells.map((c) => [c.taskSlug, c]));
    return [
      r.rank, r.rankInterval?.low, r.rankInterval?.high, r.model.slug, r.model.name, r.model.family, r.source, r.score,
      r.completeness.tasksWithResults, r.completeness.tasks,
      ...categories.map((c) => byCategory.get(c)),
      ...tasks.flatMap((t) => {
        const cell = byTask.get(t.slug);
        return [cell?.value, cell?.ciLow, cell?.ciHigh];
      }),
    ].map(csvField).join(',');
  });
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

export function leaderboardJson(view: LeaderboardView, suiteTitle: string, tasks: LeaderboardTask[], rows: LeaderboardRow[]) {
  return {
    view: { ...view, sort: `${view.sort.key} ${view.sort.dir}` },
    suite: view.suite,
    suiteTitle,
    aggregate: view.aggregate,
    tasks,
    rows,
  };
}

export function exportFilename(view: LeaderboardView, format: 'csv' | 'json'): string {
  const parts = ['transferboard', view.suite, view.aggregate.toLowerCase(), view.source?.toLowerCase(), view.category?.toLowerCase()];
  return `${parts.filter(Boolean).join('-')}.${format}`;
}
