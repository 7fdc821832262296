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

interface Entry<T> {
  version: number;
  board: Promise<T>;
  /** The board once built: this version's, or, while a newer version builds, the previous one. */
  built?: T;
  /** The built board's estimated size. */
  bytes: number;
}

/** The store's default bound: about two boards of 10,000 rows × 25 tasks (BuiltBoard's estimate). */
export const BOARD_STORE_BYTES = 256 * 1024 * 1024;

export class BoardStore<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Builds since start, for tests that check a read reuses the board. */
  builds = 0;

  /**
   * At most `maxEntries` views and `maxBytes` of boards by `sizeOf`'s estimate, least recently
   * used first; the board just built is kept even when it alone is larger.
   */
  constructor(
    private readonly maxEntries = 32,
    private readonly maxBytes = BOARD_STORE_BYTES,
    private readonly sizeOf: (board: T) => number = () => 0,
  ) {}

  /** The estimated size of the boards kept. */
  get bytes(): number {
    let total = 0;
    for (const e of this.entries.values()) total += e.bytes;
    return total;
  }

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
    const next: Entry<T> = { version, board, built: entry?.built, bytes: entry?.bytes ?? 0 };
    board.then(
      (built) => {
        next.built = built;
        next.bytes = this.sizeOf(built);
        this.evict(next);
      },
      // A failed build (a timeout, a lost connection) is not kept: the next read tries again.
      () => {
        if (this.entries.get(key) === next) this.entries.delete(key);
      },
    );
    this.entries.delete(key);
    this.entries.set(key, next);
    this.evict(next);
    return board;
  }

  /** Drops the least recently used entries past either bound, never `keep`. */
  private evict(keep: Entry<T>): void {
    let bytes = this.bytes;
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && bytes <= this.maxBytes) break;
      if (entry === keep) continue;
      this.entries.delete(key);
      bytes -= entry.bytes;
    }
  }
}
