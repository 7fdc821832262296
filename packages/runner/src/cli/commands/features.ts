import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { Option, type Command } from 'commander';
import { isPreprocessing, PREPROCESSINGS, type Preprocessing } from '@transferboard/suite/protocols';
import { registry } from '@transferboard/suite/registry';
import { NORMALIZATIONS, type Normalization } from '@transferboard/suite/types';
import { fileImage, isImageName } from '../../datasets/files';
import { readDataset } from '../../datasets/registry';
import type { ClassificationDataset, ImageRef, SplitName } from '../../datasets/types';
import { extractFeatures, type ExtractResult, type Precision } from '../../features/extract';
import { checkFp16 } from '../../fp16/gate';
import { planExtraction, type ExtractionPlan } from '../../gpu/device-plan';
import { inspectModel } from '@transferboard/onnx-intake/inspect';
import { writeNpy } from '../../npy/npy';
import type { ProviderRequest } from '../../onnx/providers';
import { createProgress, progressMode } from '../../progress/progress';
import { nonNegativeInt, positiveInt, runAction, UsageError } from '../run-action';

export interface ModelFlags {
  model: string;
  batchSize?: number;
  precision: Precision;
  normalization?: Normalization;
  cache: string | false;
  featureOutput?: string;
  ep: ProviderRequest;
  threads: number;
  workers?: number;
  skipCorrupt?: boolean;
  progress: boolean;
}

/** Default cache: $TRANSFERBOARD_CACHE, else $XDG_CACHE_HOME/transferboard/features, else ~/.cache/... */
function defaultCacheDir(): string {
  if (process.env.TRANSFERBOARD_CACHE) return process.env.TRANSFERBOARD_CACHE;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'transferboard', 'features');
}

