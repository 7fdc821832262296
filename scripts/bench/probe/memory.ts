/**
 * Peak resident memory of the real CLI, `transferboard-runner probe linear`, on seeded features
 * saved as .npy (features.ts), against the bound of issue 18: 2 × the feature bytes + 300 MB.
 * The CLI runs as a child of GNU time, whose %M is the child's peak resident set (ru_maxrss).
 * Exits 1 when the peak exceeds the bound.
 *
 *   node --import tsx scripts/bench/probe/memory.ts [--train 24000] [--val 6000] [--test 10000]
 *        [--d 2048] [--classes 101] [--max-iter 100] [--threads 0] [--slack-mb 300]
 *
 * --val 0 leaves the validation split to the runner (a seeded 20% of train). Writes a record
 * (bench `probe-memory`). Food-101's size: --train 60600 --val 15150 --test 25250.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNpy } from '@transferboard/runner/npy/npy';
import { startRecord } from '../lib/record';
import { FeatureGenerator } from './features';

const CLI = fileURLToPath(new URL('../../../packages/runner/bin/transferboard-runner.mjs', import.meta.url));
const TIME = '/usr/bin/time';
const MB = 1e6;

interface MemoryCase {
  train: number;
  /** 0: the runner's random validation split. */
  val: number;
  test: number;
  d: number;
  classes: number;
  maxIter?: number;
  threads?: number;
  /** The bound's allowance over twice the feature bytes, MB. */
  slackMb?: number;
  seed?: number;
}

export interface MemoryFigures {
  shape: MemoryCase;
  featureMb: number;
  peakMb: number;
  boundMb: number;
  withinBound: boolean;
  /** Peak over feature bytes. */
  peakOverFeatures: number;
  wallSeconds: number;
  /** The child's user + system CPU time (GNU time's %U + %S): what a loaded machine distorts less. */
  cpuSeconds: number;
  chosenL2: number;
  testScore: number;
}

/** Writes the features, runs the CLI under GNU time and reads its peak resident set. */
function measureProbeMemory(c: MemoryCase): MemoryFigures {
  if (!existsSync(TIME)) throw new Error(`${TIME} is missing: install Debian's "time" package`);
  const dir = mkdtempSync(join(tmpdir(), 'tb-probe-memory-'));
  try {
    const gen = new FeatureGenerator(c.d, c.classes, c.seed ?? 1);
    const split = (name: string, rows: number): string[] => {
      const { x, y } = gen.split(rows);
      const files = [join(dir, `${name}-x.npy`), join(dir, `${name}-y.npy`)];
      writeNpy(files[0]!, x, [rows, c.d]);
      writeNpy(files[1]!, y, [rows]);
      return files;
    };
    const args = ['--train', ...split('train', c.train)];
    if (c.val > 0) args.push('--val', ...split('val', c.val));
    args.push('--test', ...split('test', c.test));
    const timeFile = join(dir, 'time.txt');
    const t0 = performance.now();
    const out = execFileSync(
      TIME,
      [
        '-f',
        '%M %U %S',
        '-o',
        timeFile,
        process.execPath,
        CLI,
        'probe',
        'linear',
        ...args,
        '--num-classes',
        String(c.classes),
        '--max-iter',
        String(c.maxIter ?? 100),
        '--threads',
        String(c.threads ?? 0),
        '--no-progress',
      ],
      { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const wallSeconds = (performance.now() - t0) / 1000;
    const result = JSON.parse(out) as { chosenL2: number; testScore: number };
    // GNU time's %M is in KiB; %U and %S in seconds.
    const [maxKib, user, system] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number);
    const peakMb = (maxKib! * 1024) / MB;
    const featureMb = ((c.train + c.val + c.test) * c.d * 4) / MB;
    const boundMb = 2 * featureMb + (c.slackMb ?? 300);
    return {
      shape: c,
      featureMb: round1(featureMb),
      peakMb: round1(peakMb),
      boundMb: round1(boundMb),
      withinBound: peakMb <= boundMb,
      peakOverFeatures: Math.round((peakMb / featureMb) * 100) / 100,
      wallSeconds: round1(wallSeconds),
      cpuSeconds: round1(user! + system!),
      chosenL2: result.chosenL2,
      testScore: result.testScore,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

async function main(): Promise<void> {
  const { parseArgs } = await import('node:util');
  const { values: a } = parseArgs({
    options: {
      train: { type: 'string', default: '24000' },
      val: { type: 'string', default: '6000' },
      test: { type: 'string', default: '10000' },
      d: { type: 'string', default: '2048' },
      classes: { type: 'string', default: '101' },
      'max-iter': { type: 'string', default: '100' },
      threads: { type: 'string', default: '0' },
      'slack-mb': { type: 'string', default: '300' },
    },
  });
  const record = startRecord('probe-memory');
  const figures = measureProbeMemory({
    train: Number(a.train),
    val: Number(a.val),
    test: Number(a.test),
    d: Number(a.d),
    classes: Number(a.classes),
    maxIter: Number(a['max-iter']),
    threads: Number(a.threads),
    slackMb: Number(a['slack-mb']),
  });
  console.log(
    `probe linear ${a.train}/${a.val}/${a.test} × ${a.d}, ${a.classes} classes: peak ${figures.peakMb} MB ` +
      `(${figures.peakOverFeatures}× the ${figures.featureMb} MB of features), bound ${figures.boundMb} MB: ` +
      `${figures.withinBound ? 'within' : 'EXCEEDED'}; ${figures.wallSeconds} s, ${figures.cpuSeconds} s CPU`,
  );
  record.write(figures);
  if (!figures.withinBound) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
