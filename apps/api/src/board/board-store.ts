/**
 * Computed leaderboards, kept per view and data version: a board (scores, positions, the rows'
 * models, and its rank intervals once asked for) is built on the first read after a change and
 * then shared by every request of that view, so a read costs a page, not an aggregation. An
 * entry is served only at the data version it was built at (bumped in the same transaction as
 * every write to results or models), so nothing stale is shown; concurrent first reads share one
 * build. Bounded by entry count (least recently used go first). Per process: each replica builds
 * a view once per change (see docs/api.md, "Pagination and the board store").
 * A board stored at version PINNED_BOARD (a view as of a moment in the past, which no later write
 * changes) is served at every data version.
 */
export const PINNED_BOARD = -1;

export class BoardStore<T> {
  private readonly entries = new Map<string, { version: number; board: Promise<T>; built?: T }>();
  /** Builds since start, for tests that check a read reuses the board. */
  builds = 0;

  constructor(private readonly maxEntries = 32) {}

  /**
   * The view's board at `version`; `build` gets the view's board of an earlier version, when one
   * was built, to update it instead of starting over (board/board-load.ts).
   */
  get(key: string, version: number, build: (previous: T | undefined) => Promise<T>): Promise<T> {
    const entry = this.entries.get(key);
    if (entry && (entry.version === version || entry.version === PINNED_BOARD)) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.board;
    }
    this.builds++;
    const board = build(entry?.built);
    const next: { version: number; board: Promise<T>; built?: T } = { version, board, built: entry?.built };
    board.then(
      (built) => {
        next.built = built;
      },
      // A failed build (a timeout, a lost connection) is not kept: the next read tries again.
      () => {
        if (this.entries.get(key) === next) this.entries.delete(key);
      },
    );
    this.entries.delete(key);
    this.entries.set(key, next);
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
    return board;
  }
}
