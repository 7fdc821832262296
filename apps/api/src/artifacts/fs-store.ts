import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { ArtifactStore } from './store';

/** Blobs as files under one directory; writes are a rename, so a reader never sees half a file. */
export class FsArtifactStore implements ArtifactStore {
  readonly location: string;
  readonly tmpDir: string;

  constructor(root: string) {
    this.location = resolve(root);
    this.tmpDir = join(this.location, 'tmp');
  }

  private path(key: string): string {
    const full = resolve(this.location, key);
    // Keys are made by storageKeyFor; this guards against a tampered database row all the same.
    if (!full.startsWith(this.location + sep))
      throw new Error(`storage key "${key}" points outside the artifact store`);
    return full;
  }

  async put(key: string, tmpPath: string): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    if (await exists(target)) {
      await rm(tmpPath, { force: true });
      return;
    }
    await rename(tmpPath, target);
  }

  exists(key: string): Promise<boolean> {
    return exists(this.path(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async open(key: string): Promise<{ stream: ReturnType<typeof createReadStream>; size: number } | null> {
    const path = this.path(key);
    try {
      const { size } = await stat(path);
      return { stream: createReadStream(path), size };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
