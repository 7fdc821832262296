/**
 * torchvision ImageFolder semantics: class = sub-folder (sorted), images = files with an image
 * extension (case-insensitive) anywhere below it, in sorted walk order. Used by the CD-FSL datasets
 * CropDiseases (DATA/cropdiseases/dataset/train/<class>/…) and EuroSAT (DATA/eurosat/2750/<class>/…).
 * These are few-shot-only datasets: every image is in `train` and episodes pool all of them.
 */
import { join } from 'node:path';
import { malformed } from './errors';
import { fileImage, isImageName, requireTopDir, sortedEntries, sortedSubdirs } from './files';
import type { Sample, SingleLabelDataset } from './types';

async function allDirs(dir: string): Promise<string[]> {
  const out = [dir];
  for (const e of await sortedEntries(dir)) if (e.isDir) out.push(...(await allDirs(join(dir, e.name))));
  return out;
}

/** ImageFolder's order: `for root in sorted(os.walk(cls_dir))`, then `sorted(files)` in each. */
async function walkImages(dir: string): Promise<string[]> {
  const dirs = (await allDirs(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out: string[] = [];
  for (const d of dirs) {
    for (const e of await sortedEntries(d)) if (!e.isDir && isImageName(e.name)) out.push(join(d, e.name));
  }
  return out;
}

export async function readImageFolder(
  dataset: string,
  datasetRoot: string,
  folder: string,
  fix: string,
): Promise<SingleLabelDataset> {
  await requireTopDir(folder, fix);
  const classes = await sortedSubdirs(folder);
  if (classes.length === 0) throw malformed(folder, 'has no class folders', fix);
  const train: Sample[] = [];
  for (const [label, cls] of classes.entries()) {
    const files = await walkImages(join(folder, cls));
    if (files.length === 0) throw malformed(join(folder, cls), 'class folder has no images', fix);
    for (const f of files) train.push({ image: fileImage(datasetRoot, f), label });
  }
  return { dataset, classes, multiLabel: false, splits: { train, test: [] } };
}

export function readCropDiseases(root: string): Promise<SingleLabelDataset> {
  return readImageFolder(
    'cropdiseases',
    root,
    join(root, 'dataset', 'train'),
    'download the CD-FSL CropDiseases archive (Kaggle "saroz014/plant-disease") and extract it into the cropdiseases folder so that dataset/train/<class>/ exists',
  );
}

export function readEuroSat(root: string): Promise<SingleLabelDataset> {
  return readImageFolder(
    'eurosat',
    root,
    join(root, '2750'),
    'download EuroSAT.zip (RGB) from https://github.com/phelber/EuroSAT and extract it into the eurosat folder (it creates 2750/)',
  );
}
