/**
 * PASCAL VOC, as VOCtrainval_06-Nov-2007.tar + VOCtest_06-Nov-2007.tar (both extract into
 * VOCdevkit/VOC2007) and VOCtrainval_11-May-2012.tar (VOCdevkit/VOC2012).
 *
 * Classification (linear-voc2007): ImageSets/Main/<class>_{train,val,test}.txt lines "<id> <1|0|-1>";
 * 1 = present, -1 = absent, 0 = "difficult" only, which the paper counts as negative (kept in `difficult`).
 * 2,501 train / 2,510 val / 4,952 test.
 *
 * Detection (detection-voc-*): train = VOC2007 trainval + VOC2012 trainval (16,551 images),
 * test = VOC2007 test (4,952), from Annotations/<id>.xml. Boxes are [x1, y1, x2, y2] in 0-based
 * continuous pixels (xmin - 1, ymin - 1, xmax, ymax), as detectron2's VOC loader converts them, and
 * are clipped to the image with a warning.
 */
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformed } from './errors';
import { imageAt, lines, readRequiredText, requireTopDir } from './files';
import type { ImageRef, MultiLabelDataset, MultiLabelSample } from './types';

export const VOC_CLASSES = [
  'aeroplane',
  'bicycle',
  'bird',
  'boat',
  'bottle',
  'bus',
  'car',
  'cat',
  'chair',
  'cow',
  'diningtable',
  'dog',
  'horse',
  'motorbike',
  'person',
  'pottedplant',
  'sheep',
  'sofa',
  'train',
  'tvmonitor',
];

const FIX_2007 =
  'download VOCtrainval_06-Nov-2007.tar and VOCtest_06-Nov-2007.tar from http://host.robots.ox.ac.uk/pascal/VOC/voc2007/ and extract both into the voc2007 folder (they create VOCdevkit/VOC2007)';
const FIX_2012 =
  'download VOCtrainval_11-May-2012.tar from http://host.robots.ox.ac.uk/pascal/VOC/voc2012/ and extract it into the voc2012 folder (it creates VOCdevkit/VOC2012)';

const voc2007Dir = (dataRoot: string) => join(dataRoot, 'voc2007', 'VOCdevkit', 'VOC2007');
const voc2012Dir = (dataRoot: string) => join(dataRoot, 'voc2012', 'VOCdevkit', 'VOC2012');

async function imageIds(year: string, split: string, fix: string): Promise<string[]> {
  return lines(await readRequiredText(join(year, 'ImageSets', 'Main', `${split}.txt`), fix)).map(
    (l) => l.split(/\s+/)[0]!,
  );
}

/** VOC2007 classification, read from the dataset folder DATA/voc2007. */
export async function readVoc2007(root: string): Promise<MultiLabelDataset> {
  const year = join(root, 'VOCdevkit', 'VOC2007');
  await requireTopDir(year, FIX_2007);
  const split = async (name: 'train' | 'val' | 'test'): Promise<MultiLabelSample[]> => {
    const ids = await imageIds(
      year,
      name,
      name === 'test' ? `the test lists come with VOCtest_06-Nov-2007.tar: ${FIX_2007}` : FIX_2007,
    );
    const row = new Map(ids.map((id, i) => [id, i]));
    const labels = ids.map(() => new Uint8Array(VOC_CLASSES.length));
    const difficult = ids.map(() => new Uint8Array(VOC_CLASSES.length));
    for (const [c, cls] of VOC_CLASSES.entries()) {
      const path = join(year, 'ImageSets', 'Main', `${cls}_${name}.txt`);
      const entries = lines(await readRequiredText(path, FIX_2007));
      if (entries.length !== ids.length)
        throw malformed(path, `lists ${entries.length} images, ${name}.txt lists ${ids.length}`, FIX_2007);
      for (const [n, line] of entries.entries()) {
        const [id, value] = line.split(/\s+/);
        const i = row.get(id ?? '');
        if (i === undefined || !['1', '0', '-1'].includes(value ?? '')) {
          throw malformed(path, `line ${n + 1} ("${line}") is not "<image id from ${name}.txt> <1|0|-1>"`, FIX_2007);
        }
        if (value === '1') labels[i]![c] = 1;
        if (value === '0') difficult[i]![c] = 1;
      }
    }
    return ids.map((id, i) => ({
      image: imageAt(root, 'VOCdevkit', 'VOC2007', 'JPEGImages', `${id}.jpg`),
      labels: labels[i]!,
      difficult: difficult[i]!,
    }));
  };
  return {
    dataset: 'voc2007',
    classes: VOC_CLASSES,
    multiLabel: true,
    splits: { train: await split('train'), val: await split('val'), test: await split('test') },
  };
}

export interface DetectionObject {
  label: number;
  /** [x1, y1, x2, y2], 0-based continuous pixel coordinates. */
  box: [number, number, number, number];
  difficult: boolean;
  truncated: boolean;
}

export interface DetectionSample {
  image: ImageRef;
  /** The image's Annotations/<id>.xml (its size goes into the dataset fingerprint). */
  annotationPath: string;
  width: number;
  height: number;
  objects: DetectionObject[];
}

