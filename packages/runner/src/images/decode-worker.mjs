// Worker-thread entry: the runner is TypeScript source, so register tsx's loader before loading
// the real worker (the same way bin/transferboard-runner.mjs starts the CLI).
import { register } from 'tsx/esm/api';

register();
await import('./decode-worker.ts');
