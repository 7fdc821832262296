import { type Command, InvalidArgumentError, Option } from 'commander';
import { readNpy, readNpyHeader, NpyError, type NpyArray, type NpyHeader } from '../../npy/npy';
import { runFewShot } from '../../probes/few-shot';
import { runLinearProbe, type LinearMetric } from '../../probes/linear-probe';
import { ProbeInputError, type LabeledFeatures, type SplitSource } from '../../probes/probe-input';
import { fitProgress } from '../../progress/fit-progress';
import { createProgress, progressMode } from '../../progress/progress';
import { PROTOCOLS, RANDOM_VALIDATION } from '@transferboard/suite/protocols';

/** The protocols' own settings are the defaults (one source: packages/suite/src/protocols.ts). */
const LINEAR = PROTOCOLS['linear-lbfgs'].defaults;
const FEW_SHOT = PROTOCOLS['fewshot-protonet'].defaults;

/**
 * `transferboard-runner probe linear|fewshot`: the paper's probes on features saved as .npy,
 * printing one JSON object on stdout. Bad input exits with status 2 and a one-line message on
 * stderr that names the file.
 */

export function registerProbe(program: Command): Command {
  const probe = program.command('probe').description('run a linear or few-shot probe on saved features (.npy)');

  probe
    .command('linear')
    .description(
      'multinomial logistic regression (L-BFGS), L2 chosen from 45 values in [1e-6, 1e5] on validation, refit on train+val, scored on test',
    )
    .requiredOption(
      '--train <x.npy y.npy...>',
      'training features (n × d float32) and labels (n ints, or n × C 0/1)',
      pair('--train'),
    )
    .option(
      '--val <x.npy y.npy...>',
      "the dataset's own validation split (else a seeded random 20% of train)",
      pair('--val'),
    )
    .requiredOption('--test <x.npy y.npy...>', 'test features and labels', pair('--test'))
    .addOption(
      new Option('--metric <metric>', 'score used for selection and test').choices(['top1', 'mean-per-class', 'map11']),
    )
    .option(
      '--num-classes <k>',
      'number of classes (default: largest label + 1, or the labels’ second dimension)',
      positiveInt,
    )
    .option(
      '--seed <s>',
      'seed of the random validation split (NumPy legacy shuffle; the paper used 0)',
      nonNegativeInt,
      RANDOM_VALIDATION.seed,
    )
    .option(
      '--max-iter <n>',
      'L-BFGS iterations per fit (scikit-learn default, as in the paper)',
      positiveInt,
      LINEAR.solver.maxIter,
    )
    .addOption(
      new Option(
        '--refit-start <from>',
        'warm start of the train+val refit (the paper continued from the last grid point)',
      )
        .choices(['chosen', 'last-grid-point'])
        .default('chosen'),
    )
    .addOption(
      new Option(
        '--precondition <when>',
        'run the converged (strongly regularised) fits in preconditioned variables: same optimum, fewer iterations',
      )
        .choices(['auto', 'never'])
        .default('auto'),
    )
    .option('--threads <n>', 'onnxruntime threads (0: every core)', nonNegativeInt, 0)
    .option('--no-progress', 'no progress on stderr (default: a bar on a terminal, one line per fit otherwise)')
    .action(async (opts: LinearOpts) => {
      await reportErrors(async () => {
        const result = await runLinear(opts);
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      });
    });

  probe
    .command('fewshot')
    .description('N-way K-shot prototypical-network episodes on pooled features (mean accuracy ± 1.96·std/√episodes)')
    .requiredOption('--features <x.npy>', 'features, n × d float32')
    .requiredOption('--labels <y.npy>', 'class indices, n ints')
    .requiredOption('--shots <k>', 'support examples per class (5, 20 or 50 in the paper)', positiveInt)
    .option('--ways <n>', 'classes per episode', positiveInt, FEW_SHOT.ways)
    .option('--queries <q>', 'query examples per class', positiveInt, FEW_SHOT.queries)
    .option('--episodes <e>', 'number of episodes', positiveInt, FEW_SHOT.episodes)
    .option('--seed <s>', 'episode sampler seed (MT19937)', nonNegativeInt, FEW_SHOT.seed)
    .action(async (opts: FewShotOpts) => {
      await reportErrors(async () => {
        const x = loadFeatures(opts.features);
        const labels = loadLabels(opts.labels, x.n, false);
        const result = runFewShot({
          ...x,
          labels: labels.y as Int32Array,
          shots: opts.shots,
          ways: opts.ways,
          queries: opts.queries,
          episodes: opts.episodes,
          seed: opts.seed,
          sources: { features: opts.features, labels: opts.labels },
        });
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      });
    });
  return probe;
}

interface LinearOpts {
  train: [string, string];
  val?: [string, string];
  test: [string, string];
  metric?: LinearMetric;
  numClasses?: number;
  seed: number;
  maxIter: number;
  refitStart: 'chosen' | 'last-grid-point';
  precondition: 'auto' | 'never';
  threads: number;
  progress: boolean;
}

interface FewShotOpts {
  features: string;
  labels: string;
  shots: number;
  ways: number;
  queries: number;
  episodes: number;
  seed: number;
}

