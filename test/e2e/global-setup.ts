import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ROOT } from './processes';
import { startStack } from './stack';

declare module 'vitest' {
  export interface ProvidedContext {
    webUrl: string;
    apiUrl: string;
    /** The API's data directory: its control socket (api.sock) reports the response cache's counters. */
    dataDir: string;
  }
}

/** The product as `npm start` runs it (stack.ts), shared by the e2e test files. */
export default async function setup(project: TestProject) {
  if (!existsSync(join(ROOT, 'apps/web/.next/BUILD_ID'))) {
    throw new Error('The web app is not built: run `npm test` (turbo builds it first) or `npx turbo run build`.');
  }
  const stack = await startStack();
  project.provide('webUrl', stack.webUrl);
  project.provide('apiUrl', stack.apiUrl);
  project.provide('dataDir', stack.dataDir);
  return stack.stop;
}
