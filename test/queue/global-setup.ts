import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT } from '../e2e/processes';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesDir: string;
  }
}

/** Fixture datasets (two small ones: the queue tests run a two-task subset) and the tiny backbone, once for every file. */
export default function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'tb-queue-fixtures-'));
  execFileSync(
    process.execPath,
    [join(ROOT, 'packages/runner/bin/transferboard-runner.mjs'), 'fixtures', '--out', dir, '--datasets', 'dtd,pets'],
    { cwd: ROOT, stdio: 'ignore' },
  );
  project.provide('fixturesDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
