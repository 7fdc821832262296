import { bumpDataVersion } from '@transferboard/db/queries/bump-data-version';
import { findSuite } from '@transferboard/db/queries/find-suite';
import { createTestDb, testDbKinds } from '@transferboard/db/testing';
import type { DbHandle } from '@transferboard/db/client';
import { mulberry32 } from '@transferboard/suite/random';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRows, buildRowsOffLoop, workerBuilds, type Built } from './board-build';
import { loadBoardSource, sourceCells, type BoardSource, type View } from './board-load';

/**
 * A board updated from the models whose results changed equals the board read and aggregated in
 * full, through random writes of every kind a board of now can see.
 */
const SUITE = 'ssl-transfer-v1';

describe.each(testDbKinds)('incremental board loads (%s)', (kind) => {
  let h: DbHandle;
  let views: View[];
  const rand = mulberry32(19);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const rows = async <T>(q: ReturnType<typeof sql>) => ((await h.db.execute(q)) as unknown as { rows: T[] }).rows;

  beforeAll(async () => {
    h = await createTestDb(kind);
    const suite = (await findSuite(h.db, SUITE))!;
    // Version 1 of every task is known, so a result measured on version 0 is stale.
    await h.db.execute(sql`insert into task_versions (task_slug, version)
      select slug, 1 from tasks on conflict do nothing`);
    views = [
      { suite: SUITE, tasks: suite.tasks, source: null, aggregate: 'MEAN', asOf: undefined, includeStale: false },
      { suite: SUITE, tasks: suite.tasks, source: null, aggregate: 'MEAN_RANK', asOf: undefined, includeStale: true },
      { suite: SUITE, tasks: suite.tasks, source: 'measured', aggregate: 'MEAN', asOf: undefined, includeStale: false },
    ];
  }, 120_000);
  afterAll(async () => h?.close());

  let n = 0;
  const newModel = async () => {
    n++;
    const [m] = await rows<{ id: string }>(sql`insert into models (slug, name, source, family)
      values (${`rand-${n}`}, ${`Random ${n}`}, 'submission', ${pick(['contrastive', 'supervised'])}) returning id`);
    for (const t of (await findSuite(h.db, SUITE))!.tasks) {
      if (rand() < 0.2) continue;
      await insertResult(m!.id, t.slug, rand() * 100);
    }
  };
  const insertResult = (modelId: string, task: string, value: number, taskVersion = 1) =>
    h.db.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id, protocol_version,
        task_version, provenance)
      select ${modelId}, t.slug, t.primary_metric, ${value}, 'measured', r.protocol_id, r.protocol_version,
        ${taskVersion}, '{}'::jsonb
      from tasks t, (select protocol_id, protocol_version from results where task_slug = ${task} limit 1) r
      where t.slug = ${task}`);
  const remeasure = async () => {
    const [old] = await rows<{ id: number; model_id: string; task_slug: string }>(sql`select id, model_id, task_slug
      from results where superseded_at is null order by random() limit 1`);
    await h.db.transaction(async (tx) => {
      const [row] = (
        (await tx.execute(sql`update results set superseded_at = now() where id = ${old!.id}
        returning *`)) as unknown as { rows: Record<string, unknown>[] }
      ).rows;
      await tx.execute(sql`insert into results (model_id, task_slug, metric, value, source, protocol_id,
          protocol_version, task_version, provenance)
        values (${row!.model_id}, ${row!.task_slug}, ${row!.metric}, ${rand() * 100}, ${row!.source},
          ${row!.protocol_id}, ${row!.protocol_version}, ${row!.task_version}, '{}'::jsonb)`);
    });
  };
  const staleResult = async () => {
    const [m] = await rows<{ id: string }>(
      sql`select id from models where slug like 'rand-%' order by random() limit 1`,
    );
    const [t] = await rows<{ slug: string }>(sql`select slug from tasks t where not exists (select 1 from results r
      where r.model_id = ${m!.id} and r.task_slug = t.slug and r.superseded_at is null) and exists (select 1 from
      suite_tasks s where s.task_slug = t.slug and s.suite_slug = ${SUITE}) limit 1`);
    if (t) await insertResult(m!.id, t.slug, rand() * 100, 0);
  };
  // Seeding corrects a paper number in place (the only write that rewrites a result).
  const correctInPlace = async () => {
    await h.db.execute(sql`update results set value = value + 0.5, ci_low = null where id = (select id from results
      where source = 'reported' and superseded_at is null order by random() limit 1)`);
  };
  const deleteModel = async () => {
    await h.db.execute(sql`delete from models where id = (select id from models where slug like 'rand-%'
      order by random() limit 1)`);
  };

  const full = (view: View) => loadBoardSource(h.db, view);
  const board = (view: View, source: BoardSource) =>
    buildRows({ tasks: view.tasks, cells: sourceCells(source), aggregate: view.aggregate });

  it('equals a full recomputation after random writes (new models, re-measurements, stale results, corrections, deletions)', async () => {
    for (let i = 0; i < 3; i++) await newModel();
    const kept = await Promise.all(views.map((v) => full(v)));
    // The same boards built in the worker (inlineCells 0), each then updated from the one before.
    const inWorker: Built[] = [];
    for (const [i, view] of views.entries()) inWorker.push(await buildRowsOffLoop(view, kept[i]!, undefined, 0));
    const updatesBefore = workerBuilds.updates;
    const writes = [newModel, remeasure, remeasure, staleResult, correctInPlace, deleteModel];
    let incremental = 0;
    let nonEmpty = 0;
    for (let round = 0; round < 6; round++) {
      for (let w = 0; w < 1 + Math.floor(rand() * 3); w++) await pick(writes)();
      await bumpDataVersion(h.db);
      for (const [i, view] of views.entries()) {
        const updated = await loadBoardSource(h.db, view, kept[i]);
        const whole = await full(view);
        if (!updated.loaded.full) incremental++;
        expect(updated.loaded.models).toBeLessThanOrEqual(3); // at most three writes a round, one model each
        expect(sourceCells(updated)).toEqual(sourceCells(whole));
        expect([...updated.models.keys()].sort()).toEqual([...whole.models.keys()].sort());
        const expected = board(view, whole);
        expect(board(view, updated)).toEqual(expected);
        // The worker, sent only the changed models' cells, answers with row deltas: the same rows.
        const fromWorker = await buildRowsOffLoop(view, updated, inWorker[i], 0);
        expect(fromWorker.rows).toEqual(expected.rows);
        expect(fromWorker.columns).toEqual(expected.columns);
        inWorker[i] = fromWorker;
        if (sourceCells(updated).length > 0) nonEmpty++;
        kept[i] = updated;
      }
    }
    expect(incremental).toBe(views.length * 6);
    expect(workerBuilds.updates - updatesBefore).toBe(nonEmpty); // an empty board is built in-process
  }, 120_000);

  it('reads nothing again when nothing changed, and everything when task versions change', async () => {
    await newModel();
    const [m] = await rows<{ id: string }>(sql`select id from models where slug = ${`rand-${n}`}`);
    await h.db.execute(sql`delete from results where model_id = ${m!.id} and task_slug = ${views[0]!.tasks[0]!.slug}`);
    await insertResult(m!.id, views[0]!.tasks[0]!.slug, 50);
    const before = await full(views[0]!);
    const same = await loadBoardSource(h.db, views[0]!, before);
    expect(same.loaded).toEqual({ full: false, models: 0, changed: [] });
    await h.db.execute(sql`insert into task_versions (task_slug, version) values (${views[0]!.tasks[0]!.slug}, 2)`);
    const after = await loadBoardSource(h.db, views[0]!, before);
    expect(after.loaded.full).toBe(true);
    expect(sourceCells(after)).toEqual(sourceCells(await full(views[0]!)));
    // Version 2 of the first task makes its measured results stale: they leave the board of now.
    expect(sourceCells(after).length).toBeLessThan(sourceCells(before).length);
  }, 60_000);
});
