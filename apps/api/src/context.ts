import type { Db } from '@transferboard/db/client';
import { authenticateApiToken, type AuthenticatedToken } from '@transferboard/db/queries/authenticate-api-token';
import type { Logger } from 'pino';
import { hashToken, parseBearer, type Bearer } from './auth/tokens';
import { INLINE_BUILD_CELLS } from './board/board-build';
import { BoardStore } from './board/board-store';
import { INLINE_INTERVAL_ROWS } from './board/intervals';
import { createLoaders, type Loaders } from './loaders/loaders';
import type { BuiltBoard, CorrelationParent } from './mappers';

export interface ApiContext {
  db: Db;
  requestId: string;
  log: Logger;
  loaders: Loaders;
  /** What the Authorization header holds (checked lazily: only writes need a token). */
  bearer: Bearer;
  /** The caller's live token, looked up once per request; null without a valid one. */
  auth: () => Promise<AuthenticatedToken | null>;
  /** How long a claimed job's lease lasts before it must heartbeat. */
  leaseSeconds: number;
  /** How long a job may go without progress before its heartbeat takes it back (null: never). */
  stallSeconds: number | null;
  /**
   * Set when a write's own SQL found the caller's token to be a live runner or admin token
   * (`bearerTokenHash`), so fields only those roles may read need no token lookup of their own.
   */
  runnerVerified: boolean;
  /**
   * What the request learnt about itself, for the HTTP layer: Apollo hands resolvers and plugins
   * a shallow copy of the context, so only a shared object carries anything back out.
   */
  stats: { cost?: number };
  /** Computed leaderboards by (view, data version), shared by every request of the server. */
  boards: BoardStore<BuiltBoard>;
  /** Computed correlations by (setting, method, source; data version), shared likewise (resolvers/correlation.ts). */
  correlations: BoardStore<CorrelationParent>;
  /** Boards with more rows bootstrap their rank intervals in a worker thread (board/intervals.ts). */
  inlineIntervalRows: number;
  /** Boards with more cells are aggregated in a worker thread (board/board-build.ts). */
  inlineBuildCells: number;
  /** Aborted when the request runs past its time limit: resolvers then stop (limits/deadline.ts). */
  signal?: AbortSignal;
}

export function createContext(opts: {
  db: Db;
  requestId: string;
  log: Logger;
  authorization?: string | null;
  leaseSeconds: number;
  stallSeconds?: number | null;
  signal?: AbortSignal;
  /** The server's store; a context made without one (a script) gets its own. */
  boards?: BoardStore<BuiltBoard>;
  correlations?: BoardStore<CorrelationParent>;
  inlineIntervalRows?: number;
  inlineBuildCells?: number;
}): ApiContext {
  const bearer = parseBearer(opts.authorization);
  let auth: Promise<AuthenticatedToken | null> | undefined;
  return {
    db: opts.db,
    requestId: opts.requestId,
    log: opts.log,
    loaders: createLoaders(opts.db),
    bearer,
    auth: () =>
      (auth ??=
        bearer.kind === 'token' ? authenticateApiToken(opts.db, hashToken(bearer.token)) : Promise.resolve(null)),
    leaseSeconds: opts.leaseSeconds,
    stallSeconds: opts.stallSeconds ?? null,
    runnerVerified: false,
    stats: {},
    signal: opts.signal,
    boards: opts.boards ?? new BoardStore(),
    correlations: opts.correlations ?? correlationStore(),
    inlineIntervalRows: opts.inlineIntervalRows ?? INLINE_INTERVAL_ROWS,
    inlineBuildCells: opts.inlineBuildCells ?? INLINE_BUILD_CELLS,
  };
}

/** Stored correlations: every (setting, method, source) of both suites fits; about 120 bytes a point. */
export function correlationStore(): BoardStore<CorrelationParent> {
  return new BoardStore<CorrelationParent>(512, 64 * 1024 * 1024, (c) => 120 * c.points.length);
}