/** Flags shared by `features` and `evaluate`. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .requiredOption('--model <file.onnx>', 'ONNX image backbone: one NCHW float input [N,3,H,W]')
    .option(
      '--batch-size <n>',
      'images per forward pass (default: chosen for the device: 16 on the CPU, up to 256 on a GPU by its memory)',
      positiveInt,
    )
    .addOption(
      new Option(
        '--precision <p>',
        'fp16: a half-precision conversion of the model, used only if its features match fp32 on a sample (else fp32, saying why)',
      )
        .choices(['fp32', 'fp16'])
        .default('fp32'),
    )
    .addOption(
      new Option(
        '--normalization <kind>',
        'input normalisation (default: what the model declares, else imagenet)',
      ).choices(NORMALIZATIONS),
    )
    .option('--cache <dir>', 'feature cache folder', defaultCacheDir())
    .option('--no-cache', 'do not read or write the feature cache')
    .option('--feature-output <tensor>', 'tensor holding the pooled features (default: found in the graph)')
    .addOption(
      new Option(
        '--ep <provider>',
        'execution provider: cpu; cuda (an error naming what is missing when it cannot run); auto (CUDA when it works, else the CPU, saying why)',
      )
        .choices(['cpu', 'cuda', 'auto'])
        .default('cpu'),
    )
    .option('--threads <n>', 'onnxruntime threads (0: all cores)', nonNegativeInt, 0)
    .option('--workers <n>', 'image decoding worker threads (default: cores - 1, at most 4)', nonNegativeInt)
    .option('--skip-corrupt', 'leave out images that cannot be decoded (listed at the end) instead of stopping')
    .option('--no-progress', 'no progress on stderr (default: bars on a terminal, plain lines otherwise)');
}

export function extractOptions(flags: ModelFlags) {
  return {
    modelPath: flags.model,
    ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
    ...(flags.normalization ? { normalization: flags.normalization } : {}),
    ...(flags.cache ? { cacheDir: flags.cache } : {}),
    ...(flags.featureOutput ? { featureOutput: flags.featureOutput } : {}),
    provider: flags.ep,
    threads: flags.threads,
    ...(flags.workers !== undefined ? { decodeWorkers: flags.workers } : {}),
    skipCorrupt: flags.skipCorrupt ?? false,
    progress: createProgress(progressMode(flags.progress)),
  };
}

interface FeaturesFlags extends ModelFlags {
  images?: string;
  task?: string;
  preprocessing?: Preprocessing;
  dataset?: string;
  data?: string;
  split: SplitName;
  out: string;
  labelsOut?: string;
}

export function registerFeatures(program: Command): void {
  addModelOptions(
    program
      .command('features')
      .description(
        'extract pooled features (.npy float32, one row per image) from a folder of images or a dataset split',
      ),
  )
    .option('--images <dir>', 'a folder of JPEG/PNG images (searched recursively, sorted by path)')
    .option('--task <slug>', "a task's dataset (e.g. linear-cifar10), read from --data")
    .option('--dataset <slug>', 'a dataset folder under --data (e.g. cifar10)')
    .option('--data <dir>', 'data root holding one folder per dataset slug')
    .addOption(
      new Option(
        '--preprocessing <kind>',
        "image transform: linear (shorter side 224 bicubic, centre crop), few-shot (257×257 bilinear, centre crop), few-shot-chestx (ChestX loader first); default linear, with --task the task's own",
      ).choices([...PREPROCESSINGS]),
    )
    .addOption(new Option('--split <split>', 'dataset split').choices(['train', 'val', 'test']).default('train'))
    .requiredOption('--out <file.npy>', 'features file to write')
    .option('--labels-out <file.npy>', 'labels file (default: OUT with .labels.npy; dataset splits only)')
    .action((flags: FeaturesFlags) =>
      runAction(async () => {
        const source = await resolveSource(flags);
        const base = extractOptions(flags);
        const plan = await planForModel(flags);
        process.stderr.write(`${plan.reason}; batch ${base.batchSize ?? plan.batchSize}\n`);
        const gate =
          flags.precision === 'fp16'
            ? await checkFp16({ ...base, plan, preprocessing: source.preprocessing }, source.images, source.dataset)
            : null;
        if (gate && !gate.accepted)
          process.stderr.write(`precision fp16 rejected (${gate.reasons.join('; ')}): extracting in fp32\n`);
        const precision: Precision = gate?.accepted ? 'fp16' : 'fp32';
        const res = await extractFeatures({
          ...base,
          plan,
          precision,
          preprocessing: source.preprocessing,
          images: source.images,
          dataset: source.dataset,
          split: source.split,
          progressLabel: source.label,
          out: flags.out,
        });
        const labelsPath = source.labels
          ? writeLabels(source.labels, res, flags.labelsOut ?? flags.out.replace(/(\.npy)?$/, '.labels.npy'))
          : null;
        const summary = {
          features: resolve(flags.out),
          labels: labelsPath,
          rows: res.rows,
          dim: res.dim,
          skipped: res.skipped,
          fromCache: res.fromCache,
          seconds: round(res.seconds),
          modelSha256: res.model.sha256,
          featureOutput: res.model.featureOutput,
          normalization: res.normalization,
          preprocessing: res.preprocessing,
          ep: plan.provider,
          provenance: plan.provenance,
          batchSize: res.batchSize,
          decode: res.decode,
          precision: {
            requested: flags.precision,
            used: precision,
            gate: gate
              ? { accepted: gate.accepted, reasons: gate.reasons, agreement: gate.agreement, images: gate.images }
              : null,
          },
        };
        process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      }),
    );
}

/** Provider, batch size and decoding for this model on this host, settled (and printed) before any image is read. */
async function planForModel(flags: ModelFlags): Promise<ExtractionPlan> {
  const { info } = await inspectModel(flags.model, flags.featureOutput ? { featureOutput: flags.featureOutput } : {});
  return planExtraction(flags.ep, {
    ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
    fixedBatch: info.input.fixedBatch,
  });
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

interface Source {
  images: ImageRef[];
  dataset: string;
  split: string;
  preprocessing: Preprocessing;
  /** How progress names it: the folder as given, or DATASET/SPLIT. */
  label: string;
  labels?: { single: Int32Array } | { multi: Uint8Array; classes: number };
}

async function resolveSource(flags: FeaturesFlags): Promise<Source> {
  const given = [flags.images, flags.task, flags.dataset].filter(Boolean).length;
  if (given !== 1)
    throw new UsageError('give exactly one of --images DIR, --task SLUG (with --data) or --dataset SLUG (with --data)');
  if (flags.images) {
    const root = resolve(flags.images);
    const images = await listImages(root);
    return {
      images,
      dataset: `images:${root}`,
      split: await listingSignature(images),
      preprocessing: flags.preprocessing ?? 'linear',
      label: `features ${flags.images}`,
    };
  }
  if (!flags.data)
    throw new UsageError(
      `--${flags.task ? 'task' : 'dataset'} needs --data DIR (the folder holding one folder per dataset)`,
    );
  const preprocessing = flags.task
    ? taskPreprocessing(flags.task, flags.preprocessing)
    : (flags.preprocessing ?? 'linear');
  const slug = flags.task ? registry.task(flags.task).dataset : flags.dataset!;
  const ds = await readDataset(slug, flags.data);
  return splitSource(ds, flags.split, preprocessing);
}

/** A task's features are extracted its protocol's way; a contradicting --preprocessing is refused, not obeyed. */
function taskPreprocessing(slug: string, asked: Preprocessing | undefined): Preprocessing {
  const task = registry.task(slug);
  const params = task.protocol?.params as { features?: string; preprocessing?: string } | undefined;
  if (params?.features !== 'pooled' || !params.preprocessing || !isPreprocessing(params.preprocessing)) {
    const why = task.protocol
      ? `its protocol ${task.protocol.id} uses spatial maps (run it with evaluate)`
      : 'it has no runner protocol';
    throw new UsageError(
      `task '${slug}' has no pooled-feature preprocessing: ${why}; use --dataset ${task.dataset} --preprocessing … for its images`,
    );
  }
  if (asked && asked !== params.preprocessing) {
    throw new UsageError(
      `task '${slug}' extracts with the ${params.preprocessing} preprocessing (its protocol ${task.protocol!.id}); drop --preprocessing ${asked}, or use --dataset ${task.dataset} --preprocessing ${asked}`,
    );
  }
  return params.preprocessing;
}

function splitSource(ds: ClassificationDataset, split: SplitName, preprocessing: Preprocessing = 'linear'): Source {
  const samples = ds.splits[split];
  if (!samples)
    throw new UsageError(
      `dataset '${ds.dataset}' has no official '${split}' split; use train or test (the linear protocol carves validation out of train)`,
    );
  if (ds.multiLabel) {
    const c = ds.classes.length;
    const multi = new Uint8Array(samples.length * c);
    ds.splits[split]!.forEach((s, i) => {
      multi.set(s.labels, i * c);
    });
    return {
      images: samples.map((s) => s.image),
      dataset: ds.dataset,
      split,
      preprocessing,
      label: `features ${ds.dataset}/${split}`,
      labels: { multi, classes: c },
    };
  }
  const single = Int32Array.from(ds.splits[split]!, (s) => s.label);
  return {
    images: samples.map((s) => s.image),
    dataset: ds.dataset,
    split,
    preprocessing,
    label: `features ${ds.dataset}/${split}`,
    labels: { single },
  };
}

/** Labels of the rows that made it into the features (skipped images are dropped from both). */
function writeLabels(labels: NonNullable<Source['labels']>, res: ExtractResult, path: string): string {
  if ('single' in labels) {
    writeNpy(
      path,
      BigInt64Array.from(res.kept, (i) => BigInt(labels.single[i]!)),
      [res.kept.length],
    );
  } else {
    const c = labels.classes;
    const out = new Uint8Array(res.kept.length * c);
    res.kept.forEach((i, r) => {
      out.set(labels.multi.subarray(i * c, (i + 1) * c), r * c);
    });
    writeNpy(path, out, [res.kept.length, c]);
  }
  return resolve(path);
}

/**
 * Files in a folder change in place (unlike a dataset's official archive): fold their sizes and
 * modification times into the cache key so an edited image is never served stale features.
 */
async function listingSignature(images: ImageRef[]): Promise<string> {
  const hash = createHash('sha256');
  for (const image of images) {
    const s = await stat(image.path ?? image.id);
    hash.update(`${image.id}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return `files-${hash.digest('hex').slice(0, 16)}`;
}

async function listImages(root: string): Promise<ImageRef[]> {
  try {
    if (!(await stat(root)).isDirectory())
      throw new UsageError(`--images ${root}: not a folder; pass a folder of JPEG/PNG images`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`--images ${root}: no such folder`);
  }
  const files: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && isImageName(entry.name)) files.push(join(entry.parentPath, entry.name));
  }
  files.sort((a, b) => (relative(root, a) < relative(root, b) ? -1 : 1));
  if (files.length === 0) throw new UsageError(`--images ${root}: no .jpg, .jpeg or .png files in it`);
  return files.map((f) => fileImage(root, f));
}
