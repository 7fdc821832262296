import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** The CommonJS modules a fresh Node process has loaded after importing `specifiers` (native addons are CommonJS). */
function loadedModules(specifiers: string[]): string[] {
  const script = `${specifiers.map((s) => `await import(${JSON.stringify(s)});`).join('\n')}
const { createRequire } = await import('node:module');
process.stdout.write(JSON.stringify(Object.keys(createRequire(import.meta.url).cache)));`;
  const out = execFileSync(process.execPath, ['--import', TSX, '--input-type=module', '-e', script], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

const HEAVY = /node_modules\/(onnxruntime-node|onnxruntime-common|sharp|@img)\/|packages\/runner\//;

describe('package boundaries', () => {
  it('the API, its upload route and its validator load neither onnxruntime, nor sharp, nor the runner', () => {
    const loaded = loadedModules([
      './src/server.ts',
      './src/artifacts/from-env.ts',
      './src/artifacts/validate.ts',
      '@transferboard/onnx-intake/inspect',
      '@transferboard/onnx-intake/model-error',
    ]);
    expect(loaded.some((m) => m.includes('onnx-proto'))).toBe(true);
    expect(loaded.filter((m) => HEAVY.test(m))).toEqual([]);
  });

  it('would notice if they did', () => {
    expect(loadedModules(['onnxruntime-node']).some((m) => HEAVY.test(m))).toBe(true);
  });
});
