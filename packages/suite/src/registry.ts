import { validateAnalysisGroup } from './analysis-groups';
import { SUITES } from './suites';
import { TASKS } from './tasks';
import type { AnalysisGroupDef, SuiteDef, TaskDef } from './types';

export class UnknownSlugError extends Error {
  constructor(
    readonly kind: 'task' | 'suite' | 'analysis group',
    readonly slug: string,
    readonly suggestion: string | undefined,
  ) {
    super(`Unknown ${kind} "${slug}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`);
    this.name = 'UnknownSlugError';
  }
}

export interface Registry {
  tasks: readonly TaskDef[];
  suites: readonly SuiteDef[];
  task(slug: string): TaskDef;
  suite(slug: string): SuiteDef;
  suiteTasks(slug: string): TaskDef[];
  /** One of a suite's analysis groups; an unknown slug throws UnknownSlugError with a suggestion. */
  analysisGroup(suiteSlug: string, groupSlug: string): AnalysisGroupDef;
  hasTask(slug: string): boolean;
  hasSuite(slug: string): boolean;
}

/** Levenshtein distance, for "did you mean" on mistyped slugs. */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

export function closest(slug: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(slug.toLowerCase(), c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  // A suggestion further away than half the slug is noise, not help.
  return bestDistance <= Math.max(2, Math.floor(slug.length / 2)) ? best : undefined;
}

function indexBySlug<T extends { slug: string }>(kind: string, items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    if (map.has(item.slug)) throw new Error(`Duplicate ${kind} slug "${item.slug}"`);
    map.set(item.slug, item);
  }
  return map;
}

/** Builds a registry, validating that slugs are unique and every suite names known tasks. */
export function createRegistry(tasks: readonly TaskDef[], suites: readonly SuiteDef[]): Registry {
  const taskMap = indexBySlug('task', tasks);
  const suiteMap = indexBySlug('suite', suites);
  for (const suite of suites) {
    const seen = new Set<string>();
    for (const slug of suite.taskSlugs) {
      if (!taskMap.has(slug)) {
        throw new Error(
          `Suite "${suite.slug}" names ${new UnknownSlugError('task', slug, closest(slug, taskMap.keys())).message}`,
        );
      }
      if (seen.has(slug)) throw new Error(`Suite "${suite.slug}" lists task "${slug}" twice`);
      seen.add(slug);
    }
    indexBySlug(`analysis group of suite "${suite.slug}"`, suite.analysisGroups);
    for (const group of suite.analysisGroups) validateAnalysisGroup(suite, group, (slug) => taskMap.get(slug)!);
  }
  const task = (slug: string) => {
    const t = taskMap.get(slug);
    if (!t) throw new UnknownSlugError('task', slug, closest(slug, taskMap.keys()));
    return t;
  };
  const suite = (slug: string) => {
    const s = suiteMap.get(slug);
    if (!s) throw new UnknownSlugError('suite', slug, closest(slug, suiteMap.keys()));
    return s;
  };
  return {
    tasks,
    suites,
    task,
    suite,
    suiteTasks: (slug) => suite(slug).taskSlugs.map(task),
    analysisGroup: (suiteSlug, groupSlug) => {
      const groups = suite(suiteSlug).analysisGroups;
      const group = groups.find((g) => g.slug === groupSlug);
      if (!group)
        throw new UnknownSlugError(
          'analysis group',
          groupSlug,
          closest(
            groupSlug,
            groups.map((g) => g.slug),
          ),
        );
      return group;
    },
    hasTask: (slug) => taskMap.has(slug),
    hasSuite: (slug) => suiteMap.has(slug),
  };
}

/** The platform's registry: every task and suite of packages/suite. */
export const registry: Registry = createRegistry(TASKS, SUITES);
