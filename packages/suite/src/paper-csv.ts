import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The paper's tables, as committed CSV files (copied from the study's published tables). */
const PAPER_DIR = new URL('../data/paper/', import.meta.url);

export type CsvRow = Record<string, string>;

export function readPaperCsv(file: string): CsvRow[] {
  const text = readFileSync(new URL(file, PAPER_DIR), 'utf8');
  return parse(text, { columns: true, skip_empty_lines: true, trim: true }) as CsvRow[];
}

/** Paper table names carry footnote marks ("InsDis*"); the slug is the lower-case name without them. */
export function modelSlugFromPaperName(name: string): string {
  return name.replace(/\*+$/, '').trim().toLowerCase();
}

export function parseNumber(raw: string, where: string): number {
  const value = Number(raw);
  if (raw === '' || !Number.isFinite(value)) throw new Error(`${where}: "${raw}" is not a number`);
  return value;
}
