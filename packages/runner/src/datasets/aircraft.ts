/**
 * FGVC-Aircraft 2013b, variant level (100 classes): DATA/aircraft/fgvc-aircraft-2013b/data/
 * images/<id>.jpg, variants.txt, images_variant_{train,val,test}.txt ("<id> <variant>", the variant
 * may contain spaces). 3,334 train / 3,333 val / 3,333 test.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, lines, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download fgvc-aircraft-2013b.tar.gz from https://www.robots.ox.ac.uk/~vgg/data/fgvc-aircraft/ and extract it into the aircraft folder';

export async function readAircraft(root: string): Promise<SingleLabelDataset> {
  const data = join(root, 'fgvc-aircraft-2013b', 'data');
  await requireTopDir(data, FIX);
  const classes = lines(await readRequiredText(join(data, 'variants.txt'), FIX));
  const index = new Map(classes.map((c, i) => [c, i]));
  const split = async (name: string): Promise<Sample[]> => {
    const path = join(data, `images_variant_${name}.txt`);
    return lines(await readRequiredText(path, FIX)).map((line, n) => {
      const space = line.indexOf(' ');
      const id = line.slice(0, space);
      const label = index.get(line.slice(space + 1));
      if (space <= 0 || label === undefined)
        throw malformed(path, `line ${n + 1} ("${line}") is not "<image id> <variant from variants.txt>"`, FIX);
      return { image: imageAt(root, 'fgvc-aircraft-2013b', 'data', 'images', `${id}.jpg`), label };
    });
  };
  return {
    dataset: 'aircraft',
    classes,
    multiLabel: false,
    splits: { train: await split('train'), val: await split('val'), test: await split('test') },
  };
}
