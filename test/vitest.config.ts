import { workspaceTestConfig } from '../vitest.shared.ts';

// Cross-package tests: a real API process on real PostgreSQL (or PGlite), the production web
// build, and Debian's Chromium driven by playwright-core.
export default workspaceTestConfig('e2e', {
  include: ['e2e/**/*.test.ts'],
  globalSetup: ['e2e/global-setup.ts'],
  fileParallelism: false,
});
