import { describe, expect, it } from 'vitest';
import { findCopyleft, judge, type LsNode, toExpression } from './licences';

describe('judge', () => {
  it('fails GPL and AGPL of every version and form', () => {
    for (const id of [
      'GPL-3.0',
      'GPL-3.0-only',
      'GPL-2.0-or-later',
      'GPL-2.0+',
      'AGPL-3.0-only',
      'GPL-2.0 WITH Classpath-exception-2.0',
    ]) {
      expect(judge(id)).toMatchObject({ ok: false, reason: 'is GPL or AGPL' });
    }
  });

  it('allows LGPL (sharp’s libvips) and the permissive licences', () => {
    for (const id of [
      'LGPL-3.0-or-later',
      'LGPL-2.1',
      'MIT',
      'Apache-2.0',
      'BSD-3-Clause',
      'ISC',
      '0BSD',
      'BlueOak-1.0.0',
    ]) {
      expect(judge(id)).toEqual({ ok: true, expression: id });
    }
  });

  it('allows a dual licence with a permissive choice, not a conjunction with GPL', () => {
    expect(judge('(MIT OR GPL-3.0)').ok).toBe(true);
    expect(judge('(MIT AND GPL-3.0)').ok).toBe(false);
    expect(judge('(GPL-2.0 OR AGPL-3.0)').ok).toBe(false);
    expect(judge('(MIT AND BSD-3-Clause)').ok).toBe(true);
  });

  it('reads the legacy `licenses` array and `license` object', () => {
    expect(toExpression([{ type: 'MIT' }])).toBe('MIT');
    expect(toExpression([{ type: 'MIT' }, { type: 'GPL-2.0' }])).toBe('(MIT OR GPL-2.0)');
    expect(judge({ type: 'GPL-3.0' }).ok).toBe(false);
  });

  it('fails a package with no licence or a licence that is not SPDX, saying what to do', () => {
    expect(judge(undefined)).toMatchObject({ ok: false, reason: expect.stringContaining('declares no licence') });
    expect(judge('SEE LICENSE IN LICENSE.txt')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('not an SPDX expression'),
    });
  });
});

describe('findCopyleft', () => {
  const tree: LsNode = {
    dependencies: {
      '@transferboard/runner': {
        dependencies: {
          sharp: {
            dependencies: { '@img/sharp-libvips-linux-x64': {}, 'gpl-thing': { dependencies: { 'mit-leaf': {} } } },
          },
          '@transferboard/suite': { dependencies: { 'gpl-thing': {} } },
        },
      },
      '@transferboard/db': { dependencies: { 'optional-peer': {} } },
    },
  };
  const licences: Record<string, string> = {
    sharp: 'Apache-2.0',
    '@img/sharp-libvips-linux-x64': 'LGPL-3.0-or-later',
    'gpl-thing': 'GPL-3.0-only',
    'mit-leaf': 'MIT',
  };
  const licenceOf = (name: string) => (name in licences ? { version: '1.0.0', declared: licences[name] } : undefined);

  it('names each offending package once, with the chain that reaches it', () => {
    const { findings, judged } = findCopyleft(tree, licenceOf, (n) => n.startsWith('@transferboard/'));
    expect(findings).toEqual([
      {
        name: 'gpl-thing',
        version: '1.0.0',
        expression: 'GPL-3.0-only',
        reason: 'is GPL or AGPL',
        chain: ['@transferboard/runner', 'sharp', 'gpl-thing'],
      },
    ]);
    // the workspaces themselves and the optional peer nobody installed are not judged
    expect(judged).toBe(4);
  });
});
