import { isDeepStrictEqual } from 'node:util';
import type { BuiltRow } from './board-build';

type BuiltCell = BuiltRow['cells'][number];

/**
 * One row of a rebuilt board, as the build worker sends it back: the index of an identical row
 * of the board it was updated from, that row with some fields and cells replaced, or a new row.
 * Sending the difference instead of every row spares the clone of 10,000 rows × 25 cells back
 * to the API's event loop (about a second of CPU) when one result changed.
 */
export type RowDelta =
  | number
  | { at: number; fields: Partial<Omit<BuiltRow, 'cells'>>; cells: [number, BuiltCell][] }
  | { row: BuiltRow };

const cellKeys = [
  'taskSlug',
  'value',
  'ciLow',
  'ciHigh',
  'protocolId',
  'protocolVersion',
  'comparable',
  'rank',
  'rankedAmong',
  'stale',
  'staleReason',
] as const satisfies readonly (keyof BuiltCell)[];

function sameCell(a: BuiltCell, b: BuiltCell): boolean {
  for (const k of cellKeys) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** `next`'s rows as deltas against `base` (rows are matched by their key). */
export function diffRows(base: readonly BuiltRow[], next: readonly BuiltRow[]): RowDelta[] {
  const at = new Map(base.map((r, i) => [r.rowKey, i]));
  return next.map((row): RowDelta => {
    const i = at.get(row.rowKey);
    const old = i === undefined ? undefined : base[i]!;
    if (i === undefined || !old || old.cells.length !== row.cells.length) return { row };
    const fields: Partial<Omit<BuiltRow, 'cells'>> = {};
    let changed = false;
    for (const k of Object.keys(row) as (keyof BuiltRow)[]) {
      if (k === 'cells') continue;
      const same = typeof row[k] === 'object' ? isDeepStrictEqual(row[k], old[k]) : Object.is(row[k], old[k]);
      if (!same) {
        Object.assign(fields, { [k]: row[k] });
        changed = true;
      }
    }
    const cells: [number, BuiltCell][] = [];
    row.cells.forEach((c, j) => {
      if (!sameCell(c, old.cells[j]!)) cells.push([j, c]);
    });
    return changed || cells.length ? { at: i, fields, cells } : i;
  });
}

/**
 * The rows the deltas describe, built on `base`: unchanged rows are `base`'s own objects, and a
 * patched row is a new object (base's rows are never modified: a request may still read them).
 */
export function applyDelta<R extends BuiltRow>(base: readonly R[], deltas: readonly RowDelta[]): BuiltRow[] {
  return deltas.map((d) => {
    if (typeof d === 'number') return base[d]!;
    if ('row' in d) return d.row;
    const old = base[d.at]!;
    const cells = d.cells.length ? old.cells.slice() : old.cells;
    for (const [j, c] of d.cells) cells[j] = c;
    return { ...old, ...d.fields, cells };
  });
}
