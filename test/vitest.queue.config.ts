import { workspaceTestConfig } from '../vitest.shared.ts';

// Queue tests: real API processes on their own PostgreSQL databases and real runner processes
// (`transferboard-runner work`), killed and restarted on purpose. Fixture data: dtd and pets.
export default workspaceTestConfig('queue', {
  include: ['queue/**/*.test.ts'],
  globalSetup: ['queue/global-setup.ts'],
  testTimeout: 180_000,
  // Two files at a time: each has its own database, API process, port and runner work folder,
  // and most of their time is waiting (leases, stalls, idle downloads), not computing.
  maxWorkers: 2,
});
