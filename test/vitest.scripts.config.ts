import { fileURLToPath } from 'node:url';
import { workspaceTestConfig } from '../vitest.shared.ts';

// Tests of the repository's scripts (the bench records' helper): run from the repository root.
export default workspaceTestConfig('scripts', {
  dir: fileURLToPath(new URL('../scripts/', import.meta.url)),
  include: ['**/*.test.ts'],
});
