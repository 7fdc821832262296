/**
 * The Pareto front of models on two objectives: a point is on it when no other point is at
 * least as good on both and strictly better on one. Used for score against cost (/analysis):
 * fewer GFLOPs are better, more images per second are better, a higher score is better.
 */

export interface ParetoPoint {
  label: string;
  x: number;
  y: number;
}

export interface ParetoSense {
  /** Whether a smaller x is better (GFLOPs) or a larger one (throughput). */
  x: 'min' | 'max';
  y: 'min' | 'max';
}

function atLeastAsGood(a: number, b: number, sense: 'min' | 'max'): boolean {
  return sense === 'min' ? a <= b : a >= b;
}

export function dominates(a: ParetoPoint, b: ParetoPoint, sense: ParetoSense): boolean {
  return atLeastAsGood(a.x, b.x, sense.x) && atLeastAsGood(a.y, b.y, sense.y) && (a.x !== b.x || a.y !== b.y);
}

/** The non-dominated points, ordered by x ascending (the order to draw the front's line in); ties all kept. */
export function paretoFront<T extends ParetoPoint>(points: readonly T[], sense: ParetoSense): T[] {
  const finite = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  return finite
    .filter((p) => !finite.some((q) => q !== p && dominates(q, p, sense)))
    .sort((a, b) => a.x - b.x || a.y - b.y || a.label.localeCompare(b.label));
}
