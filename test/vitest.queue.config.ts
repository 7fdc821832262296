import { workspaceTestConfig } from '../vitest.shared.ts';

// Queue tests: real API processes on their own PostgreSQL databases and real runner processes
// (`transferboard-runner work`), killed and restarted on purpose. Fixture data: dtd and pets.
export default workspaceTestConfig('queue', {
  include: ['queue/**/*.test.ts'],
  globalSetup: ['queue/global-setup.ts'],
  testTimeout: 180_000,
  fileParallelism: false,
});
