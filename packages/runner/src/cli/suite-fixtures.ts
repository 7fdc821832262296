import { appendFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CHESTX_CLASSES } from '../datasets/chestx';
import { CIFAR10_CLASSES, CIFAR100_FINE } from '../datasets/fixtures/cifar';
import { FixtureWriter } from '../datasets/fixtures/context';
import { picturePixels } from '../datasets/fixtures/images';
import { ISIC_CLASSES } from '../datasets/isic';
import { VOC_CLASSES } from '../datasets/voc';

/**
 * The dataset fixtures (src/datasets/fixtures) are sized for reader tests: five classes, a few
 * images each. The suite's protocols need more than that to run at all: a 5-way 50-shot episode
 * with 15 queries needs five classes of 65 images; the linear probe needs every class of CIFAR
 * and VOC2007 in every split it fits on. This adds exactly that, in each dataset's own format,
 * so `fixtures` then `evaluate --suite ssl-transfer-v1` runs all 25 tasks with their real
 * protocol parameters (on meaningless pictures: the numbers only show the pipeline works).
 */

/** 50 shots + 15 queries: the largest few-shot episode in ssl-transfer-v1. */
const FEWSHOT_IMAGES_PER_CLASS = 65;
const WAYS = 5;

type SuiteFixtureSlug = 'cifar10' | 'cifar100' | 'voc2007' | 'cropdiseases' | 'eurosat' | 'isic' | 'chestx';
const SUITE_FIXTURES: readonly SuiteFixtureSlug[] = [
  'cifar10',
  'cifar100',
  'voc2007',
  'cropdiseases',
  'eurosat',
  'isic',
  'chestx',
];

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export async function completeFixturesForSuite(
  outDir: string,
  seed: number,
  only: readonly string[] = SUITE_FIXTURES,
): Promise<void> {
  const writers: Record<SuiteFixtureSlug, (root: string, w: FixtureWriter) => Promise<void>> = {
    cifar10: completeCifar10,
    cifar100: completeCifar100,
    voc2007: completeVoc2007,
    cropdiseases: completeCropDiseases,
    eurosat: completeEuroSat,
    isic: completeIsic,
    chestx: completeChestX,
  };
  for (const [k, slug] of SUITE_FIXTURES.entries()) {
    if (!only.includes(slug)) continue;
    const root = join(outDir, slug);
    // Its own stream, distinct from the base fixture's, so the same seed still writes identical files.
    await writers[slug](root, new FixtureWriter(root, seed * 1000 + 500 + k));
  }
}

/** CIFAR binary record: label byte(s), then the R, G and B planes of 32×32. */
function cifarRecord(labels: number[], cls: number, w: FixtureWriter): Buffer {
  const { data } = picturePixels(cls, w.rng, { width: 32, height: 32 });
  const out = Buffer.alloc(labels.length + 3072);
  labels.forEach((l, i) => {
    out[i] = l;
  });
  for (let i = 0; i < 1024; i++) for (let c = 0; c < 3; c++) out[labels.length + c * 1024 + i] = data[i * 3 + c]!;
  return out;
}

/** Rewrites the batches with every class: one image per class per training batch (5 each), one per class in test. */
async function completeCifar10(_root: string, w: FixtureWriter): Promise<void> {
  const dir = 'cifar-10-batches-bin';
  const batch = (cls: number) => Buffer.concat(Array.from({ length: cls }, (_, c) => cifarRecord([c], c, w)));
  for (let b = 1; b <= 5; b++) await w.bytes(`${dir}/data_batch_${b}.bin`, batch(CIFAR10_CLASSES.length));
  await w.bytes(`${dir}/test_batch.bin`, batch(CIFAR10_CLASSES.length));
}

/** Six training images and one test image per fine class (the random 20% validation carve leaves every class in training). */
async function completeCifar100(_root: string, w: FixtureWriter): Promise<void> {
  const dir = 'cifar-100-binary';
  // The coarse byte is not read by the fine-label task; keep it in range.
  const rec = (c: number) => cifarRecord([c % 20, c], c, w);
  const train: Buffer[] = [];
  for (let k = 0; k < 6; k++) for (let c = 0; c < CIFAR100_FINE.length; c++) train.push(rec(c));
  await w.bytes(`${dir}/train.bin`, Buffer.concat(train));
  await w.bytes(`${dir}/test.bin`, Buffer.concat(CIFAR100_FINE.map((_, c) => rec(c))));
}

async function imageNames(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /\.(jpe?g|png)$/i.test(n));
}

async function completeCropDiseases(root: string, w: FixtureWriter): Promise<void> {
  const base = join(root, 'dataset', 'train');
  const classes = (await readdir(base)).sort().slice(0, WAYS);
  for (const [label, cls] of classes.entries()) {
    const have = (await imageNames(join(base, cls))).length;
    for (let i = have; i < FEWSHOT_IMAGES_PER_CLASS; i++) {
      await w.image(`dataset/train/${cls}/suite-${pad(i, 4)}___RS_Erly.B ${9000 + i}.JPG`, label, {
        width: 48,
        height: 48,
        format: 'jpeg',
      });
    }
  }
}

