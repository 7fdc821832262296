import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MT19937, numpyLegacyPermutation } from './mt19937';

function numpy(code: string): unknown {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', `import numpy as np, json\n${code}`]).toString());
}

describe('MT19937 matches NumPy legacy RandomState', () => {
  it('draws the same 32-bit words', () => {
    const ref = numpy('r=np.random.RandomState(5489); print(json.dumps([int(x) for x in r.randint(0, 2**32, size=5, dtype=np.uint64)]))') as number[];
    // randint over the full 32-bit range consumes one raw word per draw.
    const g = new MT19937(5489);
    expect([0, 1, 2, 3, 4].map(() => g.nextUint32())).toEqual(ref);
  });

  it('shuffles like np.random.seed(s); np.random.shuffle(list(range(n)))', () => {
    for (const [n, seed] of [[10, 0], [1000, 0], [777, 12345]] as const) {
      const ref = numpy(`np.random.seed(${seed}); i=list(range(${n})); np.random.shuffle(i); print(json.dumps(i))`);
      expect(Array.from(numpyLegacyPermutation(n, seed))).toEqual(ref);
    }
  });

  it('refuses a bad seed', () => {
    expect(() => new MT19937(-1)).toThrow(/seed/);
  });
});
