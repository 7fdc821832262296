import type { Db } from '@transferboard/db/client';
import { findListSizes, type ListSizes } from '@transferboard/db/queries/find-list-sizes';
import type { Logger } from 'pino';

export type { ListSizes };

/** How often the live list sizes are read again (in the background, never on a request's path). */
const LIST_SIZES_REFRESH_MS = 10_000;

export interface ListSizeSource {
  /** The latest sizes read; starts a background refresh when they are older than the refresh interval. */
  current(): ListSizes;
  /** Reads them now (at start, and in tests after a write). */
  refresh(): Promise<ListSizes>;
}

/**
 * The live side of the cost analysis: how many models, results per model, events per submission…
 * exist now. A cost is checked synchronously, so it uses the last sizes read (at most about ten
 * seconds old); lists grow by single rows, so the lag can only miss a few rows.
 */
export async function createListSizeSource(
  db: Db,
  log: Logger,
  refreshMs = LIST_SIZES_REFRESH_MS,
): Promise<ListSizeSource> {
  let sizes = await findListSizes(db);
  let readAt = Date.now();
  let inFlight: Promise<ListSizes> | null = null;
  const refresh = () =>
    (inFlight ??= findListSizes(db)
      .then((next) => {
        sizes = next;
        readAt = Date.now();
        return next;
      })
      .finally(() => {
        inFlight = null;
      }));
  return {
    current: () => {
      if (Date.now() - readAt > refreshMs && !inFlight) {
        refresh().catch((err: unknown) =>
          log.warn({ err }, 'could not read the list sizes for the cost analysis; keeping the last ones'),
        );
      }
      return sizes;
    },
    refresh,
  };
}
