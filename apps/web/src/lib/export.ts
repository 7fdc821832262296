import type { LeaderboardView } from './view';

/** The export's file name: the view, so downloads of different views never overwrite each other. */
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
