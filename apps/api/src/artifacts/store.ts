import type { Readable } from 'node:stream';

/**
 * Where model files live, keyed by their sha256. The API streams uploads into a temporary file
 * first (hashing and validating it), then hands the finished file to the store; downloads
 * stream back out. The filesystem store serves one machine; the S3 store serves many replicas.
 */
export interface ArtifactStore {
  /** Human-readable location for logs. */
  readonly location: string;
  /** A directory on local disk for uploads in progress (same filesystem as the store when it is one). */
  readonly tmpDir: string;
  /** Moves a finished temporary file into the store under `key`; a key already stored is kept as it is. */
  put(key: string, tmpPath: string, size: number): Promise<void>;
  /** The stored bytes as a stream with their size, or null when the key is absent. */
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  /** Whether `key` is stored. */
  exists(key: string): Promise<boolean>;
  /** Removes `key` (garbage collection); an absent key is not an error. */
  delete(key: string): Promise<void>;
}

/** Storage key for a blob: content-addressed, fanned out so no directory holds millions of files. */
export function storageKeyFor(sha256: string): string {
  return `sha256/${sha256.slice(0, 2)}/${sha256}.onnx`;
}
