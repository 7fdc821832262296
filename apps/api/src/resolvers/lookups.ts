import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import { models } from '@transferboard/db/schema';
import type { ApiContext } from '../context';
import { badInput, notFound } from '../errors';

/** Lookups by slug (batched per request) that turn "not there" into a NOT_FOUND error with a suggestion. */

/** Slugs are short: a long one is refused before it reaches the database or the suggestion search. */
const MAX_SLUG_LENGTH = 100;

function checkSlug(kind: string, slug: string): void {
  if (slug.length > MAX_SLUG_LENGTH)
    throw badInput(
      `That ${kind} slug is ${slug.length} characters long; slugs have at most ${MAX_SLUG_LENGTH}.`,
      'slug',
    );
}

export async function requireSuite(ctx: ApiContext, slug: string): Promise<SuiteWithTasks> {
  checkSlug('suite', slug);
  const suite = await ctx.loaders.suiteBySlug.load(slug);
  if (suite) return suite;
  throw notFound('suite', slug, (await ctx.loaders.suites()).keys());
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
  const model = await ctx.loaders.modelBySlug.load(slug);
  if (model) return model;
  const slugs = await ctx.db.select({ slug: models.slug }).from(models);
  throw notFound(
    'model',
    slug,
    slugs.map((m) => m.slug),
  );
}
