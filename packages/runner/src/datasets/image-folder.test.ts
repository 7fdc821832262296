import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFolder } from './image-folder';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tb-imagefolder-'));
  const files = ['b/z.JPG', 'b/a.png', 'b/a/x.jpg', 'b/a-b/y.jpeg', 'b/notes.txt', 'a/10.jpg', 'a/2.jpg', 'a/1.webp'];
  for (const f of files) {
    await mkdir(join(root, 'data', f, '..'), { recursive: true });
    await writeFile(join(root, 'data', f), 'x');
  }
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('readImageFolder', () => {
  it('follows torchvision ImageFolder: sorted classes, sorted os.walk roots, any-case image extensions', async () => {
    const ds = await readImageFolder('eurosat', root, join(root, 'data'), 'fix');
    expect(ds.classes).toEqual(['a', 'b']);
    expect(ds.splits.train.map((s) => [s.image.id, s.label])).toEqual([
      ['data/a/1.webp', 0],
      ['data/a/10.jpg', 0],
      ['data/a/2.jpg', 0],
      // What python3's sorted(os.walk('b')) gives: roots "b", "b/a", "b/a-b", files sorted in each.
      ['data/b/a.png', 1],
      ['data/b/z.JPG', 1],
      ['data/b/a/x.jpg', 1],
      ['data/b/a-b/y.jpeg', 1],
    ]);
  });
});
