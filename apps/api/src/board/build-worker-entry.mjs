// The board-build worker's entry: plain JavaScript, so it starts under any runner (the API under
// tsx, vitest), then loads the TypeScript worker through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./build-worker.ts');
