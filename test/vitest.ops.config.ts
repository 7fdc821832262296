import { workspaceTestConfig } from '../vitest.shared.ts';

// Operations tests: `npm start`'s supervisor, the API and the web app as real processes killed
// (-9) and stopped (SIGTERM) on purpose; one writer per embedded database; backup and restore.
// Each file starts its own processes on free ports and fresh data directories.
export default workspaceTestConfig('ops', {
  include: ['ops/**/*.test.ts'],
  testTimeout: 180_000,
  fileParallelism: false,
});
