#!/usr/bin/env node
// The runner is TypeScript source; tsx's loader lets the CLI run without a build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
