import { workspaceTestConfig } from '../../vitest.shared';

export default workspaceTestConfig('suite');
