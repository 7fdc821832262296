import { readFile, readdir, stat } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { malformed, missing } from './errors';
import type { ImageRef } from './types';

export async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** The folder the official archive extracts to; its absence means the dataset is not there at all. */
export async function requireTopDir(path: string, fix: string): Promise<void> {
  if (!(await isDir(path))) throw missing(path, 'folder not found', fix);
}

export async function requireDir(path: string, fix: string): Promise<void> {
  if (!(await isDir(path))) throw malformed(path, 'folder not found', fix);
}

export async function readRequiredFile(path: string, fix: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw malformed(path, 'file not found or unreadable', fix);
  }
}

export async function readRequiredText(path: string, fix: string): Promise<string> {
  return (await readRequiredFile(path, fix)).toString('utf8');
}

/** Non-empty lines with surrounding whitespace (and Windows line ends) removed. */
export function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Entry names sorted by code point, as Python's sorted(os.listdir()) orders them. */
export async function sortedEntries(dir: string): Promise<{ name: string; isDir: boolean }[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .map((e) => ({ name: e.name, isDir: e.isDirectory() }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function sortedSubdirs(dir: string): Promise<string[]> {
  return (await sortedEntries(dir)).filter((e) => e.isDir).map((e) => e.name);
}

/** torchvision's IMG_EXTENSIONS, compared case-insensitively as ImageFolder does. */
const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.ppm', '.bmp', '.pgm', '.tif', '.tiff', '.webp'];

export function isImageName(name: string): boolean {
  const lower = name.toLowerCase();
  return IMAGE_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/** An image stored as its own file; the id is its path relative to the dataset folder, with "/". */
export function fileImage(datasetRoot: string, absPath: string): ImageRef {
  const id = relative(datasetRoot, absPath).split(sep).join(posix.sep);
  return {
    id,
    path: absPath,
    load: async () => ({ kind: 'encoded', bytes: await readFile(absPath) }),
  };
}

export function imageAt(datasetRoot: string, ...parts: string[]): ImageRef {
  return fileImage(datasetRoot, join(datasetRoot, ...parts));
}
