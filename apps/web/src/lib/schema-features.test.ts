import { describe, expect, it } from 'vitest';
import { buildFeatures } from './schema-features';

describe('buildFeatures', () => {
  const features = buildFeatures([
    { name: 'Query', fields: [{ name: 'leaderboard', args: [{ name: 'suite' }, { name: 'aggregate' }] }, { name: 'submissions', args: [] }], inputFields: null },
    { name: 'SubmitModelInput', fields: null, inputFields: [{ name: 'artifactId' }] },
  ]);

  it('answers which types, fields and input fields the API serves', () => {
    expect(features.has('Query')).toBe(true);
    expect(features.has('Query', 'leaderboard')).toBe(true);
    expect(features.has('Query', 'correlation')).toBe(false);
    expect(features.has('Mutation', 'submitModel')).toBe(false);
    expect(features.has('SubmitModelInput', 'artifactId')).toBe(true);
  });

  it('lists a field\'s arguments', () => {
    expect(features.args('Query', 'leaderboard')).toEqual(['suite', 'aggregate']);
    expect(features.args('Query', 'nope')).toEqual([]);
  });
});
