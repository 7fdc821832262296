/**
 * Oxford Flowers-102: DATA/flowers/jpg/image_00001.jpg … plus imagelabels.mat (`labels`, 1..102 per
 * image) and setid.mat (`trnid`, `valid`, `tstid`: 1-based image numbers). Splits as published:
 * 1,020 train / 1,020 val / 6,149 test.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, requireTopDir } from './files';
import { fromMat, readMatFile } from './mat-file';
import { matNumbers } from './mat5';
import type { Sample, SingleLabelDataset } from './types';

const SITE = 'https://www.robots.ox.ac.uk/~vgg/data/flowers/102/';
const FIX = `download 102flowers.tgz, imagelabels.mat and setid.mat from ${SITE} into the flowers folder`;

export const flowerImageName = (id: number) => `image_${String(id).padStart(5, '0')}.jpg`;

export async function readFlowers(root: string): Promise<SingleLabelDataset> {
  await requireTopDir(join(root, 'jpg'), FIX);
  const labelsPath = join(root, 'imagelabels.mat');
  const setidPath = join(root, 'setid.mat');
  const labelVars = await readMatFile(labelsPath, FIX);
  const labels = fromMat(labelsPath, FIX, () => matNumbers(labelVars.labels, 'variable "labels"'));
  const numClasses = Math.max(...labels);
  if (!labels.every((l) => Number.isInteger(l) && l >= 1))
    throw malformed(labelsPath, 'labels must be integers from 1', FIX);
  const setVars = await readMatFile(setidPath, FIX);
  const split = (name: string): Sample[] =>
    fromMat(setidPath, FIX, () => matNumbers(setVars[name], `variable "${name}"`)).map((id) => {
      const label = labels[id - 1];
      if (label === undefined)
        throw malformed(setidPath, `${name} names image ${id} but imagelabels.mat has ${labels.length} labels`, FIX);
      return { image: imageAt(root, 'jpg', flowerImageName(id)), label: label - 1 };
    });
  return {
    dataset: 'flowers',
    classes: Array.from({ length: numClasses }, (_, i) => String(i + 1)),
    multiLabel: false,
    splits: { train: split('trnid'), val: split('valid'), test: split('tstid') },
  };
}
