import { etaText } from '../lib/eta-format';

/**
 * The submission page's "about N minutes left": the runner's estimate (Job.eta), with what it
 * rests on as a tooltip. Nothing when there is no estimate (queued, finished, an older runner).
 */
export function JobEta({ eta }: { eta: { secondsLeft: number; basis: string } | null | undefined }) {
  if (!eta) return null;
  return (
    <>
      <dt>Time left</dt>
      <dd data-testid="job-eta" title={`The runner's estimate: ${eta.basis}`}>
        {etaText(eta.secondsLeft)}
      </dd>
    </>
  );
}
