/**
 * One entry point per dataset slug: `readDataset` for the classification datasets, and
 * `checkDataset` for every folder under the data root (classification, VOC detection, NYUv2 normals).
 */
import { join } from 'node:path';
import { CDFSL_DATASETS, MANY_SHOT_DATASETS } from '@transferboard/suite/datasets';
import { readAircraft } from './aircraft';
import { readCaltech101 } from './caltech101';
import { readCars } from './cars';
import { runCheck, type CheckPlan } from './check';
import { readChestX } from './chestx';
import { CIFAR10, CIFAR100, readCifar } from './cifar';
import { readDtd } from './dtd';
import { readFlowers } from './flowers';
import { readFood } from './food';
import { readCropDiseases, readEuroSat } from './image-folder';
import { readIsic } from './isic';
import { readNyuv2Normals } from './nyuv2';
import { readPets } from './pets';
import { readSun397 } from './sun397';
import type { CheckReport, ClassificationDataset, ImageRef } from './types';
import { readVoc2007, readVoc2007Detection, readVoc2012Detection } from './voc';

/** Datasets read as image classification (linear and few-shot tasks): the suite's many-shot and CD-FSL datasets. */
export const CLASSIFICATION_SLUGS = [...MANY_SHOT_DATASETS, ...CDFSL_DATASETS] as const;
/**
 * Every folder the data root may hold: the above plus NYUv2 (normals) and VOC2012, which is no
 * task's dataset but serves VOC07+12 detection beside voc2007.
 */
export const DATA_FOLDERS = [...CLASSIFICATION_SLUGS, 'voc2012', 'nyuv2'] as const;

type ClassificationSlug = (typeof CLASSIFICATION_SLUGS)[number];
export type DataFolder = (typeof DATA_FOLDERS)[number];

const READERS: Record<ClassificationSlug, (root: string) => Promise<ClassificationDataset>> = {
  aircraft: readAircraft,
  caltech101: readCaltech101,
  cars: readCars,
  cifar10: (root) => readCifar(root, CIFAR10),
  cifar100: (root) => readCifar(root, CIFAR100),
  dtd: readDtd,
  flowers: readFlowers,
  food: readFood,
  pets: readPets,
  sun397: readSun397,
  voc2007: readVoc2007,
  cropdiseases: readCropDiseases,
  eurosat: readEuroSat,
  isic: readIsic,
  chestx: readChestX,
};

export function isDataFolder(slug: string): slug is DataFolder {
  return (DATA_FOLDERS as readonly string[]).includes(slug);
}

function unknownSlug(slug: string): Error {
  return new Error(`unknown dataset "${slug}"; known datasets: ${DATA_FOLDERS.join(', ')}`);
}

/**
 * Reads a classification dataset from DATA/<slug>/ as its official archives extract.
 * Throws DatasetError (with path, problem and fix) when the files are missing or malformed.
 * VOC detection and NYUv2 normals have their own readers: readVocDetection, readNyuv2Normals.
 */
export async function readDataset(slug: string, dataRoot: string): Promise<ClassificationDataset> {
  if (slug === 'voc2012')
    throw new Error('voc2012 is read for detection only: use readVocDetection(dataRoot) from datasets/voc');
  if (slug === 'nyuv2')
    throw new Error('nyuv2 holds surface normals: use readNyuv2Normals(join(dataRoot, "nyuv2")) from datasets/nyuv2');
  const read = READERS[slug as ClassificationSlug];
  if (!read) throw unknownSlug(slug);
  return read(join(dataRoot, slug));
}

function planFor(slug: DataFolder, dataRoot: string): CheckPlan {
  const root = join(dataRoot, slug);
  if (slug === 'voc2012') {
    return async (warnings) => {
      const trainval = await readVoc2012Detection(dataRoot, warnings);
      return { counts: { trainval: trainval.length }, images: trainval.map((s) => s.image), extraFiles: [] };
    };
  }
  if (slug === 'nyuv2') {
    return async () => {
      const ds = await readNyuv2Normals(root);
      const all = [...ds.splits.train, ...ds.splits.test];
      const firsts = [ds.splits.train[0], ds.splits.test[0]].filter((s) => s !== undefined);
      for (const s of firsts) await s.loadNormals();
      return {
        counts: { train: ds.splits.train.length, test: ds.splits.test.length },
        images: all.map((s) => s.image),
        extraFiles: all.flatMap((s) => [s.normalsPath, s.maskPath]),
      };
    };
  }
  return async (warnings) => {
    const ds = await READERS[slug](root);
    const counts: Record<string, number> = {};
    const images: ImageRef[] = [];
    for (const [split, samples] of Object.entries(ds.splits) as [string, { image: ImageRef }[]][]) {
      counts[split] = samples.length;
      images.push(...samples.map((s) => s.image));
    }
    if (slug === 'voc2007') {
      const det = await readVoc2007Detection(dataRoot, warnings);
      counts['detection-trainval'] = det.trainval.length;
      counts['detection-test'] = det.test.length;
    }
    return { counts, images, extraFiles: [] };
  };
}

/** Reports whether DATA/<slug>/ is present and readable, and what to do when it is not. */
export async function checkDataset(slug: string, dataRoot: string): Promise<CheckReport> {
  if (!isDataFolder(slug)) throw unknownSlug(slug);
  return runCheck(slug, planFor(slug, dataRoot));
}
