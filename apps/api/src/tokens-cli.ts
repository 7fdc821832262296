import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { parseArgs } from 'node:util';
import { createDb } from '@transferboard/db/client';
import { DataDirLockedError } from '@transferboard/db/data-dir-lock';
import { migrateDb } from '@transferboard/db/migrate';
import {
  createToken,
  listTokens,
  revokeToken,
  TokenAdminError,
  validateTokenRequest,
  type CreatedToken,
} from './auth/token-admin';
import { controlSocketPath, socketIsLive } from './control';

/**
 * `npm run tokens -- create --role submitter|runner|admin --name NAME | list | revoke ID_OR_PREFIX`.
 * Goes through the running API's control socket when there is one (the only way while it holds
 * embedded PGlite), else straight to PostgreSQL when DATABASE_URL is set, else opens PGlite
 * under its lock; a process that holds the lock without answering on the socket is a refusal.
 */

const USAGE = `Usage:
  npm run tokens -- create --role submitter|runner|admin --name NAME   prints the new token once, as the last line
  npm run tokens -- list                                              every token (prefix, role, name, last use)
  npm run tokens -- revoke ID_OR_PREFIX                               revokes one token`;

type Command = { kind: 'create'; role?: string; name?: string } | { kind: 'list' } | { kind: 'revoke'; token: string };

class UsageError extends Error {}

function parseOrUsage(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: { role: { type: 'string' }, name: { type: 'string' } },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function parseCommand(argv: string[]): Command {
  const parsed = parseOrUsage(argv);
  const [verb, ...rest] = parsed.positionals;
  if (verb === 'create' && rest.length === 0)
    return { kind: 'create', ...validateTokenRequest({ role: parsed.values.role, name: parsed.values.name }) };
  if (verb === 'list' && rest.length === 0) return { kind: 'list' };
  if (verb === 'revoke' && rest.length === 1) return { kind: 'revoke', token: rest[0]! };
  throw new UsageError(verb ? `Unknown or incomplete command "${[verb, ...rest].join(' ')}".` : 'No command given.');
}

interface Backend {
  via: string;
  create(role?: string, name?: string): Promise<CreatedToken>;
  list(): Promise<Awaited<ReturnType<typeof listTokens>>>;
  revoke(token: string): Promise<{ revoked: number }>;
  close(): Promise<void>;
}

/** One request to the running API's control socket; `T` is what that route answers (JSON). */
function overSocket<T>(socketPath: string, method: string, path: string, body?: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method, path, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString('utf8')));
      res.on('end', () => {
        const json = text ? JSON.parse(text) : {};
        if ((res.statusCode ?? 500) >= 400)
          reject(new TokenAdminError(json.error ?? `The API answered ${res.statusCode}.`));
        else resolve(json);
      });
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function openBackend(env: NodeJS.ProcessEnv): Promise<Backend> {
  const socket = controlSocketPath();
  if (existsSync(socket) && (await socketIsLive(socket))) {
    return {
      via: `the running API (${socket})`,
      create: (role, name) => overSocket<CreatedToken>(socket, 'POST', '/tokens', { role, name }),
      list: async () =>
        (await overSocket<{ tokens: Awaited<ReturnType<Backend['list']>> }>(socket, 'GET', '/tokens')).tokens,
      revoke: (token) => overSocket<{ revoked: number }>(socket, 'POST', '/tokens/revoke', { token }),
      close: async () => {},
    };
  }
  let handle: Awaited<ReturnType<typeof createDb>>;
  try {
    handle = await createDb(env.DATABASE_URL || undefined, { lockAs: 'npm run tokens' });
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const { pid, what } = error.holder;
    throw new TokenAdminError(
      `${what} (pid ${pid}) holds the embedded database, and its control socket ${socket} does not answer, so tokens cannot be ` +
        `changed safely now. Nothing was changed. Wait until it has started (or restart it), then run the command again.`,
    );
  }
  await migrateDb(handle);
  return {
    via: handle.kind === 'postgres' ? handle.location : `embedded PGlite (${handle.location}; no API is running)`,
    create: (role, name) => createToken(handle.db, { role, name }),
    list: () => listTokens(handle.db),
    revoke: (token) => revokeToken(handle.db, token),
    close: () => handle.close(),
  };
}

export async function runTokensCli(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out = console.log,
  err = console.error,
): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (error instanceof TokenAdminError) {
      err(error.message);
      return 1;
    }
    err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  let backend: Backend | undefined;
  try {
    backend = await openBackend(env);
    if (command.kind === 'create') {
      const t = await backend.create(command.role, command.name);
      out(`Created ${t.role} token "${t.name}" (id ${t.id}, prefix ${t.prefix}) via ${backend.via}.`);
      out('Store it now: it is shown only this once. Send it as `Authorization: Bearer TOKEN`.');
      out(t.token);
    } else if (command.kind === 'list') {
      const tokens = await backend.list();
      if (tokens.length === 0)
        out('No tokens yet: create one with `npm run tokens -- create --role runner --name NAME`.');
      for (const t of tokens) {
        const state = t.revokedAt ? `revoked ${t.revokedAt}` : `last used ${t.lastUsedAt ?? 'never'}`;
        out(`${t.prefix}…  ${t.role.padEnd(9)}  ${t.name}  (id ${t.id}, created ${t.createdAt}, ${state})`);
      }
    } else {
      await backend.revoke(command.token);
      out(`Revoked ${command.token}.`);
    }
    return 0;
  } catch (error) {
    err(error instanceof TokenAdminError ? error.message : `tokens failed: ${(error as Error).message}`);
    return 1;
  } finally {
    await backend?.close();
  }
}
