/**
 * Turns on the event loop, taken in order, one per loop iteration. Work that awaits `nextTurn()`
 * resumes in an iteration of its own, after the loop has polled for I/O, so a large response is
 * computed in slices between which health checks, cheap requests and timers (the request's own
 * deadline) get their turn. Requests computing at once take turns round-robin, instead of each
 * running its whole continuation in one go while everything else waits.
 *
 * An idle turn costs one loop iteration (microseconds). The API takes a turn when a GraphQL
 * request starts, before every DataLoader batch, after every batch's rows arrive, and before
 * heavy computations (leaderboard aggregation, bootstrap intervals).
 */
const waiting: (() => void)[] = [];
let scheduled = false;

function tick(): void {
  const next = waiting.shift();
  // Scheduled from inside the check phase, the next turn runs in the next iteration.
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(tick);
  next?.();
}

export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(tick);
    }
  });
}
