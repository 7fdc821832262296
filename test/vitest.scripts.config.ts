import { fileURLToPath } from 'node:url';
import { workspaceTestConfig } from '../vitest.shared.ts';

// Tests of the repository's scripts/ (the bench records' helper), part of this workspace's npm test:
//   cd test && npx vitest run -c vitest.scripts.config.ts
export default workspaceTestConfig('scripts', {
  dir: fileURLToPath(new URL('../scripts/', import.meta.url)),
  include: ['**/*.test.ts'],
});
