// Child-process entry of one task (task-process.ts): the runner is TypeScript source, so register
// tsx's loader first (as gpu/process-decode-child.mjs does), then run the task.
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());
const { register } = await import('tsx/esm/api');
register();
await import('./task-child.ts');
