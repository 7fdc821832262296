import cliProgress from 'cli-progress';

/**
 * Progress of long work, on stderr, in one of three forms (docs/runner.md, "Progress"):
 * - `interactive` (stderr is a terminal): bars that redraw in place, with rates and ETAs;
 * - `lines` (stderr is a file, a pipe, a CI log): plain lines, one per step (a fit, a task, a
 *   job) and one per 10 s of a count (images), so a log shows where a run is without control
 *   characters;
 * - `off` (`--no-progress`): nothing; errors and warnings still print.
 * stdout never carries progress: it is for the command's machine-readable output.
 */
export type ProgressMode = 'interactive' | 'lines' | 'off';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** `--no-progress` turns it off; otherwise the stream decides between bars and lines. */
export function progressMode(enabled: boolean, stream: ProgressStream = process.stderr): ProgressMode {
  if (!enabled) return 'off';
  return stream.isTTY === true ? 'interactive' : 'lines';
}

/** A count with a known total (images through the backbone). */
interface Counter {
  increment(n: number): void;
  stop(): void;
}

/** Numbered steps with a known total (the grid's fits); each step says what it did. */
interface Steps {
  /** Step k of n done: `detail` says how it went ("wd 3.2e-2, 41 iterations, 1.3 s"). */
  step(detail: string): void;
  stop(): void;
}

export interface Progress {
  readonly mode: ProgressMode;
  /** A step of the outer work that stays in the log (a task begun or ended, a job claimed). */
  line(text: string): void;
  counter(label: string, total: number, unit: string): Counter;
  /** Printed as `label: noun k/total, detail`. */
  steps(label: string, noun: string, total: number): Steps;
}

/** How often `lines` mode reports a count that is still running. */
const LINE_INTERVAL_MS = 10_000;

export function createProgress(
  mode: ProgressMode,
  stream: ProgressStream = process.stderr,
  now: () => number = () => performance.now(),
): Progress {
  const write = (text: string) => void stream.write(`${text}\n`);
  return {
    mode,
    line: (text) => {
      if (mode !== 'off') write(text);
    },
    counter: (label, total, unit) => {
      if (mode === 'off' || total === 0) return { increment: () => undefined, stop: () => undefined };
      return mode === 'interactive'
        ? counterBar(stream, label, total, unit, now)
        : counterLines(write, label, total, unit, now);
    },
    steps: (label, noun, total) => {
      if (mode === 'off' || total === 0) return { step: () => undefined, stop: () => undefined };
      return mode === 'interactive' ? stepsBar(stream, label, noun, total) : stepsLines(write, label, noun, total);
    },
  };
}

/** No progress at all: library calls and tests that do not ask for it. */
export const silentProgress: Progress = createProgress('off');

function rate(done: number, seconds: number): string {
  return (done / Math.max(seconds, 1e-3)).toFixed(1);
}

export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${Math.round(s - 60 * m)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

function counterLines(
  write: (t: string) => void,
  label: string,
  total: number,
  unit: string,
  now: () => number,
): Counter {
  const started = now();
  let done = 0;
  let lastLine = started;
  let stopped = false;
  return {
    increment(n) {
      done += n;
      const t = now();
      if (done < total && t - lastLine >= LINE_INTERVAL_MS) {
        lastLine = t;
        const seconds = (t - started) / 1000;
        const eta = ((total - done) * seconds) / Math.max(done, 1);
        write(`${label}: ${done}/${total} ${unit}, ${rate(done, seconds)} ${unit}/s, ETA ${formatSeconds(eta)}`);
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      const seconds = (now() - started) / 1000;
      write(`${label}: ${done}/${total} ${unit} in ${formatSeconds(seconds)} (${rate(done, seconds)} ${unit}/s)`);
    },
  };
}

function counterBar(stream: ProgressStream, label: string, total: number, unit: string, now: () => number): Counter {
  const started = now();
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} |{bar}| {value}/{total} ${unit} | {speed} ${unit}/s | ETA {eta_formatted}`,
      etaBuffer: 50,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { speed: '0.0' });
  let done = 0;
  return {
    increment(n) {
      done += n;
      bar.update(done, { speed: rate(done, (now() - started) / 1000) });
    },
    stop: () => bar.stop(),
  };
}

function stepsLines(write: (t: string) => void, label: string, noun: string, total: number): Steps {
  let done = 0;
  return {
    step(detail) {
      done++;
      write(`${label}: ${noun} ${done}/${total}, ${detail}`);
    },
    stop: () => undefined,
  };
}

function stepsBar(stream: ProgressStream, label: string, noun: string, total: number): Steps {
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} |{bar}| {text} | ETA {eta_formatted}`,
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { text: `${noun} 0/${total}` });
  let done = 0;
  return {
    step(detail) {
      done++;
      bar.update(done, { text: `${noun} ${done}/${total}, ${detail}` });
    },
    stop: () => bar.stop(),
  };
}
