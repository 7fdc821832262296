import { describe, expect, it } from 'vitest';
import { decodeState, EMPTY_VALUES, encodeState } from './submit-state';

describe('the submit form state carried in /submit?state=', () => {
  it('round-trips errors, message and values', () => {
    const state = {
      errors: { name: 'Enter a name for the model.' },
      message: 'The API refused',
      values: { ...EMPTY_VALUES, description: 'kept é ✓' },
    };
    expect(decodeState(encodeState(state))).toEqual({ ...state, attempt: 1 });
  });

  it('keeps only the known fields, as strings, and never a token', () => {
    const forged = Buffer.from(
      JSON.stringify({ errors: { name: 3, file: 'x' }, values: { name: 'n', token: 'tb_secret', extra: 'y' } }),
    ).toString('base64url');
    const state = decodeState(forged)!;
    expect(state.errors).toEqual({ file: 'x' });
    expect(state.values).toEqual({ ...EMPTY_VALUES, name: 'n' });
    expect(JSON.stringify(state)).not.toContain('tb_secret');
  });

  it('ignores what is not a state', () => {
    expect(decodeState(undefined)).toBeNull();
    expect(decodeState('%%%')).toBeNull();
    expect(decodeState(Buffer.from('[1,2]').toString('base64url'))).toBeNull();
    expect(decodeState('a'.repeat(30_000))).toBeNull();
  });
});
