/**
 * Stanford Cars: DATA/cars/{cars_train,cars_test}/00001.jpg…, devkit/ (cars_meta.mat: class_names;
 * cars_train_annos.mat: struct `annotations` with bbox_*, class (1-based), fname) and the separately
 * published cars_test_annos_withlabels.mat (same struct with class), next to devkit/ or inside it.
 * 8,144 train / 8,041 test.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { imageAt, isFile, requireTopDir } from './files';
import { fromMat, readMatFile } from './mat-file';
import { MatFormatError, matNumbers, matString, matStringCell } from './mat5';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'extract cars_train.tgz, cars_test.tgz and car_devkit.tgz (Stanford Cars, e.g. the copy on Kaggle "jessicali9530/stanford-cars-dataset") and put cars_test_annos_withlabels.mat in the cars folder';

async function annotations(path: string, imageDir: string, root: string, numClasses: number): Promise<Sample[]> {
  const vars = await readMatFile(path, FIX);
  return fromMat(path, FIX, () => {
    const ann = vars.annotations;
    if (ann?.type !== 'struct') throw new MatFormatError('variable "annotations" is missing or not a struct array');
    if (!ann.fields.includes('class')) {
      throw new MatFormatError(
        '"annotations" has no class field (this is the unlabelled cars_test_annos.mat; use cars_test_annos_withlabels.mat)',
      );
    }
    return ann.items.map((a, i) => {
      const label = (matNumbers(a.class, `annotations(${i + 1}).class`)[0] ?? 0) - 1;
      if (!Number.isInteger(label) || label < 0 || label >= numClasses)
        throw new MatFormatError(`annotations(${i + 1}).class is outside 1..${numClasses}`);
      return { image: imageAt(root, imageDir, matString(a.fname, `annotations(${i + 1}).fname`)), label };
    });
  });
}

export async function readCars(root: string): Promise<SingleLabelDataset> {
  await requireTopDir(join(root, 'devkit'), FIX);
  const metaPath = join(root, 'devkit', 'cars_meta.mat');
  const meta = await readMatFile(metaPath, FIX);
  const classes = fromMat(metaPath, FIX, () => matStringCell(meta.class_names, 'variable "class_names"'));
  let testPath = join(root, 'cars_test_annos_withlabels.mat');
  if (!(await isFile(testPath)) && (await isFile(join(root, 'devkit', 'cars_test_annos_withlabels.mat')))) {
    testPath = join(root, 'devkit', 'cars_test_annos_withlabels.mat');
  }
  if (!(await isFile(testPath)))
    throw malformed(
      testPath,
      'test labels not found',
      'download cars_test_annos_withlabels.mat (published after the devkit) into the cars folder',
    );
  return {
    dataset: 'cars',
    classes,
    multiLabel: false,
    splits: {
      train: await annotations(join(root, 'devkit', 'cars_train_annos.mat'), 'cars_train', root, classes.length),
      test: await annotations(testPath, 'cars_test', root, classes.length),
    },
  };
}
