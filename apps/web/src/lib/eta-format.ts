/**
 * A job's time left in words, as a submitter reads it: "less than a minute left", "about 12
 * minutes left", "about 3 h 20 min left". Minutes are rounded to the nearest one: the runner's
 * estimate is not better than that (docs/runner.md, "How long a run takes").
 */
export function etaText(secondsLeft: number): string {
  if (secondsLeft < 60) return 'less than a minute left';
  const minutes = Math.round(secondsLeft / 60);
  if (minutes < 120) return `about ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes - hours * 60;
  return `about ${hours} h${rest ? ` ${rest} min` : ''} left`;
}
