import { parseAsOf } from '@transferboard/db/queries/result-state';
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';

/**
 * Whole-response cache for public read queries (the leaderboard above all: ≈ 4 ms of Apollo CPU
 * per response, ≈ 0.4 ms to send it pre-serialised). An entry is keyed by everything that shapes
 * the response: the query, variables and operation name, and the Accept header (Apollo answers
 * `application/graphql-response+json` or `application/json` from it). Only anonymous requests are
 * cached (the HTTP layer skips any request with an Authorization header: tokens may see host
 * details the public may not). Each entry is stamped with the data version it was built at; it is
 * served only while the database's data version (one primary-key lookup, bumped in the same
 * transaction as every write to results or models) is unchanged. So a write on any replica
 * invalidates every replica's entries, and nothing stale is ever served. Responses with errors
 * are never stored. Memory is bounded by entry count and total size (least recently used go first).
 * A response about the past (`asOf` on every root field, see isPinned) is history: it is kept
 * across data versions.
 */

/** Root fields whose answers depend only on suites, tasks, models and results. */
const CACHEABLE_ROOT_FIELDS = new Set([
  '__typename',
  'suites',
  'suite',
  'tasks',
  'task',
  'models',
  'model',
  'results',
  'leaderboard',
  'correlation',
]);

/**
 * The version of an entry that never expires: a response whose every root field asks for a
 * moment in the past (`asOf`) shows history, which later writes do not change (rows written
 * later are created later; versions introduced later are introduced later). "In the past" means
 * at least PINNED_AFTER_MS ago, so that a transaction still in flight when T passed cannot add a row
 * at T afterwards.
 */
export const PINNED = -1;
export const PINNED_AFTER_MS = 60_000;

export interface CachedResponse {
  version: number;
  body: string;
  headers: [string, string][];
}

export interface ResponseCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private readonly cacheable = new Map<string, boolean>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(opts: ResponseCacheOptions = {}) {
    this.maxEntries = opts.maxEntries ?? 500;
    this.maxBytes = opts.maxBytes ?? 32 * 1024 * 1024;
  }

  /**
   * The cache key of an anonymous request when its every operation reads only cacheable root
   * fields, else null. `accept` is the request's Accept header, which picks the media type.
   */
  keyOf(body: unknown, accept: string | undefined = undefined): string | null {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
    if (accept !== undefined && accept.length > 500) return null;
    const { query, variables, operationName, extensions } = body as Record<string, unknown>;
    if (typeof query !== 'string' || query.length > 20_000 || extensions !== undefined) return null;
    if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
    if (!this.isCacheable(query)) return null;
    // Variables in canonical key order: `{a, b}` and `{b, a}` are one request (clients build them in any order).
    return JSON.stringify([
      query,
      canonical(variables ?? null),
      operationName ?? null,
      accept?.trim().toLowerCase() ?? null,
    ]);
  }

  /**
   * What the cache did since it started: for the control socket and the tests that guard it.
   * `storedBytes` adds up the size of every entry stored (key and body): what the misses between
   * two readings cost, e.g. that a page's requests are small rather than a whole board.
   */
  readonly stats = { hits: 0, misses: 0, stored: 0, tooLarge: 0, storedBytes: 0 };

  get(key: string, version: number): CachedResponse | undefined {
    const entry = this.entries.get(key);
    if (!entry || (entry.version !== version && entry.version !== PINNED)) {
      if (entry) this.delete(key);
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    // Refresh its place in the LRU order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /**
   * Stores an entry; false when it is larger than an eighth of the cache (a whole 2,000-model
   * board, 7 MB, was one: it was never stored, so each view of it missed). Pages fit.
   */
  set(key: string, entry: CachedResponse): boolean {
    const size = key.length + entry.body.length;
    if (size > this.maxBytes / 8) {
      this.stats.tooLarge++;
      return false;
    }
    this.stats.stored++;
    this.stats.storedBytes += size;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += size;
    for (const [oldest] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.delete(oldest);
    }
    return true;
  }

  /**
   * True when every root field of every operation of a request has an `asOf` argument (a literal
   * or a variable) naming a moment at least a minute before `now`: its response may then be kept
   * across data versions (stored with version PINNED).
   */
  isPinned(body: unknown, now: Date = new Date()): boolean {
    if (typeof body !== 'object' || body === null) return false;
    const { query, variables } = body as Record<string, unknown>;
    if (typeof query !== 'string') return false;
    let doc: DocumentNode;
    try {
      doc = parse(query, { maxTokens: 5000 });
    } catch {
      return false;
    }
    const vars = (typeof variables === 'object' && variables !== null ? variables : {}) as Record<string, unknown>;
    const past = (value: unknown) => {
      if (typeof value !== 'string') return false;
      const at = parseAsOf(value, now);
      return at !== null && at.getTime() <= now.getTime() - PINNED_AFTER_MS;
    };
    const operations = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    return (
      operations.length > 0 &&
      operations.every((op) =>
        op.selectionSet.selections.every((sel) => {
          if (sel.kind !== Kind.FIELD) return false;
          if (sel.name.value === '__typename') return true;
          const arg = sel.arguments?.find((a) => a.name.value === 'asOf');
          if (!arg) return false;
          if (arg.value.kind === Kind.STRING) return past(arg.value.value);
          return arg.value.kind === Kind.VARIABLE && past(vars[arg.value.name.value]);
        }),
      )
    );
  }

  get size(): number {
    return this.entries.size;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= key.length + entry.body.length;
    this.entries.delete(key);
  }

  private isCacheable(query: string): boolean {
    let known = this.cacheable.get(query);
    if (known === undefined) {
      known = readsOnlyCacheableFields(query);
      if (this.cacheable.size >= 2000) this.cacheable.clear();
      this.cacheable.set(query, known);
    }
    return known;
  }
}

/** A JSON value with every object's keys sorted, so equal values serialise equally. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
}

function readsOnlyCacheableFields(query: string): boolean {
  let doc: DocumentNode;
  try {
    doc = parse(query, { maxTokens: 5000 });
  } catch {
    return false; // Apollo answers the syntax error; nothing to cache
  }
  const fragments = new Map(
    doc.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [],
    ),
  );
  const rootOk = (set: SelectionSetNode, depth: number): boolean =>
    depth < 5 &&
    set.selections.every((s) => {
      if (s.kind === Kind.FIELD) return CACHEABLE_ROOT_FIELDS.has(s.name.value);
      if (s.kind === Kind.INLINE_FRAGMENT) return rootOk(s.selectionSet, depth + 1);
      const fragment = fragments.get(s.name.value);
      return fragment !== undefined && rootOk(fragment, depth + 1);
    });
  return doc.definitions.every(
    (d) => d.kind !== Kind.OPERATION_DEFINITION || (d.operation === 'query' && rootOk(d.selectionSet, 0)),
  );
}

/**
 * Shares data-version reads between concurrent requests without ever answering a request with a
 * read that started before it arrived (which could miss a write the client just made): a
 * request that finds a read in flight waits for the next one, which starts when that read ends
 * and serves everyone who arrived meanwhile. Under load that is one lookup per round trip, not
 * one per request.
 */
export function coalesce<T>(read: () => Promise<T>): () => Promise<T> {
  let inFlight: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    const p = read().finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  };
  return () => {
    if (!inFlight) return start();
    next ??= inFlight
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}
