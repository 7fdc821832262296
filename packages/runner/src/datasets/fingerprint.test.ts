import {
  appendFileSync,
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFingerprint } from './fingerprint';
import { writeAllFixtures } from './fixtures/write-all';
import { readNyuv2Normals } from './nyuv2';
import type { SingleLabelDataset } from './types';
import { readVocDetection, VOC_CLASSES } from './voc';

function dataset(dir: string, files: Record<string, string>, labels: Record<string, number>): SingleLabelDataset {
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const sample = (name: string) => ({
    image: {
      id: name,
      path: join(dir, name),
      load: async () => ({ kind: 'encoded' as const, bytes: Buffer.alloc(0) }),
    },
    label: labels[name]!,
  });
  return {
    dataset: 'toy',
    classes: ['a', 'b'],
    multiLabel: false,
    splits: { train: [sample('1.jpg'), sample('2.jpg')], test: [sample('3.jpg')] },
  };
}

describe('dataset fingerprint', () => {
  const files = { '1.jpg': 'aaaa', '2.jpg': 'bbbbbb', '3.jpg': 'cc' };
  const labels = { '1.jpg': 0, '2.jpg': 1, '3.jpg': 0 };

  it('is the same for two copies of the same files, and a sha256', async () => {
    const a = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    const b = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).toBe(b);
  });

  it('differs when a file has another size, a label changes, or an image moves to another split', async () => {
    const base = await datasetFingerprint(dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels));
    const resized = await datasetFingerprint(
      dataset(mkdtempSync(join(tmpdir(), 'fp-')), { ...files, '2.jpg': 'bbbbbbb' }, labels),
    );
    const relabelled = await datasetFingerprint(
      dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, { ...labels, '3.jpg': 1 }),
    );
    const moved = dataset(mkdtempSync(join(tmpdir(), 'fp-')), files, labels);
    moved.splits.test.push(moved.splits.train.pop()!);
    expect(new Set([base, resized, relabelled, await datasetFingerprint(moved)]).size).toBe(4);
  });
});

describe('dataset fingerprint of the detection and dense readers (generated VOC and NYUv2 fixtures)', () => {
  let root: string;
  let data: string;
  let copies = 0;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'fp-dense-'));
    data = join(root, 'data');
    await writeAllFixtures(data, { only: ['voc2007', 'voc2012', 'nyuv2'] });
  }, 30_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A copy of the fixture data (another folder, so the fingerprint must not depend on where data lives). */
  function copy(): string {
    const dir = join(root, `copy-${copies++}`);
    cpSync(data, dir, { recursive: true });
    return dir;
  }
  const voc2007 = (dir: string, ...parts: string[]) => join(dir, 'voc2007', 'VOCdevkit', 'VOC2007', ...parts);
  const firstTestId = (dir: string) =>
    readFileSync(voc2007(dir, 'ImageSets', 'Main', 'test.txt'), 'utf8').split('\n')[0]!;
  const dropFirstLine = (path: string) =>
    writeFileSync(path, readFileSync(path, 'utf8').split('\n').slice(1).join('\n'));
  const voc = async (dir: string) => datasetFingerprint(await readVocDetection(dir));
  const nyu = async (dir: string) => datasetFingerprint(await readNyuv2Normals(join(dir, 'nyuv2')));

  it('VOC detection: same data in two folders gives one sha256, memoised per dataset object', async () => {
    const ds = await readVocDetection(data);
    const a = await datasetFingerprint(ds);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(datasetFingerprint(ds)).toBe(datasetFingerprint(ds));
    expect(await voc(copy())).toBe(a);
  });

  it('VOC detection: a resized annotation file, a removed sample, a changed label or image each change it', async () => {
    const base = await voc(data);
    const resized = copy();
    appendFileSync(voc2007(resized, 'Annotations', `${firstTestId(resized)}.xml`), '\n');
    const removed = copy();
    dropFirstLine(voc2007(removed, 'ImageSets', 'Main', 'test.txt'));
    const relabelled = copy();
    const xml = voc2007(relabelled, 'Annotations', `${firstTestId(relabelled)}.xml`);
    const before = readFileSync(xml, 'utf8');
    const name = /<name>(\w+)<\/name>/.exec(before)![1]!;
    // Another class of the same length: only the label changes, not the file's size.
    const other = VOC_CLASSES.find((c) => c !== name && c.length === name.length)!;
    writeFileSync(xml, before.replace(`<name>${name}</name>`, `<name>${other}</name>`));
    expect(statSync(xml).size).toBe(before.length);
    const truncatedImage = copy();
    const jpg = voc2007(truncatedImage, 'JPEGImages', `${firstTestId(truncatedImage)}.jpg`);
    truncateSync(jpg, statSync(jpg).size - 1);
    const fps = [base, await voc(resized), await voc(removed), await voc(relabelled), await voc(truncatedImage)];
    expect(new Set(fps).size).toBe(5);
  });

  it('NYUv2 normals: same data in two folders gives one sha256', async () => {
    const a = await nyu(data);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(await nyu(copy())).toBe(a);
  });

  it('NYUv2 normals: a truncated mask or normals file, or a removed sample, each change it (no pixel read)', async () => {
    const base = await nyu(data);
    const testList = (dir: string) => join(dir, 'nyuv2', 'surfacenormal_metadata', 'testlist.txt');
    const firstId = (dir: string) => readFileSync(testList(dir), 'utf8').split('\n')[0]!.padStart(6, '0');
    const mask = copy();
    const png = join(mask, 'nyuv2', 'normals', `${firstId(mask)}_valid.png`);
    truncateSync(png, statSync(png).size - 1);
    const normals = copy();
    const npy = join(normals, 'nyuv2', 'normals', `${firstId(normals)}.npy`);
    truncateSync(npy, statSync(npy).size - 4);
    const removed = copy();
    dropFirstLine(testList(removed));
    const fps = [base, await nyu(mask), await nyu(normals), await nyu(removed)];
    expect(new Set(fps).size).toBe(4);
  });
});
