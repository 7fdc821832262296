/**
 * Food-101: DATA/food/food-101/images/<class>/<id>.jpg and food-101/meta/{train,test}.json
 * ({"<class>": ["<class>/<id>", …]}). Classes sorted by name; 75,750 train / 25,250 test.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download food-101.tar.gz from https://data.vision.ee.ethz.ch/cvl/datasets_extra/food-101/ and extract it into the food folder (it creates food-101/)';

async function readMeta(path: string): Promise<Record<string, string[]>> {
  const text = await readRequiredText(path, FIX);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw malformed(path, 'is not valid JSON', FIX);
  }
  const ok =
    parsed &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
  if (!ok) throw malformed(path, 'is not an object of class name → list of "<class>/<id>"', FIX);
  return parsed as Record<string, string[]>;
}

export async function readFood(root: string): Promise<SingleLabelDataset> {
  const base = join(root, 'food-101');
  await requireTopDir(base, FIX);
  const trainMeta = await readMeta(join(base, 'meta', 'train.json'));
  const testMeta = await readMeta(join(base, 'meta', 'test.json'));
  const classes = Object.keys(trainMeta).sort();
  const toSamples = (meta: Record<string, string[]>, path: string): Sample[] =>
    classes.flatMap((cls, label) => {
      const list = meta[cls];
      if (!list) throw malformed(path, `has no entry for class "${cls}"`, FIX);
      return list.map((rel) => ({ image: imageAt(root, 'food-101', 'images', ...`${rel}.jpg`.split('/')), label }));
    });
  return {
    dataset: 'food',
    classes,
    multiLabel: false,
    splits: {
      train: toSamples(trainMeta, join(base, 'meta', 'train.json')),
      test: toSamples(testMeta, join(base, 'meta', 'test.json')),
    },
  };
}
