import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const exportsMap = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, string> })
  .exports;

/** The modules docs/runner.md's "As a library" names: `dir/module` in backticks. */
function documentedModules(): string[] {
  const doc = readFileSync(join(root, '..', '..', 'docs', 'runner.md'), 'utf8');
  const section = doc.split(/^## As a library$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/`([a-z0-9-]+\/[a-z0-9-]+)`/g)].map((m) => m[1]!);
}

describe("the runner's public modules", () => {
  it('each export points at a file that exists', () => {
    for (const [name, target] of Object.entries(exportsMap))
      expect(existsSync(join(root, target)), `${name} → ${target}`).toBe(true);
  });

  it('are exactly the ones docs/runner.md lists under "As a library"', () => {
    const exported = Object.keys(exportsMap)
      .map((k) => k.replace(/^\.\//, ''))
      .sort();
    expect(documentedModules().sort()).toEqual(exported);
  });
});
