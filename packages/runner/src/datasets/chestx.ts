/**
 * ChestX-ray14 as CD-FSL uses it: DATA/chestx/Data_Entry_2017.csv (or Data_Entry_2017_v2020.csv) and
 * the images_0xx.tar.gz archives extracted into DATA/chestx/images/. Only images with a single finding
 * among the 7 classes below are kept ("No Finding", "Pneumonia" and multi-label rows are dropped).
 * Few-shot only (all in train).
 */
import { join } from 'node:path';
import { parseCsv } from './csv';
import { malformed } from './errors';
import { imageAt, isFile, readRequiredText, requireTopDir } from './files';
import type { Sample, SingleLabelDataset } from './types';

const FIX =
  'download Data_Entry_2017.csv and images_001.tar.gz … images_012.tar.gz from https://nihcc.app.box.com/v/ChestXray-NIHCC and extract the archives into the chestx folder (they create images/)';
export const CHESTX_CLASSES = [
  'Atelectasis',
  'Cardiomegaly',
  'Effusion',
  'Infiltration',
  'Mass',
  'Nodule',
  'Pneumothorax',
];

export async function readChestX(root: string): Promise<SingleLabelDataset> {
  await requireTopDir(join(root, 'images'), FIX);
  let path = join(root, 'Data_Entry_2017.csv');
  if (!(await isFile(path)) && (await isFile(join(root, 'Data_Entry_2017_v2020.csv'))))
    path = join(root, 'Data_Entry_2017_v2020.csv');
  const [header, ...rows] = parseCsv(await readRequiredText(path, FIX));
  if (header?.[0] !== 'Image Index' || header[1] !== 'Finding Labels') {
    throw malformed(path, 'does not start with the columns "Image Index,Finding Labels"', FIX);
  }
  const index = new Map(CHESTX_CLASSES.map((c, i) => [c, i]));
  const train: Sample[] = [];
  for (const [n, row] of rows.entries()) {
    const [name, findings] = row;
    if (!name || findings === undefined) throw malformed(path, `row ${n + 2} lacks an image name and findings`, FIX);
    const label = findings.includes('|') ? undefined : index.get(findings);
    if (label !== undefined) train.push({ image: imageAt(root, 'images', name), label });
  }
  return { dataset: 'chestx', classes: CHESTX_CLASSES, multiLabel: false, splits: { train, test: [] } };
}
