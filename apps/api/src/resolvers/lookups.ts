import { findModel } from '@transferboard/db/queries/find-model';
import { findSuite, type SuiteWithTasks, type TaskRow } from '@transferboard/db/queries/find-suite';
import { listSuites } from '@transferboard/db/queries/list-suites';
import { models } from '@transferboard/db/schema';
import type { ApiContext } from '../context';
import { badInput, notFound } from '../errors';

/** Lookups by slug that turn "not there" into a NOT_FOUND error with a suggestion. */

/** Slugs are short: a long one is refused before it reaches the database or the suggestion search. */
const MAX_SLUG_LENGTH = 100;

function checkSlug(kind: string, slug: string): void {
  if (slug.length > MAX_SLUG_LENGTH) throw badInput(`That ${kind} slug is ${slug.length} characters long; slugs have at most ${MAX_SLUG_LENGTH}.`, 'slug');
}

export async function requireSuite(ctx: ApiContext, slug: string): Promise<SuiteWithTasks> {
  checkSlug('suite', slug);
  const suite = await findSuite(ctx.db, slug);
  if (suite) return suite;
  throw notFound('suite', slug, (await listSuites(ctx.db)).map((s) => s.slug));
}

export async function requireTask(ctx: ApiContext, slug: string): Promise<TaskRow> {
  checkSlug('task', slug);
  const tasks = await ctx.loaders.tasks();
  const task = tasks.get(slug);
  if (task) return task;
  throw notFound('task', slug, tasks.keys());
}

export async function requireModel(ctx: ApiContext, slug: string) {
  checkSlug('model', slug);
  const model = await findModel(ctx.db, slug);
  if (model) return model;
  const slugs = await ctx.db.select({ slug: models.slug }).from(models);
  throw notFound('model', slug, slugs.map((m) => m.slug));
}
