import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

/**
 * The runner's only way to the platform: GraphQL at `${api}/graphql` and the artifact endpoint,
 * with a runner token. Network failures and 5xx answers (an API restarting, a load balancer
 * between replicas) are retried with backoff for up to `retryForMs`, or, for calls about a job
 * the runner holds, for as long as it may still hold it (`signal`: aborted once the lease is
 * known lost or the runner stops); GraphQL errors are not retried: they carry a code the caller
 * acts on.
 */

export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The API is unreachable (or failing) for longer than the retry window. */
export class ApiUnavailableError extends Error {
  override name = 'ApiUnavailableError';
}

/** How one call retries: by default for the client's `retryForMs`. */
export interface RetryOptions {
  /** Retry for this long (Infinity: until `signal` aborts). */
  retryForMs?: number;
  /** Stops the retries (and the request in flight), rejecting with the signal's reason. */
  signal?: AbortSignal;
  /** Limit of one request, headers and body (default 60 s; null: none, for downloads, which watch for idleness instead). */
  requestTimeoutMs?: number | null;
}

export interface ApiClientOptions {
  /** Base URL of the API, e.g. http://localhost:4000 (a trailing /graphql is accepted). */
  api: string;
  token: string;
  retryForMs?: number;
  log?: (message: string) => void;
}

export class ApiClient {
  readonly base: string;
  private readonly retryForMs: number;
  private readonly log: (message: string) => void;

  constructor(private readonly opts: ApiClientOptions) {
    this.base = opts.api.replace(/\/+$/, '').replace(/\/graphql$/, '');
    this.retryForMs = opts.retryForMs ?? 120_000;
    this.log = opts.log ?? (() => {});
  }

  get authHeader(): Record<string, string> {
    return { authorization: `Bearer ${this.opts.token}` };
  }

  /** Runs one of the worker's generated documents (src/worker/gql/): typed variables and result. */
  async graphql<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
    retry: RetryOptions = {},
  ): Promise<TResult> {
    const res = await this.fetchRetrying(
      `${this.base}/graphql`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...this.authHeader },
        body: JSON.stringify({ query: print(document), variables }),
      },
      retry,
    );
    const body = (await res.json().catch(() => null)) as {
      data?: TResult;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    const error = body?.errors?.[0];
    if (error) throw new ApiError(error.message, error.extensions?.code ?? 'UNKNOWN');
    if (!res.ok || !body?.data) throw new ApiError(`the API answered ${res.status} without data`, 'BAD_RESPONSE');
    return body.data;
  }

  /** fetch, retried on network errors and 5xx/429 answers with exponential backoff (0.25 s → 5 s). */
  async fetchRetrying(url: string, init: RequestInit, retry: RetryOptions = {}): Promise<Response> {
    const retryForMs = retry.retryForMs ?? this.retryForMs;
    const deadline = Date.now() + retryForMs;
    const { signal } = retry;
    let delay = 250;
    for (let attempt = 1; ; attempt++) {
      let problem: string;
      signal?.throwIfAborted();
      try {
        const limit = retry.requestTimeoutMs === null ? [] : [AbortSignal.timeout(retry.requestTimeoutMs ?? 60_000)];
        const signals = [...(signal ? [signal] : []), ...limit];
        const res = await fetch(url, { ...init, ...(signals.length ? { signal: AbortSignal.any(signals) } : {}) });
        if (res.status < 500 && res.status !== 429) return res;
        problem = `HTTP ${res.status}`;
        await res.body?.cancel();
      } catch (err) {
        signal?.throwIfAborted();
        const cause = (err as Error & { cause?: { code?: string; message?: string; errors?: { code?: string }[] } })
          .cause;
        problem = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
      }
      if (Date.now() + delay > deadline) {
        throw new ApiUnavailableError(
          `${this.base} is unavailable (${problem}) after ${attempt} tries over ${Math.round(retryForMs / 1000)} s; check --api and that the API is running`,
        );
      }
      if (attempt === 1 || attempt % 10 === 0) this.log(`API unavailable (${problem}); retrying`);
      await sleep(delay, signal);
      delay = Math.min(delay * 2, 5_000);
    }
  }
}

/** Waits, or rejects with the signal's reason once it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
