import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '@transferboard/db/client';
import { collectArtifact, listCollectableArtifacts } from '@transferboard/db/queries/collect-artifact';
import type { Logger } from 'pino';
import type { ArtifactStore } from './store';

export interface CollectorOptions {
  /** An artifact no submission references is deleted this long after its last upload. */
  afterMs: number;
  intervalMs: number;
}

/** Temporary upload files older than this were left by a process that died mid-upload. */
const STALE_TMP_MS = 24 * 3_600_000;

/**
 * One pass of artifact garbage collection: rows and blobs of uploads nobody submitted within
 * `afterMs`, oldest first, each under its bytes' lock (see collectArtifact), then temporary
 * files abandoned by crashed uploads. Returns what it deleted.
 */
export async function collectArtifacts(
  db: Db,
  store: ArtifactStore,
  log: Logger,
  afterMs: number,
  now = new Date(),
): Promise<{ artifacts: number; bytes: number; tmpFiles: number }> {
  const before = new Date(now.getTime() - afterMs);
  const done = { artifacts: 0, bytes: 0, tmpFiles: 0 };
  for (;;) {
    const batch = await listCollectableArtifacts(db, before, 100);
    for (const artifact of batch) {
      if (await collectArtifact(db, artifact, before, () => store.delete(artifact.storageKey))) {
        done.artifacts++;
        done.bytes += artifact.size;
        log.info(
          { artifactId: artifact.id, sha256: artifact.sha256, size: artifact.size },
          'unsubmitted artifact collected',
        );
      }
    }
    if (batch.length < 100) break;
  }
  const tmp = await readdir(store.tmpDir).catch(() => [] as string[]);
  for (const name of tmp.filter((n) => n.endsWith('.upload'))) {
    const path = join(store.tmpDir, name);
    const info = await stat(path).catch(() => null);
    if (info && now.getTime() - info.mtimeMs > STALE_TMP_MS) {
      await rm(path, { force: true });
      done.tmpFiles++;
    }
  }
  return done;
}

/**
 * Runs `collectArtifacts` every `intervalMs` (and once at start), like the lease sweeper: every
 * API replica may run one, and the per-artifact lock keeps them from deleting anything twice.
 */
export function startArtifactCollector(
  db: Db,
  store: ArtifactStore,
  log: Logger,
  opts: CollectorOptions,
): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const pass = () => {
    running ??= collectArtifacts(db, store, log, opts.afterMs)
      .then((done) => {
        if (done.artifacts || done.tmpFiles) log.info(done, 'artifact collection done');
      })
      .catch((err: unknown) => log.error({ err }, 'artifact collection failed; retrying at the next interval'))
      .finally(() => (running = null));
  };
  const timer = setInterval(pass, opts.intervalMs);
  timer.unref();
  pass();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
