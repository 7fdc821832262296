/**
 * One line of a text table: the first cell left-aligned in `widths[0]`, the others right-aligned
 * (negative width: left-aligned) in theirs.
 */
export function row(cells: (string | number)[], widths: number[]): string {
  return cells
    .map((cell, i) => {
      const width = widths[i] ?? 0;
      return i === 0 || width < 0 ? String(cell).padEnd(Math.abs(width)) : String(cell).padStart(width);
    })
    .join(' ');
}

export const ms = (value: number) => `${value.toFixed(1)} ms`;
