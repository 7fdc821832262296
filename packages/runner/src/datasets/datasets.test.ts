import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caltechTrainDraws } from './caltech101';
import type { FixtureManifest } from './fixtures/context';
import { writeAllFixturesWithManifests, writeAllFixtures } from './fixtures/write-all';
import { readNyuv2Normals } from './nyuv2';
import { CLASSIFICATION_SLUGS, DATA_FOLDERS, checkDataset, readDataset } from './registry';
import type { ClassificationDataset, LoadedImage } from './types';
import { VOC_CLASSES, readVoc2007Detection, readVocDetection } from './voc';

let root: string;
let manifests: Map<string, FixtureManifest>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'tb-datasets-'));
  manifests = new Map((await writeAllFixturesWithManifests(root, { seed: 7 })).map((m) => [m.dataset, m]));
});
afterAll(() => rm(root, { recursive: true, force: true }));

const pairs = (ds: ClassificationDataset, split: 'train' | 'val' | 'test') =>
  ds.multiLabel ? [] : (ds.splits[split] ?? []).map((s) => ({ id: s.image.id, label: s.label }));

async function decodedSize(img: LoadedImage): Promise<[number, number]> {
  if (img.kind === 'raw') return [img.width, img.height];
  const meta = await sharp(img.bytes).metadata();
  return [meta.width ?? 0, meta.height ?? 0];
}

const SINGLE_LABEL = CLASSIFICATION_SLUGS.filter((s) => s !== 'voc2007' && s !== 'caltech101');

describe('each reader reads its fixture exactly as written', () => {
  for (const slug of SINGLE_LABEL) {
    it(slug, async () => {
      const m = manifests.get(slug)!;
      const ds = await readDataset(slug, root);
      expect(ds.dataset).toBe(slug);
      expect(ds.classes).toEqual(m.classes);
      for (const split of ['train', 'val', 'test'] as const) {
        if (m.splits[split] === undefined) expect(ds.splits[split]).toBeUndefined();
        else expect(pairs(ds, split)).toEqual(m.splits[split]);
      }
      // Every split's first image loads and decodes to a real picture.
      for (const samples of Object.values(ds.splits)) {
        const first = samples[0];
        if (!first) continue;
        const [w, h] = await decodedSize(await first.image.load());
        expect(w).toBeGreaterThanOrEqual(32);
        expect(h).toBeGreaterThanOrEqual(24);
      }
    });
  }
});

describe('image formats', () => {
  it('ChestX images are single-channel PNGs, as the NIH archives ship them', async () => {
    const ds = await readDataset('chestx', root);
    const img = await ds.splits.train[0]!.image.load();
    if (img.kind !== 'encoded') throw new Error('expected encoded');
    expect(await sharp(img.bytes).metadata()).toMatchObject({ format: 'png', channels: 1 });
  });
});

describe('official validation splits', () => {
  it('only Aircraft, DTD, Flowers and VOC2007 have a val split', async () => {
    const withVal: string[] = [];
    for (const slug of CLASSIFICATION_SLUGS) if ((await readDataset(slug, root)).splits.val) withVal.push(slug);
    expect(withVal.sort()).toEqual(['aircraft', 'dtd', 'flowers', 'voc2007']);
  });
});

describe('CIFAR binary records', () => {
  it('hands out record pixels interleaved, from the right offset', async () => {
    const ds = await readDataset('cifar100', root);
    const sample = ds.splits.test[3]!;
    const img = await sample.image.load();
    if (img.kind !== 'raw') throw new Error('expected raw');
    const file = await readFile(join(root, 'cifar100', 'cifar-100-binary', 'test.bin'));
    const rec = file.subarray(3 * 3074, 4 * 3074);
    expect(ds.multiLabel === false && ds.splits.test[3]!.label).toBe(rec[1]);
    expect([img.width, img.height, img.channels]).toEqual([32, 32, 3]);
    for (const px of [0, 1, 33, 1023]) {
      expect([img.data[px * 3], img.data[px * 3 + 1], img.data[px * 3 + 2]]).toEqual([
        rec[2 + px],
        rec[2 + 1024 + px],
        rec[2 + 2048 + px],
      ]);
    }
  });
});

describe('Caltech-101 paper split', () => {
  it('matches the published caltech101-splits draw for the first classes', () => {
    // BACKGROUND_Google (467 images) and Faces (435): image numbers in the paper's train.txt.
    const [bg, faces] = caltechTrainDraws([467, 435]).map((d) => d.map((i) => i + 1));
    expect(bg).toEqual([
      10, 26, 40, 48, 71, 73, 88, 88, 89, 89, 118, 166, 173, 175, 193, 194, 196, 212, 243, 252, 266, 278, 293, 315, 324,
      334, 338, 360, 397, 405,
    ]);
    expect(faces?.slice(0, 10)).toEqual([29, 32, 33, 100, 116, 128, 129, 129, 148, 148]);
  });

  it('draws 30 per class with replacement; every other image is test', async () => {
    const m = manifests.get('caltech101')!;
    const ds = await readDataset('caltech101', root);
    if (ds.multiLabel) throw new Error('single-label expected');
    expect(ds.classes).toEqual(m.classes);
    expect(ds.splits.train).toHaveLength(30 * m.classes.length);
    const trainIds = new Set(ds.splits.train.map((s) => s.image.id));
    expect(trainIds.size).toBeLessThan(ds.splits.train.length); // duplicates kept, as the paper's list
    const all = m.splits.all!;
    expect(ds.splits.test.map((s) => ({ id: s.image.id, label: s.label }))).toEqual(
      all.filter((s) => !trainIds.has(s.id)),
    );
    const sizes = m.classes.map((_, c) => all.filter((s) => s.label === c).length);
    const expected = caltechTrainDraws(sizes).flatMap((draw, c) =>
      draw.map((i) => all.filter((s) => s.label === c)[i]!.id),
    );
    expect(ds.splits.train.map((s) => s.image.id)).toEqual(expected);
  });
});