export interface DetectionDataset {
  dataset: 'voc0712';
  classes: string[];
  splits: { train: DetectionSample[]; test: DetectionSample[] };
  /** Non-fatal oddities (clipped or empty boxes), one line each, naming the file. */
  warnings: string[];
}

const parser = new XMLParser({ isArray: (name) => name === 'object', parseTagValue: false });

const asText = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Parses one VOC annotation file. Exported for tests and for the check. */
function parseVocAnnotation(
  xml: string,
  path: string,
  fix: string,
  warnings: string[],
): { width: number; height: number; objects: DetectionObject[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw malformed(path, `invalid XML at line ${valid.err.line}: ${valid.err.msg}`, fix);
  const doc = parser.parse(xml) as {
    annotation?: { size?: Record<string, unknown>; object?: Record<string, unknown>[] };
  };
  const ann = doc.annotation;
  if (!ann) throw malformed(path, 'has no <annotation> element', fix);
  const width = Number(asText(ann.size?.width));
  const height = Number(asText(ann.size?.height));
  if (!(width > 0 && height > 0)) throw malformed(path, '<size> lacks a positive <width> and <height>', fix);
  const objects: DetectionObject[] = [];
  for (const [k, obj] of (ann.object ?? []).entries()) {
    const name = asText(obj.name).trim();
    const label = VOC_CLASSES.indexOf(name);
    if (label < 0) throw malformed(path, `object ${k + 1} has unknown class "${name}"`, fix);
    const bb = (obj.bndbox ?? {}) as Record<string, unknown>;
    const raw = ['xmin', 'ymin', 'xmax', 'ymax'].map((key) => Number(asText(bb[key])));
    if (raw.some((v) => !Number.isFinite(v)) || asText(bb.xmin) === '')
      throw malformed(path, `object ${k + 1} (${name}) has no numeric <bndbox>`, fix);
    const box: [number, number, number, number] = [raw[0]! - 1, raw[1]! - 1, raw[2]!, raw[3]!];
    const clipped: [number, number, number, number] = [
      Math.min(Math.max(box[0], 0), width),
      Math.min(Math.max(box[1], 0), height),
      Math.min(Math.max(box[2], 0), width),
      Math.min(Math.max(box[3], 0), height),
    ];
    if (clipped.some((v, i) => v !== box[i]))
      warnings.push(`${path}: object ${k + 1} (${name}) box ${raw.join(',')} clipped to the ${width}x${height} image`);
    if (clipped[2] <= clipped[0] || clipped[3] <= clipped[1]) {
      warnings.push(`${path}: object ${k + 1} (${name}) has an empty box after clipping; skipped`);
      continue;
    }
    objects.push({
      label,
      box: clipped,
      difficult: asText(obj.difficult).trim() === '1',
      truncated: asText(obj.truncated).trim() === '1',
    });
  }
  return { width, height, objects };
}

async function readDetectionSplit(
  datasetRoot: string,
  year: string,
  yearName: string,
  split: string,
  fix: string,
  warnings: string[],
): Promise<DetectionSample[]> {
  const ids = await imageIds(year, split, fix);
  const out: DetectionSample[] = [];
  for (const id of ids) {
    const path = join(year, 'Annotations', `${id}.xml`);
    const ann = parseVocAnnotation(await readRequiredText(path, fix), path, fix, warnings);
    if (ann.objects.length === 0) warnings.push(`${path}: no objects`);
    const image = imageAt(datasetRoot, 'VOCdevkit', yearName, 'JPEGImages', `${id}.jpg`);
    out.push({ image, annotationPath: path, ...ann });
  }
  return out;
}

/** VOC2012 trainval detection part alone (for `datasets check` of voc2012). */
export async function readVoc2012Detection(dataRoot: string, warnings: string[] = []): Promise<DetectionSample[]> {
  const year = voc2012Dir(dataRoot);
  await requireTopDir(year, FIX_2012);
  return readDetectionSplit(join(dataRoot, 'voc2012'), year, 'VOC2012', 'trainval', FIX_2012, warnings);
}

/** VOC2007 trainval and test detection parts (for `datasets check` of voc2007). */
export async function readVoc2007Detection(
  dataRoot: string,
  warnings: string[] = [],
): Promise<{ trainval: DetectionSample[]; test: DetectionSample[] }> {
  const year = voc2007Dir(dataRoot);
  await requireTopDir(year, FIX_2007);
  const root = join(dataRoot, 'voc2007');
  return {
    trainval: await readDetectionSplit(root, year, 'VOC2007', 'trainval', FIX_2007, warnings),
    test: await readDetectionSplit(root, year, 'VOC2007', 'test', FIX_2007, warnings),
  };
}

/** VOC07+12 detection: train on 2007 trainval + 2012 trainval, test on 2007 test. */
export async function readVocDetection(dataRoot: string): Promise<DetectionDataset> {
  const warnings: string[] = [];
  const v07 = await readVoc2007Detection(dataRoot, warnings);
  const v12 = await readVoc2012Detection(dataRoot, warnings);
  return {
    dataset: 'voc0712',
    classes: VOC_CLASSES,
    splits: { train: [...v07.trainval, ...v12], test: v07.test },
    warnings,
  };
}
