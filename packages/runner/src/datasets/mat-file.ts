import { malformed } from './errors';
import { readRequiredFile } from './files';
import { MatFormatError, readMat, type MatValue } from './mat5';

/** Reads a MAT-file, turning format problems into a DatasetError naming the file. */
export async function readMatFile(path: string, fix: string): Promise<Record<string, MatValue>> {
  const bytes = await readRequiredFile(path, fix);
  try {
    return readMat(bytes);
  } catch (e) {
    if (e instanceof MatFormatError) throw malformed(path, `not a readable MAT-file: ${e.message}`, fix);
    throw e;
  }
}

/** Runs an accessor over parsed MAT data, reporting a wrong shape as a malformed file. */
export function fromMat<T>(path: string, fix: string, get: () => T): T {
  try {
    return get();
  } catch (e) {
    if (e instanceof MatFormatError) throw malformed(path, e.message, fix);
    throw e;
  }
}
