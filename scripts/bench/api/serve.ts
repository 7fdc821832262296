// The servers the API benchmark loads, in a process of their own: the GraphQL API (with and
// without its response cache) and a minimal node:http handler running the same SQL and
// returning the same JSON. Prints one JSON line with the ports once all listen.
import { createServer as createHttpServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDb } from '@transferboard/db/client';
import { migrateDb } from '@transferboard/db/migrate';
import { findLeaderboardCells } from '@transferboard/db/queries/find-leaderboard-cells';
import { findModelsByIds } from '@transferboard/db/queries/find-model';
import { findSuite } from '@transferboard/db/queries/find-suite';
import { seedPaperData } from '@transferboard/db/seed';
import { aggregateLeaderboard } from '@transferboard/suite/aggregate';
import { registry } from '@transferboard/suite/registry';
import { createServer } from '@transferboard/api/server';

const SUITE = 'ssl-transfer-v1';

/** The same statements the API's leaderboard resolver issues, shaped like its GraphQL response. */
function rawLeaderboardHandler(db: Awaited<ReturnType<typeof createDb>>['db']): RequestListener {
  return (req, res) => {
    req.resume();
    req.on('end', async () => {
      const suite = (await findSuite(db, SUITE))!;
      const cells = await findLeaderboardCells(db, SUITE);
      const tasks = suite.tasks.map((t) => registry.task(t.slug));
      const key = (c: { modelId: string; source: string }) => `${c.modelId}|${c.source}`;
      const rows = aggregateLeaderboard(
        tasks,
        cells.map((c) => ({
          row: key(c),
          task: c.taskSlug,
          value: c.value,
          protocolId: c.protocolId,
          protocolVersion: c.protocolVersion,
        })),
        'MEAN',
      );
      const models = new Map(
        (await findModelsByIds(db, [...new Set(cells.map((c) => c.modelId))])).map((m) => [m.id, m]),
      );
      // The cell each row shows (one protocol per task, as the aggregation chose), with its stored CI.
      const stored = new Map(cells.map((c) => [`${key(c)}|${c.taskSlug}|${c.protocolId}|${c.protocolVersion}`, c]));
      const body = JSON.stringify({
        data: {
          leaderboard: {
            rows: rows.map((r) => {
              const m = models.get(r.row.split('|')[0]!)!;
              return {
                rank: r.rank,
                score: r.score,
                model: { slug: m.slug, name: m.name },
                categoryScores: r.categories.map((c) => ({
                  category: c.category.toUpperCase(),
                  score: c.score,
                  rank: c.rank,
                })),
                cells: r.cells.map((cell) => {
                  const c = stored.get(`${r.row}|${cell.task}|${cell.protocolId}|${cell.protocolVersion}`);
                  return {
                    taskSlug: cell.task,
                    value: c?.value ?? null,
                    ciLow: c?.ciLow ?? null,
                    ciHigh: c?.ciHigh ?? null,
                  };
                }),
                completeness: { tasksWithResults: r.tasksWithResults, tasks: r.tasks },
              };
            }),
          },
        },
      });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(body);
    });
  };
}

async function listen(handler: RequestListener): Promise<number> {
  const server = createHttpServer(handler);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const handle = await createDb(process.env.DATABASE_URL || 'memory://');
await migrateDb(handle);
await seedPaperData(handle.db);
const cached = await createServer({ db: handle.db });
const uncached = await createServer({ db: handle.db, responseCache: false });
const ports = {
  api: await listen(cached.handler),
  apiUncached: await listen(uncached.handler),
  raw: await listen(rawLeaderboardHandler(handle.db)),
  database: handle.kind,
};
console.log(JSON.stringify(ports));
