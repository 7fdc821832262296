import { nextTurn } from '../limits/turns';

/**
 * Every batch is dispatched on a turn of its own (limits/turns.ts) rather than DataLoader's
 * default microtask, and its rows are handed to the waiting fields on another turn: a large
 * response is then computed in slices, so health checks, other requests and the request's own
 * deadline timer get their turn instead of waiting for the whole execution to finish.
 */
export const BATCH_OPTIONS = { batchScheduleFn: (dispatch: () => void) => void nextTurn().then(dispatch) };

/** A batch function whose answer is delivered on a later turn. */
export function sliced<K, V>(batch: (keys: readonly K[]) => Promise<readonly (V | Error)[]>) {
  return async (keys: readonly K[]): Promise<readonly (V | Error)[]> => {
    const values = await batch(keys);
    await nextTurn();
    return values;
  };
}
