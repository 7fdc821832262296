import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Machine-readable records of benchmark runs: each bench script calls `startRecord` first (the
 * load average is read then, before its own work raises it) and `write(figures)` at the end,
 * which writes scripts/bench/results/<bench>-<UTC time>.json. The docs quote figures from these
 * records and point to them; scripts/bench/README.md describes the fields and which are committed.
 *
 * Shell-driven benches use the command line instead:
 *   node --import tsx scripts/bench/lib/record.ts BENCH FIGURES.json [--load "1.0 0.9 0.8"] [--started ISO]
 *     [--command "…"]
 * RECORD_DIR overrides the results folder (a GPU host writes next to its other outputs), and
 * TB_COMMIT=<sha>[-dirty] names the commit where there is no git checkout (build-carry.sh writes it).
 */

export const RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Machine {
  cpu: string;
  cores: number;
  /** 1, 5 and 15 minute load averages when the bench started: the machine is shared. */
  loadAverageAtStart: [number, number, number];
  memoryGiB: number;
  platform: string;
  node: string;
}

export interface BenchRecord<F = unknown> {
  bench: string;
  /** When the run started (UTC, ISO 8601). */
  date: string;
  seconds: number;
  /** How to run it again, from the repository root. */
  command: string;
  /** dirty: uncommitted changes (but records and Markdown); null where that is unknown. */
  commit: { sha: string; dirty: boolean | null };
  machine: Machine;
  figures: F;
}

export interface RecordHandle {
  /** Writes the record and returns its path. */
  write<F>(figures: F): string;
}

export interface RecordOptions {
  /** Load average at the start, when something else read it (a shell script). */
  load?: [number, number, number];
  started?: Date;
  command?: string;
  dir?: string;
}

/** A mistake in how the helper was called: the command line prints its message, not a stack. */
export class RecordUsageError extends Error {}

export function startRecord(bench: string, opts: RecordOptions = {}): RecordHandle {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(bench)) {
    throw new RecordUsageError(`bench name '${bench}': use lower-case letters, digits and dashes`);
  }
  const started = opts.started ?? new Date();
  const load = opts.load ?? (loadavg().map(round2) as [number, number, number]);
  const command = opts.command ?? commandLine();
  return {
    write<F>(figures: F): string {
      const record: BenchRecord<F> = {
        bench,
        date: started.toISOString(),
        seconds: round2((Date.now() - started.getTime()) / 1000),
        command,
        commit: commit(),
        machine: {
          cpu: cpus()[0]?.model.trim() ?? 'unknown',
          cores: cpus().length,
          loadAverageAtStart: load,
          memoryGiB: round2(totalmem() / 2 ** 30),
          platform: `${platform()} ${release()}`,
          node: process.version,
        },
        figures,
      };
      const dir = opts.dir ?? process.env.RECORD_DIR ?? RESULTS_DIR;
      mkdirSync(dir, { recursive: true });
      const path = freePath(
        dir,
        `${bench}-${started
          .toISOString()
          .replace(/[-:]/g, '')
          .replace(/\.\d+Z$/, 'Z')}`,
      );
      writeFileSync(path, `${JSON.stringify(record, null, 2)}\n`);
      const shown = relative(process.cwd(), path);
      process.stderr.write(`record: ${shown.startsWith('..') ? path : shown}\n`);
      return path;
    },
  };
}

/** Two runs started in the same second (a loop, a test) each keep their record. */
function freePath(dir: string, stem: string): string {
  let path = join(dir, `${stem}.json`);
  for (let i = 2; existsSync(path); i++) path = join(dir, `${stem}-${i}.json`);
  return path;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** How the bench was started, relative to the repository root, to rerun it. */
function commandLine(): string {
  const [, script, ...args] = process.argv;
  const file = script ? relative(ROOT, script) : '?';
  const quoted = args.map((a) => (/^[\w./:=,@+-]+$/.test(a) ? a : JSON.stringify(a)));
  return ['node --import tsx', file, ...quoted].join(' ');
}

function commit(): BenchRecord['commit'] {
  const given = process.env.TB_COMMIT && /^([0-9a-f]{7,40})(-dirty)?$/.exec(process.env.TB_COMMIT);
  if (given) return { sha: given[1]!, dirty: given[2] !== undefined };
  if (process.env.TB_COMMIT) return { sha: process.env.TB_COMMIT, dirty: null };
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const sha = git('rev-parse', 'HEAD').trim();
    // Uncommitted changes make the commit an approximation: say so. Records and docs change no figure.
    const status = git('status', '--porcelain', '--', '.', ':!scripts/bench/results', ':!*.md');
    return { sha, dirty: status.trim().length > 0 };
  } catch {
    return { sha: 'unknown', dirty: null };
  }
}

function parseLoad(text: string): [number, number, number] {
  const parts = text.trim().split(/\s+/).slice(0, 3).map(Number);
  if (parts.length !== 3 || parts.some((x) => !Number.isFinite(x))) {
    throw new RecordUsageError(`--load "${text}": give three numbers, as /proc/loadavg starts`);
  }
  return parts as [number, number, number];
}

function readFigures(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RecordUsageError(`cannot read the figures file ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const why = (e as Error).message;
    throw new RecordUsageError(`the figures file ${file} is not JSON (${why}): write one JSON value`);
  }
}

const USAGE =
  'usage: record.ts BENCH FIGURES.json [--load "1m 5m 15m"] [--started ISO-TIME] [--command "how it was run"]';

/** The command line: a shell-driven bench hands over its figures as a JSON file. */
function main(argv: string[]): void {
  const [bench, figuresFile, ...rest] = argv;
  if (!bench || !figuresFile) throw new RecordUsageError(USAGE);
  const flag = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const [load, started, command] = [flag('--load'), flag('--started'), flag('--command')];
  if (started && Number.isNaN(Date.parse(started))) {
    throw new RecordUsageError(`--started "${started}": not an ISO 8601 time (date -u +%FT%TZ prints one)`);
  }
  const figures = readFigures(figuresFile);
  startRecord(bench, {
    ...(load ? { load: parseLoad(load) } : {}),
    ...(started ? { started: new Date(started) } : {}),
    ...(command ? { command } : {}),
  }).write(figures);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    main(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof RecordUsageError)) throw e;
    process.stderr.write(`record.ts: ${e.message}\n`);
    process.exit(2);
  }
}
