import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkCudaLibraries,
  describeMissing,
  onnxruntimeBinaryDir,
  parseLddMissing,
  parseMissingLibrary,
} from './cuda-libraries';

// Messages as onnxruntime 1.29 prints them (provider_bridge_ort.cc / env.cc), captured on hosts without the libraries.
const NO_PROVIDER =
  'Failed to load library libonnxruntime_providers_cuda.so with error: libonnxruntime_providers_cuda.so: cannot open shared object file: No such file or directory';
const NO_CUBLAS =
  '/app/node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory';

describe('parseMissingLibrary', () => {
  it('names the dependency the loader could not open, not the provider that needed it', () => {
    expect(parseMissingLibrary(`Failed to load library ${NO_CUBLAS}`)).toBe('libcublasLt.so.13');
    expect(parseMissingLibrary(NO_PROVIDER)).toBe('libonnxruntime_providers_cuda.so');
  });

  it('returns null for errors that are not about a library', () => {
    expect(parseMissingLibrary('CUDA failure 100: no CUDA-capable device is detected')).toBeNull();
  });
});

describe('parseLddMissing', () => {
  it('lists each not-found soname once', () => {
    const out =
      '\tlinux-vdso.so.1 (0x00007ffd)\n\tlibcublasLt.so.13 => not found\n\tlibcudnn.so.9 => not found\n\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x7f)\n\tlibcudnn.so.9 => not found\n';
    expect(parseLddMissing(out)).toEqual(['libcublasLt.so.13', 'libcudnn.so.9']);
  });
});

describe('describeMissing', () => {
  it('says where each library comes from', () => {
    const text = describeMissing(['libonnxruntime_providers_cuda.so', 'libcudnn.so.9']);
    expect(text).toContain('not installed beside onnxruntime-node');
    expect(text).toContain('cuDNN 9 for CUDA 13');
  });
});

describe('checkCudaLibraries', () => {
  const dirs: string[] = [];
  afterAll(() =>
    dirs.forEach((d) => {
      rmSync(d, { recursive: true, force: true });
    }),
  );

  it('finds the provider absent from an onnxruntime-node installed with ONNXRUNTIME_NODE_INSTALL=skip', async () => {
    const check = await checkCudaLibraries(onnxruntimeBinaryDir());
    expect(check.providerMissing).toContain('libonnxruntime_providers_cuda.so');
    expect(check.dependenciesMissing).toEqual([]);
  });

  // A real ELF provider stand-in linked against a cuBLAS soname that is then removed: ldd must name it.
  it.skipIf(!hasGcc())('names a dependency of the provider that the loader cannot find', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tb-cudalibs-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'stub.c'), 'int stub(void) { return 1; }\n');
    writeFileSync(join(dir, 'provider.c'), 'int stub(void); int provider(void) { return stub(); }\n');
    execFileSync('gcc', [
      '-shared',
      '-fPIC',
      '-o',
      join(dir, 'libstub.so'),
      '-Wl,-soname,libcublasLt.so.13',
      join(dir, 'stub.c'),
    ]);
    execFileSync('gcc', [
      '-shared',
      '-fPIC',
      '-o',
      join(dir, 'libonnxruntime_providers_cuda.so'),
      join(dir, 'provider.c'),
      `-L${dir}`,
      '-l:libstub.so',
    ]);
    writeFileSync(join(dir, 'libonnxruntime_providers_shared.so'), '');
    rmSync(join(dir, 'libstub.so'));
    const check = await checkCudaLibraries(dir);
    expect(check.providerMissing).toEqual([]);
    expect(check.dependenciesMissing).toEqual(['libcublasLt.so.13']);
  });
});

function hasGcc(): boolean {
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
