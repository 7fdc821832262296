import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnScale, shade, step } from './colour';

describe('column colour scale', () => {
  it('darkens toward the best value, respecting the direction', () => {
    const higher = columnScale([10, 20, 15, null], true);
    expect(higher(20)).toBe('c9');
    expect(higher(10)).toBe('c0');
    expect(higher(15)).toBe('c5');
    expect(higher(null)).toBeUndefined();
    expect(columnScale([10, 20], false)(10)).toBe('c9');
  });

  it('leaves constant or single-value columns uncoloured', () => {
    expect(columnScale([5, 5], true)(5)).toBeUndefined();
    expect(columnScale([5, null], true)(5)).toBeUndefined();
  });

  it('clamps and keeps lightness high enough for dark text', () => {
    expect(step(2)).toBe(9);
    expect(step(-1)).toBe(0);
    expect(shade(9)).toBe('hsl(214 85% 68%)');
    expect(shade(0)).toBe('hsl(214 85% 97%)');
  });

  it('has a CSS rule for every step, with the colour shade() names', () => {
    const css = readFileSync(new URL('../app/globals.css', import.meta.url), 'utf8');
    // Whitespace-insensitive: the formatter lays rules out over several lines.
    const flat = css.replace(/\s+/g, ' ');
    for (let i = 0; i < 10; i++) expect(flat).toContain(`.board .c${i} { background: ${shade(i)}; }`);
  });
});
