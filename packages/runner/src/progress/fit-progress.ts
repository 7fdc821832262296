import type { FitEvent } from '../probes/linear-probe';
import type { Progress } from './progress';

/**
 * The linear probe's fits as progress: one step per grid point ("fit 12/45, wd 3.2e-2,
 * 41 iterations, 1.3 s"), then one line for the refit on train+val at the chosen strength.
 */
export function fitProgress(progress: Progress, label: string): (fit: FitEvent) => void {
  let steps: ReturnType<Progress['steps']> | null = null;
  return (fit) => {
    const detail = `wd ${fit.l2.toExponential(1)}, ${fit.iterations} iteration${fit.iterations === 1 ? '' : 's'}, ${fit.seconds.toFixed(1)} s`;
    if (fit.phase === 'grid') {
      steps ??= progress.steps(label, 'fit', fit.total);
      steps.step(detail);
      return;
    }
    steps?.stop();
    steps = null;
    progress.line(`${label}: refit on train+val at the chosen ${detail}`);
  };
}
