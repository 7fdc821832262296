import type { SuiteWithTasks, TaskRow } from '@transferboard/db/queries/find-suite';
import { models } from '@transferboard/db/schema';
import { asc, desc, eq, gte, lt } from 'drizzle-orm';
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
  throw notFound('model', slug, await suggestionCandidates(ctx, slug));
}

/** The most model slugs on each side of an unknown slug that it is compared with, whatever the number of models. */
const NEIGHBOURS = 500;

/**
 * Where a misspelt model slug's suggestion is looked for: the paper's models, and the
 * NEIGHBOURS slugs on either side of it in sort order (a typo after the first characters
 * lands near the slug meant). Bounded, because the error is not cached: at 10,000 models,
 * comparing every slug with every unknown one was a cheap way to make the API work.
 */
async function suggestionCandidates(ctx: ApiContext, slug: string): Promise<string[]> {
  const s = slug.toLowerCase();
  const slugs = () => ctx.db.select({ slug: models.slug }).from(models);
  const found = await Promise.all([
    slugs().where(eq(models.source, 'paper')),
    slugs().where(gte(models.slug, s)).orderBy(asc(models.slug)).limit(NEIGHBOURS),
    slugs().where(lt(models.slug, s)).orderBy(desc(models.slug)).limit(NEIGHBOURS),
  ]);
  return found.flat().map((m) => m.slug);
}
