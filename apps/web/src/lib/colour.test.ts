import { describe, expect, it } from 'vitest';
import { columnScale, shade } from './colour';

describe('column colour scale', () => {
  it('darkens toward the best value, respecting the direction', () => {
    const higher = columnScale([10, 20, null], true);
    expect(higher(20)).toBe(shade(1));
    expect(higher(10)).toBe(shade(0));
    expect(higher(null)).toBeUndefined();
    const lower = columnScale([10, 20], false);
    expect(lower(10)).toBe(shade(1));
  });

  it('leaves constant or single-value columns uncoloured', () => {
    expect(columnScale([5, 5], true)(5)).toBeUndefined();
    expect(columnScale([5, null], true)(5)).toBeUndefined();
  });

  it('keeps lightness high enough for dark text', () => {
    expect(shade(1)).toBe('hsl(214 85% 68%)');
    expect(shade(2)).toBe('hsl(214 85% 68%)');
    expect(shade(0)).toBe('hsl(214 85% 97%)');
  });
});