describe('VOC', () => {
  it('classification lists agree with the XML annotations; difficult-only counts as negative', async () => {
    const ds = await readDataset('voc2007', root);
    if (!ds.multiLabel) throw new Error('multi-label expected');
    expect(ds.classes).toEqual(VOC_CLASSES);
    const det = await readVoc2007Detection(root);
    const byId = new Map([...det.trainval, ...det.test].map((s) => [s.image.id, s]));
    let difficultSeen = 0;
    for (const split of ['train', 'val', 'test'] as const) {
      expect(ds.splits[split]!.map((s) => s.image.id)).toEqual(
        manifests.get('voc2007')!.splits[split]!.map((s) => s.id),
      );
      for (const s of ds.splits[split]!) {
        const objects = byId.get(s.image.id)!.objects;
        for (let c = 0; c < VOC_CLASSES.length; c++) {
          const mine = objects.filter((o) => o.label === c);
          expect(s.labels[c]).toBe(mine.some((o) => !o.difficult) ? 1 : 0);
          const onlyDifficult = mine.length > 0 && mine.every((o) => o.difficult);
          expect(s.difficult?.[c]).toBe(onlyDifficult ? 1 : 0);
          if (onlyDifficult) difficultSeen++;
        }
      }
    }
    expect(difficultSeen).toBe(1);
  });

  it('detection: 07 trainval + 12 trainval / 07 test, 0-based boxes clipped with a warning, empty images kept', async () => {
    const det = await readVocDetection(root);
    expect(det.splits.train).toHaveLength(12 + 5);
    expect(det.splits.test).toHaveLength(7);
    const clipped = det.splits.train.find((s) => s.image.id === 'VOCdevkit/VOC2012/JPEGImages/2008_000015.jpg')!;
    const person = clipped.objects.at(-1)!;
    expect(person).toMatchObject({
      label: VOC_CLASSES.indexOf('person'),
      box: [49, 29, 64, 48],
      truncated: true,
      difficult: false,
    });
    expect(det.warnings.some((w) => w.includes('2008_000015.xml') && w.includes('clipped'))).toBe(true);
    const empty = det.splits.train.find((s) => s.image.id.endsWith('2010_000002.jpg'))!;
    expect(empty.objects).toEqual([]);
    expect(det.warnings.some((w) => w.includes('2010_000002.xml') && w.includes('no objects'))).toBe(true);
    expect([clipped.width, clipped.height]).toEqual([64, 48]);
  });
});

describe('NYUv2 normals', () => {
  it('reads the 795/654-style lists and unit normals with a validity mask', async () => {
    const ds = await readNyuv2Normals(join(root, 'nyuv2'));
    expect(ds.splits.train.map((s) => s.id)).toEqual(['000003', '000004', '000005', '000011', '000012', '000013']);
    expect(ds.splits.test).toHaveLength(4);
    const map = await ds.splits.test[0]!.loadNormals();
    expect([map.width, map.height]).toEqual([32, 24]);
    for (let i = 0; i < map.width * map.height; i += 37) {
      const [x, y, z] = [map.normals[i * 3]!, map.normals[i * 3 + 1]!, map.normals[i * 3 + 2]!];
      expect(Math.hypot(x, y, z)).toBeCloseTo(1, 5);
    }
    expect(map.valid[0]).toBe(0);
    expect(map.valid[map.width + 1]).toBe(1);
    const [w, h] = await decodedSize(await ds.splits.test[0]!.image.load());
    expect([w, h]).toEqual([32, 24]);
  });
});

describe('fixtures', () => {
  it('every folder checks as present', async () => {
    for (const slug of DATA_FOLDERS) {
      const report = await checkDataset(slug, root);
      expect({ slug, status: report.status, issues: report.issues }).toEqual({ slug, status: 'present', issues: [] });
    }
  });

  it('are deterministic for a seed and small', async () => {
    const other = await mkdtemp(join(tmpdir(), 'tb-datasets-'));
    try {
      await writeAllFixtures(other, { seed: 7, only: ['flowers', 'cars', 'cifar10'] });
      for (const f of [
        'flowers/setid.mat',
        'flowers/jpg/image_00003.jpg',
        'cars/devkit/cars_train_annos.mat',
        'cifar10/cifar-10-batches-bin/data_batch_2.bin',
      ]) {
        expect((await readFile(join(other, f))).equals(await readFile(join(root, f)))).toBe(true);
      }
      await writeAllFixtures(other, { seed: 8, only: ['flowers'] });
      expect(
        (await readFile(join(other, 'flowers/jpg/image_00003.jpg'))).equals(
          await readFile(join(root, 'flowers/jpg/image_00003.jpg')),
        ),
      ).toBe(false);
    } finally {
      await rm(other, { recursive: true, force: true });
    }
    const total = (dir: string): number =>
      readdirSync(dir, { withFileTypes: true }).reduce(
        (sum, e) => sum + (e.isDirectory() ? total(join(dir, e.name)) : statSync(join(dir, e.name)).size),
        0,
      );
    expect(total(root)).toBeLessThan(5 * 1024 * 1024);
    expect((await stat(join(root, 'eurosat', '2750'))).isDirectory()).toBe(true);
  });
});
