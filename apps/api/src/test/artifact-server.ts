import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbHandle } from '@transferboard/db/client';
import { createApiToken } from '@transferboard/db/queries/create-api-token';
import pino from 'pino';
import { hashToken } from '../artifacts/auth';
import { createArtifactRoute, type ArtifactRouteOptions } from '../artifacts/routes';
import type { ArtifactStore } from '../artifacts/store';

export const UPLOAD_DEFAULTS = {
  maxBytes: 1024 * 1024,
  validateTimeoutMs: 30_000,
  validateMemoryMb: 2048,
  uploadsPerToken: 2,
  quotaBytes: 1e12,
  minFreeBytes: 0,
};

/** Tokens `secret-<name>` for each name, made straight in the database. */
export async function makeTokens(db: DbHandle, roles: Record<string, 'submitter' | 'runner' | 'admin'>): Promise<void> {
  for (const [name, role] of Object.entries(roles)) {
    await createApiToken(db.db, { name, role, tokenHash: hashToken(`secret-${name}`), prefix: name });
  }
}

/** The artifact routes alone on a loopback port. */
export async function startArtifactServer(
  db: DbHandle,
  store: ArtifactStore,
  config: Partial<ArtifactRouteOptions['config']> = {},
  extra: Partial<ArtifactRouteOptions> = {},
): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  const route = createArtifactRoute({
    db: db.db,
    store,
    config: { ...UPLOAD_DEFAULTS, ...config },
    log: pino({ level: 'silent' }),
    ...extra,
  });
  const http: Server = createServer((req, res) => {
    void route(req, res, 'test').then((handled) => {
      if (!handled) res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => {
      http.closeAllConnections();
      return new Promise((resolve) => http.close(() => resolve()));
    },
  };
}
