/**
 * ISIC 2018 Task 3 (CD-FSL): DATA/isic/ISIC2018_Task3_Training_Input/ISIC_*.jpg and
 * ISIC2018_Task3_Training_GroundTruth/ISIC2018_Task3_Training_GroundTruth.csv
 * ("image,MEL,NV,BCC,AKIEC,BKL,DF,VASC" one-hot rows). Label = the column that is non-zero (argmax,
 * as CD-FSL). 10,015 images, 7 classes, few-shot only (all in train).
 */
import { join } from 'node:path';
import { parseCsv } from './csv';
import { malformed } from './errors';
import { imageAt, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download ISIC2018_Task3_Training_Input.zip and ISIC2018_Task3_Training_GroundTruth.zip from https://challenge.isic-archive.com/data/#2018 and extract both into the isic folder';
export const ISIC_CLASSES = ['MEL', 'NV', 'BCC', 'AKIEC', 'BKL', 'DF', 'VASC'];

export async function readIsic(root: string): Promise<SingleLabelDataset> {
  await requireTopDir(join(root, 'ISIC2018_Task3_Training_Input'), FIX);
  const path = join(root, 'ISIC2018_Task3_Training_GroundTruth', 'ISIC2018_Task3_Training_GroundTruth.csv');
  const [header, ...rows] = parseCsv(await readRequiredText(path, FIX));
  if (!header || header.slice(1).join(',') !== ISIC_CLASSES.join(',')) {
    throw malformed(path, `header is not "image,${ISIC_CLASSES.join(',')}"`, FIX);
  }
  const train: Sample[] = rows.map((row, n) => {
    const values = row.slice(1).map(Number);
    const label = values.findIndex((v) => v !== 0);
    if (!row[0] || values.length !== ISIC_CLASSES.length || values.some((v) => !Number.isFinite(v)) || label < 0) {
      throw malformed(path, `row ${n + 2} is not an image name followed by 7 one-hot values`, FIX);
    }
    return { image: imageAt(root, 'ISIC2018_Task3_Training_Input', `${row[0]}.jpg`), label };
  });
  return { dataset: 'isic', classes: ISIC_CLASSES, multiLabel: false, splits: { train, test: [] } };
}
