/**
 * Oxford-IIIT Pets: DATA/pets/images/<Breed>_<n>.jpg and DATA/pets/annotations/{trainval,test}.txt
 * ("<image> <class id 1..37> <species> <breed id>"). The paper trains on trainval (3,680) and tests
 * on test (3,669); the 20% validation split is drawn from trainval by the protocol.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, lines, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download images.tar.gz and annotations.tar.gz from https://www.robots.ox.ac.uk/~vgg/data/pets/ and extract both into the pets folder';

export async function readPets(root: string): Promise<SingleLabelDataset> {
  await requireTopDir(join(root, 'images'), FIX);
  const names = new Map<number, string>();
  const split = async (file: string): Promise<Sample[]> => {
    const path = join(root, 'annotations', file);
    return lines(await readRequiredText(path, FIX))
      .filter((l) => !l.startsWith('#'))
      .map((line, n) => {
        const [image, classId] = line.split(/\s+/);
        const label = Number(classId) - 1;
        if (!image || !Number.isInteger(label) || label < 0)
          throw malformed(path, `line ${n + 1} ("${line}") is not "<image> <class id> <species> <breed id>"`, FIX);
        names.set(label, image.slice(0, image.lastIndexOf('_')));
        return { image: imageAt(root, 'images', `${image}.jpg`), label };
      });
  };
  const train = await split('trainval.txt');
  const test = await split('test.txt');
  const numClasses = Math.max(...names.keys()) + 1;
  const classes = Array.from({ length: numClasses }, (_, i) => names.get(i) ?? `class_${i + 1}`);
  return { dataset: 'pets', classes, multiLabel: false, splits: { train, test } };
}
