/**
 * SUN397, partition 01: DATA/sun397/SUN397/ from SUN397.tar.gz (ClassName.txt with "/a/abbey" lines,
 * images at SUN397/a/abbey/sun_*.jpg) and Training_01.txt / Testing_01.txt from Partitions.zip
 * ("/a/abbey/sun_….jpg" lines), found in SUN397/, Partitions/ or the sun397 folder itself.
 * 19,850 train / 19,850 test. Classes are ClassName.txt minus the "/x/" prefix, sorted, as the paper's
 * code builds them; unlike its substring match, a label here is the image's exact class folder
 * (the substring match gives e.g. barn images the label of "bar").
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, isFile, lines, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download SUN397.tar.gz and Partitions.zip from https://vision.princeton.edu/projects/2010/SUN/ and extract both into the sun397 folder';
const SUN397_PARTITION = '01';

async function findPartitionFile(root: string, name: string): Promise<string> {
  for (const dir of [join(root, 'SUN397'), join(root, 'Partitions'), root]) {
    if (await isFile(join(dir, name))) return join(dir, name);
  }
  throw malformed(
    join(root, 'Partitions', name),
    'partition file not found (looked in SUN397/, Partitions/ and the sun397 folder)',
    FIX,
  );
}

export async function readSun397(root: string): Promise<SingleLabelDataset> {
  const base = join(root, 'SUN397');
  await requireTopDir(base, FIX);
  const classes = lines(await readRequiredText(join(base, 'ClassName.txt'), FIX))
    .map((l) => l.slice(3))
    .sort();
  const index = new Map(classes.map((c, i) => [c, i]));
  const split = async (name: string): Promise<Sample[]> => {
    const path = await findPartitionFile(root, `${name}_${SUN397_PARTITION}.txt`);
    return lines(await readRequiredText(path, FIX)).map((line, n) => {
      const parts = line.replace(/^\//, '').split('/');
      const label = index.get(parts.slice(1, -1).join('/'));
      if (label === undefined || parts.length < 3)
        throw malformed(path, `line ${n + 1} ("${line}") is not "/<letter>/<class from ClassName.txt>/<image>"`, FIX);
      return { image: imageAt(root, 'SUN397', ...parts), label };
    });
  };
  return {
    dataset: 'sun397',
    classes,
    multiLabel: false,
    splits: { train: await split('Training'), test: await split('Testing') },
  };
}
