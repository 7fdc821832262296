import { describe, expect, it } from 'vitest';
import { familyLabel, featureSourceLabel, formatGflops, formatMiB, formatParameters, formatRate } from './cost-format';

describe('cost formatting', () => {
  it('writes parameters in M / k / B and GFLOPs with the digits that separate models', () => {
    expect(formatParameters(25_530_472)).toBe('25.5 M');
    expect(formatParameters(125_880)).toBe('125.9 k');
    expect(formatParameters(1_200_000_000)).toBe('1.20 B');
    expect(formatParameters(null)).toBe('—');
    expect(formatGflops(8.178)).toBe('8.18');
    expect(formatGflops(35.1)).toBe('35.1');
    expect(formatGflops(0.0585)).toBe('0.059');
  });

  it('writes rates and memory, and labels families and feature sources', () => {
    expect(formatRate(13.44)).toBe('13.4');
    expect(formatRate(1234.5)).toBe('1235');
    expect(formatMiB(900)).toBe('900 MiB');
    expect(formatMiB(2048)).toBe('2.0 GiB');
    expect(familyLabel('VISION_TRANSFORMER')).toBe('vision transformer');
    expect(familyLabel(null)).toBe('—');
    expect(featureSourceLabel('classifier-input')).toBe("the input of the model's classifier head");
  });
});
