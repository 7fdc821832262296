import { getTableColumns } from 'drizzle-orm';
import { jobs } from '../schema';
import type { JobRow } from './lock-fenced-job';

const COLUMNS = Object.entries(getTableColumns(jobs));

/**
 * A `jobs` row from raw SQL (`returning jobs.*` in a multi-CTE statement) mapped the way drizzle
 * maps its own selects: column names to fields, each value through its column's decoder (a
 * bigint string to a number, a timestamp string to a Date). Both drivers' raw values work.
 */
export function jobRowFrom(raw: Record<string, unknown>): JobRow {
  const row: Record<string, unknown> = {};
  for (const [field, column] of COLUMNS) {
    const value = raw[column.name];
    row[field] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as JobRow;
}

/** The rows of a `db.execute` result: both drivers answer `{ rows }`. */
export function rowsOf(result: unknown): Record<string, unknown>[] {
  return (result as { rows: Record<string, unknown>[] }).rows;
}
