import type { TaskDef } from './types';

/**
 * Versions as the code declares them, for the API's start-up sync (protocol_versions,
 * task_versions): a result made under an older version than one of these is stale.
 *
 * The test hook: TRANSFERBOARD_TEST_PROTOCOL_BUMP=<protocol id>[,<id>…] declares one version more
 * of each listed protocol, in every process that reads it (the API: its tasks, its sync; the
 * runner: the version it implements and reports). The paper's numbers stay on the version they
 * were made with. It exists so tests can change a protocol version through the real start-up
 * path without editing the code (docs/submissions.md, "Re-evaluations").
 */
export const PROTOCOL_BUMP_VARIABLE = 'TRANSFERBOARD_TEST_PROTOCOL_BUMP';

export function testProtocolBumps(
  env: Record<string, string | undefined> | undefined = globalThis.process?.env,
): Set<string> {
  const value = env?.[PROTOCOL_BUMP_VARIABLE] ?? '';
  return new Set(
    value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** A declaration with its test bump applied (unchanged without the variable). */
export function bumpedForTest<D extends { readonly id: string; readonly version: number }>(decl: D): D {
  return testProtocolBumps().has(decl.id) ? { ...decl, version: decl.version + 1 } : decl;
}

/** The paper's protocol of a task keeps the version before a test bump: the paper's numbers were made with it. */
export function paperProtocolBeforeBump(task: TaskDef): TaskDef {
  const p = task.paperProtocol;
  if (!testProtocolBumps().has(p.id)) return task;
  return { ...task, paperProtocol: { ...p, version: p.version - 1 } as TaskDef['paperProtocol'] };
}

export interface DeclaredVersions {
  protocols: { id: string; version: number }[];
  tasks: { slug: string; version: number }[];
}

/** Every (protocol id, version) the tasks use, runner's and paper's, and every task's version. */
export function declaredVersions(tasks: readonly TaskDef[]): DeclaredVersions {
  const protocols = new Map<string, { id: string; version: number }>();
  for (const t of tasks) {
    for (const p of [t.protocol, t.paperProtocol])
      if (p) protocols.set(`${p.id}@${p.version}`, { id: p.id, version: p.version });
  }
  return {
    protocols: [...protocols.values()].sort((a, b) => a.id.localeCompare(b.id) || a.version - b.version),
    tasks: tasks.map((t) => ({ slug: t.slug, version: t.version })),
  };
}
