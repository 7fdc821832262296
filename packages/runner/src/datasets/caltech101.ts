/**
 * Caltech-101 with the BACKGROUND_Google class (102 classes), split as the paper did: after one
 * np.random.seed(0), for each class in sorted order, np.random.choice(n_images, 30) with replacement
 * over the class's sorted image list; train = the drawn images (duplicates kept: 3,060 samples,
 * 2,416 distinct images, as the paper's caltech101-splits/train.txt), test = every image never drawn
 * (6,728). Both in class order, then file order, as the published split files list them.
 */
import { join, relative } from 'node:path';
import { malformed } from './errors';
import { imageAt, isDir, sortedEntries, sortedSubdirs, requireTopDir } from './files';
import { NumpyRandomState } from '../random/numpy-random';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download caltech-101.zip from https://data.caltech.edu/records/mzrjq-6wc02 and extract it (and the 101_ObjectCategories.tar.gz inside) into the caltech101 folder';
const CALTECH_TRAIN_PER_CLASS = 30;

async function categoriesDir(root: string): Promise<string> {
  for (const candidate of [join(root, '101_ObjectCategories'), join(root, 'caltech-101', '101_ObjectCategories')]) {
    if (await isDir(candidate)) return candidate;
  }
  await requireTopDir(join(root, '101_ObjectCategories'), FIX);
  return join(root, '101_ObjectCategories');
}

/** The paper's draw for given class sizes: per class, the sorted indices of its training images. */
export function caltechTrainDraws(classSizes: number[], perClass = CALTECH_TRAIN_PER_CLASS, seed = 0): number[][] {
  const rs = new NumpyRandomState(seed);
  return classSizes.map((n) => rs.choice(n, perClass).sort((a, b) => a - b));
}

export async function readCaltech101(root: string): Promise<SingleLabelDataset> {
  const dir = await categoriesDir(root);
  const classes = await sortedSubdirs(dir);
  if (classes.length === 0) throw malformed(dir, 'has no class folders', FIX);
  const files: string[][] = [];
  for (const cls of classes) {
    const names = (await sortedEntries(join(dir, cls)))
      .filter((e) => !e.isDir && e.name.toLowerCase().endsWith('.jpg'))
      .map((e) => e.name);
    if (names.length === 0) throw malformed(join(dir, cls), 'class folder has no .jpg images', FIX);
    files.push(names);
  }
  const draws = caltechTrainDraws(files.map((f) => f.length));
  const train: Sample[] = [];
  const test: Sample[] = [];
  const base = relative(root, dir);
  classes.forEach((cls, label) => {
    const names = files[label]!;
    const drawn = draws[label]!;
    for (const i of drawn) train.push({ image: imageAt(root, base, cls, names[i]!), label });
    const chosen = new Set(drawn);
    names.forEach((name, i) => {
      if (!chosen.has(i)) test.push({ image: imageAt(root, base, cls, name), label });
    });
  });
  return { dataset: 'caltech101', classes, multiLabel: false, splits: { train, test } };
}
