// The worker thread's entry: plain JavaScript, so it starts under any runner (the API under tsx,
// vitest), then loads the TypeScript worker through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('./interval-worker.ts');