async function runLinear(opts: LinearOpts) {
  const roles = { train: opts.train, val: opts.val, test: opts.test };
  const loaded: Partial<
    Record<'train' | 'val' | 'test', { split: LabeledFeatures; source: SplitSource; width: number }>
  > = {};
  for (const [role, files] of Object.entries(roles) as [keyof typeof roles, [string, string] | undefined][]) {
    if (files && files.length !== 2)
      throw new ProbeInputError(`--${role} takes two files: FEATURES.npy LABELS.npy (got ${files.length})`);
  }
  const joined = opts.val ? loadJoined(opts.train[0], opts.val[0]) : undefined;
  for (const [role, files] of Object.entries(roles) as [keyof typeof roles, [string, string] | undefined][]) {
    if (!files) continue;
    const [xFile, yFile] = files;
    const x = (role === 'train' ? joined?.train : role === 'val' ? joined?.val : undefined) ?? loadFeatures(xFile);
    const labels = loadLabels(yFile, x.n, true);
    loaded[role] = { split: { ...x, y: labels.y }, source: { features: xFile, labels: yFile }, width: labels.width };
  }
  const train = loaded.train!;
  const test = loaded.test!;
  const multiLabel = train.width > 0;
  for (const s of [loaded.val, test]) {
    if (s && s.width > 0 !== multiLabel) {
      throw new ProbeInputError(
        `${s.source.labels}: ${multiLabel ? 'single' : 'multi'}-label file, but ${train.source.labels} is ${multiLabel ? 'multi' : 'single'}-label`,
      );
    }
  }
  const numClasses =
    opts.numClasses ??
    (multiLabel ? train.width : 1 + Math.max(...Object.values(loaded).map((s) => maxLabel(s.split.y))));
  const metric = opts.metric ?? (multiLabel ? 'map11' : 'top1');
  return runLinearProbe({
    train: train.split,
    ...(loaded.val ? { val: loaded.val.split } : {}),
    test: test.split,
    numClasses,
    metric,
    multiLabel,
    seed: opts.seed,
    maxIter: opts.maxIter,
    refitStart: opts.refitStart,
    precondition: opts.precondition,
    threads: opts.threads,
    onFit: fitProgress(createProgress(progressMode(opts.progress)), 'probe linear'),
    sources: { train: train.source, test: test.source, ...(loaded.val ? { val: loaded.val.source } : {}) },
  });
}

/**
 * Train and val features read into one buffer, train's rows then val's: the train+val refit
 * uses it as it is (linear-probe.ts joins adjacent views without a copy). Undefined where the
 * two cannot share one (not both float32 matrices of the same width): they load one by one.
 */
function loadJoined(
  trainFile: string,
  valFile: string,
): { train: { x: Float32Array; n: number; d: number }; val: { x: Float32Array; n: number; d: number } } | undefined {
  const [a, b] = [readNpyHeader(trainFile), readNpyHeader(valFile)];
  const matrix = (h: NpyHeader) => h.dtype === 'float32' && h.shape.length === 2;
  if (!matrix(a) || !matrix(b) || a.shape[1] !== b.shape[1]) return undefined;
  const buffer = new ArrayBuffer(a.byteLength + b.byteLength);
  readNpy(trainFile, new Uint8Array(buffer, 0, a.byteLength));
  readNpy(valFile, new Uint8Array(buffer, a.byteLength, b.byteLength));
  const d = a.shape[1]!;
  return {
    train: { x: new Float32Array(buffer, 0, a.byteLength / 4), n: a.shape[0]!, d },
    val: { x: new Float32Array(buffer, a.byteLength, b.byteLength / 4), n: b.shape[0]!, d },
  };
}

function loadFeatures(file: string): { x: Float32Array; n: number; d: number } {
  const a = readNpy(file);
  if (a.shape.length !== 2) {
    throw new ProbeInputError(
      `${file}: features must be a 2-D array (examples × dimensions), got shape [${a.shape.join(', ')}]`,
    );
  }
  const [n, d] = a.shape as [number, number];
  if (a.dtype === 'float32') return { x: a.data as Float32Array, n, d };
  if (a.dtype === 'float64') return { x: Float32Array.from(a.data as Float64Array), n, d };
  throw new ProbeInputError(`${file}: features must be float32 (or float64), got ${a.dtype}`);
}

/** Class indices as Int32Array (width 0), or n × C 0/1 multi-label rows as Uint8Array (width C). */
function loadLabels(file: string, n: number, allowMulti: boolean): { y: Int32Array | Uint8Array; width: number } {
  const a: NpyArray = readNpy(file);
  if (a.dtype === 'float32' || a.dtype === 'float64') {
    throw new ProbeInputError(
      `${file}: labels must be an integer or bool array, got ${a.dtype}; save them with .astype(np.int64)`,
    );
  }
  if (a.shape[0] !== n) {
    throw new ProbeInputError(`${file}: ${a.shape[0] ?? 0} labels, but the features have ${n} rows`);
  }
  const values = a.data instanceof BigInt64Array ? Array.from(a.data, Number) : (a.data as ArrayLike<number>);
  if (a.shape.length === 1) return { y: Int32Array.from(values), width: 0 };
  if (a.shape.length === 2 && allowMulti) return { y: Uint8Array.from(values), width: a.shape[1]! };
  throw new ProbeInputError(
    `${file}: labels must be 1-D class indices${allowMulti ? ' or 2-D multi-label 0/1' : ''}, got shape [${a.shape.join(', ')}]`,
  );
}

function maxLabel(y: ArrayLike<number>): number {
  let m = -1;
  for (let i = 0; i < y.length; i++) if (y[i]! > m) m = y[i]!;
  return m;
}

function pair(flag: string) {
  return (value: string, previous: string[] | undefined): string[] => {
    const list = [...(previous ?? []), value];
    if (list.length > 2) throw new InvalidArgumentError(`${flag} takes two files: FEATURES.npy LABELS.npy`);
    return list;
  };
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function nonNegativeInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidArgumentError('must be an integer in [0, 2^32-1]');
  return n;
}

async function reportErrors(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (err instanceof ProbeInputError || err instanceof NpyError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
