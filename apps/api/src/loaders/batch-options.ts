/**
 * Batches are dispatched from a macrotask (setImmediate) rather than DataLoader's default
 * microtask: a large response then yields the event loop at every batch, so health checks,
 * other requests and the request's own deadline timer get their turn instead of waiting for
 * the whole execution to finish.
 */
export const BATCH_OPTIONS = { batchScheduleFn: (dispatch: () => void) => void setImmediate(dispatch) };
