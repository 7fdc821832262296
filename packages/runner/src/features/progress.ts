import cliProgress from 'cli-progress';
import { countWork } from '../progress/work-counters';

/** Items/s and ETA on stderr while extracting; silent when disabled or stderr is not a terminal. */
export interface Progress {
  increment(n: number): void;
  stop(): void;
}

export function createProgress(total: number, enabled: boolean): Progress {
  if (!enabled || total === 0) return { increment: (n) => countWork('images', n), stop: () => undefined };
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: 'features |{bar}| {value}/{total} images | {speed} img/s | ETA {eta_formatted}',
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
      countWork('images', n);
      done += n;
      const seconds = (performance.now() - started) / 1000;
      bar.update(done, { speed: (done / Math.max(seconds, 1e-3)).toFixed(1) });
    },
    stop() {
      bar.stop();
    },
  };
}
