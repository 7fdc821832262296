import { availableParallelism } from 'node:os';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * One vitest configuration for every workspace. When TB_TEST_REPORT_DIR is set (by
 * scripts/test.mjs), each run also writes a JSON report there so the root test command can
 * print one `N passed, N failed` line summed over all packages.
 */
export function workspaceTestConfig(name: string, test: NonNullable<ViteUserConfig['test']> = {}) {
  const reportDir = process.env.TB_TEST_REPORT_DIR;
  return defineConfig({
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      testTimeout: 60_000,
      // Vitest's default is one worker fewer than there are cores: one worker on a 2-core CI
      // machine, which then runs every file in turn while most of them wait on PostgreSQL, child
      // processes and sockets. Two at least (every workspace's files pass run two at a time).
      maxWorkers: Math.max(2, availableParallelism() - 1),
      hookTimeout: 180_000,
      reporters: reportDir ? ['default', ['json', { outputFile: `${reportDir}/${name}.json` }]] : ['default'],
      ...test,
    },
  });
}
