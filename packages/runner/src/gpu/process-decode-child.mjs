// Child-process entry: the runner is TypeScript source, so register tsx's loader first (as
// images/decode-worker.mjs does). A bundled build ships a compiled file under this same name.
import { register } from 'tsx/esm/api';

register();
await import('./process-decode-child.ts');