async function completeEuroSat(root: string, w: FixtureWriter): Promise<void> {
  const classes = (await readdir(join(root, '2750'))).sort().slice(0, WAYS);
  for (const [label, cls] of classes.entries()) {
    const have = (await imageNames(join(root, '2750', cls))).length;
    for (let i = have; i < FEWSHOT_IMAGES_PER_CLASS; i++)
      await w.image(`2750/${cls}/${cls}_${i + 1}.jpg`, label, { width: 64, height: 64 });
  }
}

async function completeIsic(root: string, w: FixtureWriter): Promise<void> {
  const rows: string[] = [];
  for (let label = 0; label < WAYS; label++) {
    for (let i = 0; i < FEWSHOT_IMAGES_PER_CLASS; i++) {
      const name = `ISIC_${pad(90000 + label * 1000 + i, 7)}`;
      await w.image(`ISIC2018_Task3_Training_Input/${name}.jpg`, label, { width: 60, height: 45 });
      rows.push([name, ...ISIC_CLASSES.map((_, c) => (c === label ? '1.0' : '0.0'))].join(','));
    }
  }
  await appendFile(
    join(root, 'ISIC2018_Task3_Training_GroundTruth', 'ISIC2018_Task3_Training_GroundTruth.csv'),
    `${rows.join('\n')}\n`,
  );
}

async function completeChestX(root: string, w: FixtureWriter): Promise<void> {
  const rows: string[] = [];
  for (let label = 0; label < WAYS; label++) {
    for (let i = 0; i < FEWSHOT_IMAGES_PER_CLASS; i++) {
      const patient = 90000 + label * 100 + Math.floor(i / 10);
      const name = `${pad(patient, 8)}_${pad(i % 10, 3)}.png`;
      await w.image(`images/${name}`, label, { width: 48, height: 48, channels: 1 });
      rows.push(`${name},${CHESTX_CLASSES[label]},${i % 10},${patient},58,F,PA,2048,2500,0.168,0.168,`);
    }
  }
  await appendFile(join(root, 'Data_Entry_2017.csv'), `${rows.join('\n')}\n`);
}

const VOC_W = 64;
const VOC_H = 48;

/**
 * Every VOC class positive in train, val and test: per split one more image per class holding one
 * object of it, with its annotation and its line in every list, so detection reads them too.
 */
async function completeVoc2007(_root: string, w: FixtureWriter): Promise<void> {
  const base = 'VOCdevkit/VOC2007';
  const splits: Record<'train' | 'val' | 'test', string[]> = { train: [], val: [], test: [] };
  let next = 100001;
  for (const split of ['train', 'val', 'test'] as const) {
    for (const [c, cls] of VOC_CLASSES.entries()) {
      const id = String(next++);
      splits[split].push(id);
      const box = [9 + (c % 5), 7 + (c % 4), 52 - (c % 3), 40 - (c % 2)] as const;
      await w.image(`${base}/JPEGImages/${id}.jpg`, c, { width: VOC_W, height: VOC_H, format: 'jpeg' });
      await w.bytes(`${base}/Annotations/${id}.xml`, vocAnnotation(id, cls, box));
    }
  }
  const main = join(w.root, base, 'ImageSets', 'Main');
  const append = (file: string, lines: string[]) => appendFile(join(main, file), `${lines.join('\n')}\n`);
  for (const split of ['train', 'val', 'test'] as const) {
    await append(`${split}.txt`, splits[split]);
    for (const [c, cls] of VOC_CLASSES.entries())
      await append(
        `${cls}_${split}.txt`,
        splits[split].map((id, k) => `${id} ${k === c ? ' 1' : '-1'}`),
      );
  }
  await append('trainval.txt', [...splits.train, ...splits.val]);
  for (const [c, cls] of VOC_CLASSES.entries()) {
    await append(
      `${cls}_trainval.txt`,
      [...splits.train, ...splits.val].map((id, k) => `${id} ${k % VOC_CLASSES.length === c ? ' 1' : '-1'}`),
    );
  }
}

function vocAnnotation(id: string, cls: string, [x1, y1, x2, y2]: readonly number[]): string {
  return `<annotation>
	<folder>VOC2007</folder>
	<filename>${id}.jpg</filename>
	<size>
		<width>${VOC_W}</width>
		<height>${VOC_H}</height>
		<depth>3</depth>
	</size>
	<segmented>0</segmented>
	<object>
		<name>${cls}</name>
		<pose>Unspecified</pose>
		<truncated>0</truncated>
		<difficult>0</difficult>
		<bndbox>
			<xmin>${x1}</xmin>
			<ymin>${y1}</ymin>
			<xmax>${x2}</xmax>
			<ymax>${y2}</ymax>
		</bndbox>
	</object>
</annotation>
`;
}
