import { describe, expect, it } from 'vitest';
import { etaText } from './eta-format';

describe('etaText', () => {
  it('says less than a minute, then minutes, then hours and minutes', () => {
    expect(etaText(0)).toBe('less than a minute left');
    expect(etaText(59)).toBe('less than a minute left');
    expect(etaText(60)).toBe('about 1 minute left');
    expect(etaText(89)).toBe('about 1 minute left');
    expect(etaText(90)).toBe('about 2 minutes left');
    expect(etaText(119 * 60)).toBe('about 119 minutes left');
    expect(etaText(120 * 60)).toBe('about 2 h left');
    expect(etaText(200 * 60 + 10)).toBe('about 3 h 20 min left');
  });
});
