import { sql } from 'drizzle-orm';
import type { Db } from '../client';
import { freshMeasuredResultExists } from './result-state';

export interface TaskProgress {
  taskSlug: string;
  /** The runner has a protocol for the task (fine-tuning tasks, for one, it has not). */
  measurable: boolean;
  /** A current measured primary-metric result of the model exists for the task, and is not stale. */
  done: boolean;
}

export interface ProgressKey {
  modelId: string;
  suiteSlug: string;
}

/** Per task of the suite, in suite order, whether the model has its measured result: one statement. */
export async function listSubmissionProgress(db: Db, opts: ProgressKey): Promise<TaskProgress[]> {
  return (await listSubmissionsProgress(db, [opts]))[0]!;
}

/** The progress of several (model, suite) pairs in one statement, in the order of `keys`. */
export async function listSubmissionsProgress(db: Db, keys: readonly ProgressKey[]): Promise<TaskProgress[][]> {
  if (keys.length === 0) return [];
  const pairs = sql.join(
    keys.map((k) => sql`(${k.modelId}::uuid, ${k.suiteSlug}::text)`),
    sql`, `,
  );
  const result = await db.execute(sql`select k.model_id, k.suite_slug, t.slug,
      (t.protocol is not null and t.protocol != 'null'::jsonb) as measurable,
      ${freshMeasuredResultExists(sql`k.model_id`, sql`t.slug`, sql`t.primary_metric`)} as done
    from (values ${pairs}) as k(model_id, suite_slug)
    join suite_tasks st on st.suite_slug = k.suite_slug
    join tasks t on t.slug = st.task_slug
    order by st.position`);
  type Row = { model_id: string; suite_slug: string; slug: string; measurable: boolean; done: boolean };
  const rows = (result as unknown as { rows: Row[] }).rows;
  const byKey = new Map<string, TaskProgress[]>();
  for (const r of rows) {
    const key = `${r.model_id}|${r.suite_slug}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { taskSlug: r.slug, measurable: r.measurable, done: r.done }]);
  }
  return keys.map((k) => byKey.get(`${k.modelId}|${k.suiteSlug}`) ?? []);
}
