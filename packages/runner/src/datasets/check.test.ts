import { appendFile, mkdtemp, readFile, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { writeAllFixtures } from './fixtures/write-all';
import { mat, writeMat } from './mat5';
import { checkDataset, readDataset, type DataFolder } from './registry';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tb-check-'));
});
afterEach(() => rm(root, { recursive: true, force: true }));

const fixture = (slug: DataFolder) => writeAllFixtures(root, { seed: 1, only: [slug] });

describe('checkDataset on broken layouts', () => {
  it('missing: the dataset folder is absent, and the fix says what to download and where', async () => {
    const r = await checkDataset('food', root);
    expect(r.status).toBe('missing');
    expect(r.issues[0]!.path).toBe(join(root, 'food', 'food-101'));
    expect(r.issues[0]!.fix).toMatch(/food-101\.tar\.gz.*food folder/);
  });

  it('missing: an empty VOC2012 folder', async () => {
    await fixture('voc2012');
    await rm(join(root, 'voc2012', 'VOCdevkit'), { recursive: true });
    const r = await checkDataset('voc2012', root);
    expect(r.status).toBe('missing');
    expect(r.issues[0]!.fix).toMatch(/VOCtrainval_11-May-2012\.tar/);
  });

  it('malformed: a truncated CIFAR batch', async () => {
    await fixture('cifar10');
    const path = join(root, 'cifar10', 'cifar-10-batches-bin', 'data_batch_3.bin');
    await truncate(path, 3073 * 2 + 100);
    const r = await checkDataset('cifar10', root);
    expect(r.status).toBe('malformed');
    expect(r.issues).toEqual([
      {
        path,
        problem: expect.stringMatching(/not a whole number of 3073-byte records/),
        fix: expect.stringMatching(/cifar-10-binary\.tar\.gz/),
      },
    ]);
    await expect(readDataset('cifar10', root)).rejects.toBeInstanceOf(DatasetError);
  });

  it('malformed: a CIFAR-100 label outside the class range', async () => {
    await fixture('cifar100');
    const path = join(root, 'cifar100', 'cifar-100-binary', 'test.bin');
    const bytes = await readFile(path);
    bytes[1] = 200;
    await writeFile(path, bytes);
    const r = await checkDataset('cifar100', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]!.problem).toMatch(/record 0 has label 200/);
  });

  it('malformed: a corrupt .mat file', async () => {
    await fixture('flowers');
    const path = join(root, 'flowers', 'setid.mat');
    await writeFile(path, Buffer.alloc(400, 0x41));
    const r = await checkDataset('flowers', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]).toMatchObject({
      path,
      problem: expect.stringMatching(/not a readable MAT-file/),
      fix: expect.stringMatching(/setid\.mat/),
    });
  });

  it('malformed: a .mat file lacking the expected variable', async () => {
    await fixture('flowers');
    await writeFile(join(root, 'flowers', 'setid.mat'), writeMat({ trnid: mat.row([1]), valid: mat.row([2]) }));
    const r = await checkDataset('flowers', root);
    expect(r.issues[0]!.problem).toMatch(/variable "tstid" is not a numeric array/);
  });

  it('malformed: Stanford Cars with the unlabelled test annotations in place of the labelled ones', async () => {
    await fixture('cars');
    await writeFile(
      join(root, 'cars', 'cars_test_annos_withlabels.mat'),
      await readFile(join(root, 'cars', 'devkit', 'cars_test_annos.mat')),
    );
    const r = await checkDataset('cars', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]!.problem).toMatch(/no class field.*cars_test_annos_withlabels\.mat/);
  });

  it('malformed: bad VOC XML', async () => {
    await fixture('voc2012');
    const path = join(root, 'voc2012', 'VOCdevkit', 'VOC2012', 'Annotations', '2008_000019.xml');
    const xml = await readFile(path, 'utf8');
    await writeFile(path, xml.replace('</bndbox>', ''));
    const r = await checkDataset('voc2012', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]).toMatchObject({ path, problem: expect.stringMatching(/invalid XML at line \d+/) });
  });

  it('malformed: a VOC class list out of step with the split list', async () => {
    await fixture('voc2007');
    await appendFile(join(root, 'voc2007', 'VOCdevkit', 'VOC2007', 'ImageSets', 'Main', 'dog_val.txt'), '009999 -1\n');
    const r = await checkDataset('voc2007', root);
    expect(r.issues[0]!.problem).toMatch(/lists 7 images, val\.txt lists 6/);
  });

  it('malformed: a missing split file', async () => {
    await fixture('dtd');
    const path = join(root, 'dtd', 'dtd', 'labels', 'val1.txt');
    await unlink(path);
    const r = await checkDataset('dtd', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]).toMatchObject({
      path,
      problem: 'file not found or unreadable',
      fix: expect.stringMatching(/dtd-r1\.0\.1\.tar\.gz/),
    });
  });

  it('malformed: the SUN397 partition lists are absent', async () => {
    await fixture('sun397');
    await rm(join(root, 'sun397', 'Partitions'), { recursive: true });
    const r = await checkDataset('sun397', root);
    expect(r.issues[0]!.problem).toMatch(/partition file not found/);
    expect(r.issues[0]!.fix).toMatch(/Partitions\.zip/);
  });

  it('malformed: images named by the split lists are absent, listed by path', async () => {
    await fixture('pets');
    const gone = join(root, 'pets', 'images', 'beagle_44.jpg');
    await unlink(gone);
    const r = await checkDataset('pets', root);
    expect(r.status).toBe('malformed');
    expect(r.issues).toEqual([{ path: gone, problem: 'file not found', fix: expect.any(String) }]);
    expect(r.counts).toEqual({ train: 15, test: 10 });
  });

  it('malformed: an image that does not decode', async () => {
    await fixture('eurosat');
    const path = join(root, 'eurosat', '2750', 'AnnualCrop', 'AnnualCrop_1.jpg');
    await writeFile(path, 'not a jpeg');
    const r = await checkDataset('eurosat', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]).toMatchObject({ path, problem: expect.stringMatching(/cannot be decoded/) });
  });

  it('malformed: ISIC ground truth with a wrong header, ChestX CSV with wrong columns', async () => {
    await fixture('isic');
    await writeFile(
      join(root, 'isic', 'ISIC2018_Task3_Training_GroundTruth', 'ISIC2018_Task3_Training_GroundTruth.csv'),
      'image,A,B\nISIC_1,1,0\n',
    );
    expect((await checkDataset('isic', root)).issues[0]!.problem).toMatch(/header is not "image,MEL,NV/);
    await fixture('chestx');
    await writeFile(join(root, 'chestx', 'Data_Entry_2017.csv'), 'foo,bar\n');
    expect((await checkDataset('chestx', root)).issues[0]!.problem).toMatch(/Image Index,Finding Labels/);
  });

  it('malformed: NYUv2 normals of the wrong shape', async () => {
    await fixture('nyuv2');
    await writeFile(join(root, 'nyuv2', 'normals', '000003.npy'), Buffer.from('garbage'));
    const r = await checkDataset('nyuv2', root);
    expect(r.status).toBe('malformed');
    expect(r.issues[0]!.path).toBe(join(root, 'nyuv2', 'normals', '000003.npy'));
  });

  it('unknown slugs are refused with the list of known ones', async () => {
    await expect(checkDataset('imagenet', root)).rejects.toThrow(/known datasets: aircraft/);
    await expect(readDataset('nyuv2', root)).rejects.toThrow(/readNyuv2Normals/);
  });
});
