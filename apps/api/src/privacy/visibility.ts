import type { ApiContext } from '../context';
import { hostNamesOf, redactJson, redactText, runnerPseudonym } from './redact';

const verdicts = new WeakMap<ApiContext, Promise<boolean>>();

/**
 * Whether this request may read runner host details (names, paths, kernels): runner and admin
 * tokens may. Anonymous requests need no lookup; a token is looked up once per request.
 */
function seesHostDetails(ctx: ApiContext): Promise<boolean> {
  if (ctx.runnerVerified) return Promise.resolve(true);
  if (ctx.bearer.kind !== 'token') return Promise.resolve(false);
  let verdict = verdicts.get(ctx);
  if (!verdict) {
    verdict = ctx.auth().then((t) => t?.role === 'runner' || t?.role === 'admin');
    verdicts.set(ctx, verdict);
  }
  return verdict;
}

type Names = readonly (string | null | undefined)[] | (() => Promise<readonly (string | null | undefined)[]>);

/** The runner names that worked on a submission's jobs (batched: one statement for many submissions). */
export const submissionRunnerNames = (ctx: ApiContext, submissionId: string) => async () =>
  (await ctx.loaders.jobsBySubmission.load(submissionId)).map((j) => j.runnerName);

/** Runner text as this request may see it. */
export async function visibleText(ctx: ApiContext, text: string | null, names: Names = []): Promise<string | null> {
  if (text === null || (await seesHostDetails(ctx))) return text;
  return redactText(text, hostNamesOf(typeof names === 'function' ? await names() : names));
}

export async function visibleJson(ctx: ApiContext, value: unknown): Promise<unknown> {
  return (await seesHostDetails(ctx)) ? value : redactJson(value);
}

/** A runner's name, or its stable pseudonym for anonymous readers (the default name holds the host name). */
export async function visibleRunnerName(ctx: ApiContext, name: string | null): Promise<string | null> {
  if (name === null || (await seesHostDetails(ctx))) return name;
  return runnerPseudonym(name);
}
