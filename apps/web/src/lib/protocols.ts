import { CATEGORY_LABELS, type Category, type LeaderboardRow, type ProtocolKey } from './leaderboard';

/**
 * Words for the comparability rule (the API applies it; the web only says what it did): which
 * protocol a number comes from, and what a row's rank covers.
 */

export const protocolLabel = (
  p: ProtocolKey | { protocolId: string | null; protocolVersion: number | null },
): string => {
  const [id, version] = 'id' in p ? [p.id, p.version] : [p.protocolId, p.protocolVersion];
  return id === null ? '' : `${id} v${version}`;
};

/** "Many-shot linear + Few-shot". */
export const basisLabel = (basis: readonly Category[]): string => basis.map((c) => CATEGORY_LABELS[c]).join(' + ');

/** True when the row is ranked over fewer categories than the view has. */
export const partialBasis = (row: Pick<LeaderboardRow, 'basis'>, categories: readonly Category[]): boolean =>
  row.basis.length > 0 && row.basis.length < categories.length;

/** Rows grouped by basis in the order given, for a table that says where each ranking starts. */
export function basisGroups<T extends Pick<LeaderboardRow, 'basis' | 'rank'>>(
  rows: readonly T[],
): { basis: Category[]; rows: T[] }[] {
  const groups: { basis: Category[]; rows: T[] }[] = [];
  for (const row of rows) {
    const basis = row.rank === null ? [] : row.basis;
    const last = groups.at(-1);
    if (last && last.basis.join() === basis.join()) last.rows.push(row);
    else groups.push({ basis, rows: [row] });
  }
  return groups;
}
