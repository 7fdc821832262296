import type { DatasetDef, DatasetSlug } from './types';

export const DATASETS = {
  aircraft: {
    slug: 'aircraft',
    title: 'FGVC Aircraft (variant)',
    numClasses: 100,
    homepage: 'https://www.robots.ox.ac.uk/~vgg/data/fgvc-aircraft/',
    splits: 'official train / val / test',
  },
  caltech101: {
    slug: 'caltech101',
    title: 'Caltech-101 (incl. background)',
    numClasses: 102,
    homepage: 'https://data.caltech.edu/records/mzrjq-6wc02',
    splits: '30 per class train (seed 0, as the paper) / rest test',
  },
  cars: {
    slug: 'cars',
    title: 'Stanford Cars',
    numClasses: 196,
    homepage: 'https://ai.stanford.edu/~jkrause/cars/car_dataset.html',
    splits: 'official train / test',
  },
  cifar10: {
    slug: 'cifar10',
    title: 'CIFAR-10',
    numClasses: 10,
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    splits: 'official train / test',
  },
  cifar100: {
    slug: 'cifar100',
    title: 'CIFAR-100',
    numClasses: 100,
    homepage: 'https://www.cs.toronto.edu/~kriz/cifar.html',
    splits: 'official train / test',
  },
  dtd: {
    slug: 'dtd',
    title: 'Describable Textures (split 1)',
    numClasses: 47,
    homepage: 'https://www.robots.ox.ac.uk/~vgg/data/dtd/',
    splits: 'train1 / val1 / test1',
  },
  flowers: {
    slug: 'flowers',
    title: 'Oxford Flowers-102',
    numClasses: 102,
    homepage: 'https://www.robots.ox.ac.uk/~vgg/data/flowers/102/',
    splits: 'setid.mat trnid / valid / tstid',
  },
  food: {
    slug: 'food',
    title: 'Food-101',
    numClasses: 101,
    homepage: 'https://data.vision.ee.ethz.ch/cvl/datasets_extra/food-101/',
    splits: 'meta/train.json / meta/test.json',
  },
  pets: {
    slug: 'pets',
    title: 'Oxford-IIIT Pets',
    numClasses: 37,
    homepage: 'https://www.robots.ox.ac.uk/~vgg/data/pets/',
    splits: 'annotations/trainval.txt / test.txt',
  },
  sun397: {
    slug: 'sun397',
    title: 'SUN397 (partition 01)',
    numClasses: 397,
    homepage: 'https://vision.princeton.edu/projects/2010/SUN/',
    splits: 'Training_01 / Testing_01',
  },
  voc2007: {
    slug: 'voc2007',
    title: 'PASCAL VOC 2007',
    numClasses: 20,
    homepage: 'http://host.robots.ox.ac.uk/pascal/VOC/voc2007/',
    splits: 'train / val / test (classification); VOC07+12 trainval / VOC07 test (detection)',
  },
  cropdiseases: {
    slug: 'cropdiseases',
    title: 'CropDiseases (CD-FSL)',
    numClasses: 38,
    homepage: 'https://github.com/IBM/cdfsl-benchmark',
    splits: 'all images (episodes)',
  },
  eurosat: {
    slug: 'eurosat',
    title: 'EuroSAT RGB (CD-FSL)',
    numClasses: 10,
    homepage: 'https://github.com/phelber/EuroSAT',
    splits: 'all images (episodes)',
  },
  isic: {
    slug: 'isic',
    title: 'ISIC 2018 task 3 (CD-FSL)',
    numClasses: 7,
    homepage: 'https://challenge.isic-archive.com/data/#2018',
    splits: 'all training images (episodes)',
  },
  chestx: {
    slug: 'chestx',
    title: 'ChestX-ray14, 7 single-label classes (CD-FSL)',
    numClasses: 7,
    homepage: 'https://nihcc.app.box.com/v/ChestXray-NIHCC',
    splits: 'all single-label images (episodes)',
  },
  nyuv2: {
    slug: 'nyuv2',
    title: 'NYU Depth v2 surface normals',
    numClasses: 0,
    homepage: 'https://cs.nyu.edu/~fergus/datasets/nyu_depth_v2.html',
    splits: '795 train / 654 test',
  },
  ade20k: {
    slug: 'ade20k',
    title: 'ADE20K scene parsing (150 classes)',
    numClasses: 150,
    homepage: 'http://sceneparsing.csail.mit.edu/',
    splits: '20,210 train / 2,000 val',
  },
} as const satisfies Record<DatasetSlug, DatasetDef>;

/** Datasets of the paper's many-shot and Kornblith few-shot benchmarks (Kornblith et al. 2019). */
export const KORNBLITH_DATASETS = [
  'aircraft',
  'caltech101',
  'cars',
  'cifar10',
  'cifar100',
  'dtd',
  'flowers',
  'food',
  'pets',
  'sun397',
] as const satisfies readonly DatasetSlug[];
export const MANY_SHOT_DATASETS = [...KORNBLITH_DATASETS, 'voc2007'] as const satisfies readonly DatasetSlug[];
/** Cross-domain few-shot (CD-FSL, Guo et al. 2020). */
export const CDFSL_DATASETS = ['cropdiseases', 'eurosat', 'isic', 'chestx'] as const satisfies readonly DatasetSlug[];
/** Kornblith datasets with enough images per class for 50-shot episodes (the paper's table 7). */
export const FIFTY_SHOT_KORNBLITH_DATASETS = [
  'aircraft',
  'cifar10',
  'cifar100',
  'dtd',
  'food',
  'pets',
  'sun397',
] as const satisfies readonly DatasetSlug[];

/** Each dataset's name as the paper writes it in its tables and the CSV headers of ../shared/paper. */
export const DATASET_SHORT_NAMES: Record<DatasetSlug, string> = {
  aircraft: 'Aircraft',
  caltech101: 'Caltech101',
  cars: 'Cars',
  cifar10: 'CIFAR10',
  cifar100: 'CIFAR100',
  dtd: 'DTD',
  flowers: 'Flowers',
  food: 'Food',
  pets: 'Pets',
  sun397: 'SUN397',
  voc2007: 'VOC2007',
  cropdiseases: 'CropDiseases',
  eurosat: 'EuroSAT',
  isic: 'ISIC',
  chestx: 'ChestX',
  nyuv2: 'NYUv2',
  ade20k: 'ADE20K',
};
