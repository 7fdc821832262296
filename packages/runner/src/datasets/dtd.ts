/**
 * Describable Textures, split 1: DATA/dtd/dtd/images/<class>/<class>_0001.jpg and
 * dtd/labels/{train1,val1,test1}.txt ("<class>/<file>" per line). 47 classes, 1,880 per split.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, lines, readRequiredText, requireDir, requireTopDir, sortedSubdirs } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download dtd-r1.0.1.tar.gz from https://www.robots.ox.ac.uk/~vgg/data/dtd/ and extract it into the dtd folder (it creates dtd/)';
const DTD_PARTITION = 1;

export async function readDtd(root: string): Promise<SingleLabelDataset> {
  const base = join(root, 'dtd');
  await requireTopDir(base, FIX);
  await requireDir(join(base, 'images'), FIX);
  const classes = await sortedSubdirs(join(base, 'images'));
  const index = new Map(classes.map((c, i) => [c, i]));
  const split = async (name: string): Promise<Sample[]> => {
    const path = join(base, 'labels', `${name}${DTD_PARTITION}.txt`);
    return lines(await readRequiredText(path, FIX)).map((line, n) => {
      const [cls, file, extra] = line.split('/');
      const label = index.get(cls ?? '');
      if (label === undefined || !file || extra !== undefined) {
        throw malformed(path, `line ${n + 1} ("${line}") is not "<class folder under images/>/<file>"`, FIX);
      }
      return { image: imageAt(root, 'dtd', 'images', cls!, file), label };
    });
  };
  return {
    dataset: 'dtd',
    classes,
    multiLabel: false,
    splits: { train: await split('train'), val: await split('val'), test: await split('test') },
  };
}
