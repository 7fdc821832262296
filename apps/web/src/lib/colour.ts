/**
 * A sequential colour scale per column: light for the column's worst value, darker blue for its
 * best. Lightness stays ≥ 68% so the dark text on top keeps a contrast ratio above 7:1.
 */
export function columnScale(values: (number | null)[], higherIsBetter: boolean): (v: number | null) => string | undefined {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length < 2) return () => undefined;
  const min = Math.min(...present);
  const max = Math.max(...present);
  if (max === min) return () => undefined;
  return (v) => {
    if (v === null) return undefined;
    const t = (v - min) / (max - min);
    return shade(higherIsBetter ? t : 1 - t);
  };
}

/** t in [0, 1] → a blue from near-white (0) to mid-light (1). */
export function shade(t: number): string {
  const clamped = Math.min(1, Math.max(0, t));
  const lightness = Math.round(97 - clamped * 29);
  return `hsl(214 85% ${lightness}%)`;
}
