/**
 * A sequential colour scale per column, in ten steps: step 0 for the column's worst value (near
 * white), step 9 for its best (mid blue). Cells get a class (`c0`…`c9`, defined in globals.css)
 * rather than an inline style, which keeps the leaderboard's HTML and RSC payload small.
 * Lightness stays ≥ 68% so the dark text on top keeps a contrast ratio above 6:1.
 */
const STEPS = 10;

export function columnScale(
  values: (number | null)[],
  higherIsBetter: boolean,
): (v: number | null) => string | undefined {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length < 2) return () => undefined;
  const min = Math.min(...present);
  const max = Math.max(...present);
  if (max === min) return () => undefined;
  return (v) => {
    if (v === null) return undefined;
    const t = (v - min) / (max - min);
    return `c${step(higherIsBetter ? t : 1 - t)}`;
  };
}

/** t in [0, 1] → step 0…9. */
export function step(t: number): number {
  return Math.round(Math.min(1, Math.max(0, t)) * (STEPS - 1));
}

/** The CSS colour of a step: lightness from 97% (step 0) down to 68% (step 9). */
export function shade(stepIndex: number): string {
  return `hsl(214 85% ${Math.round(97 - (stepIndex / (STEPS - 1)) * 29)}%)`;
}
