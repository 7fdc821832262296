#!/usr/bin/env node
// First, before anything uses libuv's thread pool (created on first use, sized from this variable):
// sharp decodes on it, and its default of 4 threads caps decoding at 4 images at once however
// many decoder threads there are (docs/gpu.md). Static imports are hoisted, so the rest is dynamic.
import { availableParallelism } from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(availableParallelism());

// The runner is TypeScript source; tsx's loader lets the CLI run without a build step.
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
