// `npm test`: install what is missing, type-check every workspace and the scripts, start a real
// PostgreSQL server, run every test of every workspace (unit, API, db on PGlite and PostgreSQL,
// end-to-end in Chromium), and finish with one line `N passed, N failed, N skipped` summed over
// all of them (a failed type check counts as one failure, and so does a failed `npm run lint`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, ensureAptPackages, ensureNodeModules, log, POSTGRES, ROOT } from './lib/ensure.mjs';
import { startPostgres } from './lib/postgres.mjs';

ensureAptPackages([POSTGRES, CHROMIUM]);
ensureNodeModules();

// Tests run TypeScript through tsx and vitest, which strip types without checking them.
log('type-checking (npm run typecheck)');
const typecheck = spawnSync('npm', ['run', 'typecheck', '--silent'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});
const typecheckFailed = typecheck.status !== 0;
if (typecheckFailed) log('the type check failed (above); the tests run anyway');

// Biome (lint and format), knip (unused files, exports, dependencies) and the licence check.
log('linting (npm run lint)');
const lint = spawnSync('npm', ['run', 'lint', '--silent'], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' },
});
const lintFailed = lint.status !== 0;
if (lintFailed) log('the lint failed (above); the tests run anyway');

const reportDir = mkdtempSync(join(tmpdir(), 'tb-test-reports-'));
const pg = await startPostgres();
let turboStatus = 1;
try {
  const extra = process.argv.slice(2);
  const result = spawnSync(
    'npx',
    ['turbo', 'run', 'test', '--concurrency=1', '--continue', '--log-order=stream', ...extra],
    {
      cwd: ROOT,
      stdio: 'inherit',
      env: {
        ...process.env,
        TURBO_TELEMETRY_DISABLED: '1',
        NEXT_TELEMETRY_DISABLED: '1',
        TEST_DATABASE_URL: pg.url,
        TB_TEST_REPORT_DIR: reportDir,
        FORCE_COLOR: process.env.FORCE_COLOR ?? '0',
      },
    },
  );
  turboStatus = result.status ?? 1;
} finally {
  pg.stop();
}

let passed = 0;
let failed = 0;
let skipped = 0;
const files = existsSync(reportDir) ? readdirSync(reportDir).filter((f) => f.endsWith('.json')) : [];
for (const file of files) {
  const report = JSON.parse(readFileSync(join(reportDir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  // A file that fails to load has no failed test, only a failed suite: count it too.
  failed += report.numFailedTests || report.numFailedTestSuites || 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
rmSync(reportDir, { recursive: true, force: true });
log(`${files.length} test reports read`);
if (typecheckFailed) failed += 1;
if (lintFailed) failed += 1;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (turboStatus !== 0 || failed > 0 || passed === 0) process.exit(1);
