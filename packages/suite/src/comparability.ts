import { TASK_CATEGORIES, type TaskCategory, type TaskDef } from './types';

/**
 * The comparability rule (DESIGN.md): two numbers are ranked against each other only when they
 * come from the same protocol, that is the same protocol id AND version. This module decides,
 * per task column of a view, which protocol the view ranks on (the reference), and which of a
 * row's numbers are on it. Everything that ranks (aggregate.ts, rank-intervals.ts, analysis.ts)
 * starts from here, so no view can mix protocols by accident.
 */

export interface ProtocolKey {
  id: string;
  version: number;
}

/** One protocol as a map key: "linear-lbfgs@1". */
export const protocolKeyString = (k: ProtocolKey): string => `${k.id}@${k.version}`;

export const sameProtocol = (a: ProtocolKey, b: ProtocolKey): boolean => a.id === b.id && a.version === b.version;

/**
 * Why a task's reference protocol is what it is: the paper's (some row of the view has a result
 * on it), else the runner's (some row has one), else the protocol most rows of the view are on.
 */
export type ReferenceReason = 'paper' | 'runner' | 'most-frequent';

export interface ReferenceProtocol extends ProtocolKey {
  reason: ReferenceReason;
}

/** A protocol some rows of a view have a result on, and how many rows. */
export interface ProtocolPresence {
  key: ProtocolKey;
  rows: number;
}

/**
 * The protocol a view ranks `task` on. The paper's protocol wins whenever any row has a result on
 * it, so reported numbers are always the yardstick; a view without them (measured rows only)
 * ranks on the runner's protocol; anything else on the protocol most rows share (ties: by key).
 * Null when no row has a result on the task.
 */
export function referenceProtocol(task: TaskDef, present: readonly ProtocolPresence[]): ReferenceProtocol | null {
  const has = (p: ProtocolKey) => present.some((x) => sameProtocol(x.key, p));
  if (has(task.paperProtocol))
    return { id: task.paperProtocol.id, version: task.paperProtocol.version, reason: 'paper' };
  if (task.protocol && has(task.protocol))
    return { id: task.protocol.id, version: task.protocol.version, reason: 'runner' };
  const [top] = [...present].sort(
    (a, b) => b.rows - a.rows || protocolKeyString(a.key).localeCompare(protocolKeyString(b.key)),
  );
  return top ? { id: top.key.id, version: top.key.version, reason: 'most-frequent' } : null;
}

/** One result as the leaderboard sees it: a row (model and source), a task, a value, a protocol. */
export interface ProtocolCell {
  row: string;
  task: string;
  value: number;
  protocolId: string;
  protocolVersion: number;
}

export const cellKey = (c: Pick<ProtocolCell, 'protocolId' | 'protocolVersion'>): ProtocolKey => ({
  id: c.protocolId,
  version: c.protocolVersion,
});

/**
 * A row may hold several results on one task from different protocols (a re-run under a new
 * protocol version, a relabelled legacy result). The view shows one: the one on the reference
 * protocol if there is one, else the runner's, the paper's, the most common, by key.
 */
function preferredCell(
  task: TaskDef,
  candidates: ProtocolCell[],
  reference: ProtocolKey | null,
  rowsOn: Map<string, number>,
): ProtocolCell {
  const rankOf = (c: ProtocolCell): number => {
    const k = cellKey(c);
    if (reference && sameProtocol(k, reference)) return 0;
    if (task.protocol && sameProtocol(k, task.protocol)) return 1;
    return sameProtocol(k, task.paperProtocol) ? 2 : 3;
  };
  return [...candidates].sort(
    (a, b) =>
      rankOf(a) - rankOf(b) ||
      (rowsOn.get(protocolKeyString(cellKey(b))) ?? 0) - (rowsOn.get(protocolKeyString(cellKey(a))) ?? 0) ||
      protocolKeyString(cellKey(a)).localeCompare(protocolKeyString(cellKey(b))),
  )[0]!;
}

/**
 * A view prepared for ranking: one chosen cell per row and task, each task's reference protocol,
 * and each row's basis (the categories it is comparable on). Rows are in first-appearance order;
 * tasks in the given order; categories in the canonical order, only those the tasks cover.
 */
export interface Board {
  tasks: readonly TaskDef[];
  categories: readonly TaskCategory[];
  /** Per category (same order), the indices of its tasks. */
  categoryTasks: readonly (readonly number[])[];
  rows: readonly string[];
  /** Per task, the protocol this view ranks it on (null when no row has a result). */
  references: readonly (ReferenceProtocol | null)[];
  /** cells[row][task]: the result shown, or null. */
  cells: readonly (readonly (ProtocolCell | null)[])[];
  /** onReference[row][task]: the cell exists and is on the task's reference protocol. */
  onReference: readonly (readonly boolean[])[];
  /** The distinct protocols of the shown cells; `protocolIndex` points into it. */
  protocols: readonly ProtocolKey[];
  /** protocolIndex[row][task]: the shown cell's protocol as an index into `protocols`, −1 where empty. */
  protocolIndex: readonly Int32Array[];
  /**
   * Per row, its basis as a bit mask over `categories` (bit k = categories[k]): the categories
   * where it has every task, each on the reference protocol.
   */
  basis: readonly number[];
}

export function prepareBoard(tasks: readonly TaskDef[], cells: readonly ProtocolCell[]): Board {
  const taskIndex = new Map(tasks.map((t, i) => [t.slug, i]));
  const rowIndex = new Map<string, number>();
  // Per row and task: the one candidate, or a list when a row has several (rare: a re-run under
  // another protocol version). Protocol keys are built once per distinct (id, version).
  const candidates: (ProtocolCell | ProtocolCell[] | undefined)[][] = [];
  const keyOf = protocolKeys();
  for (const c of cells) {
    const j = taskIndex.get(c.task);
    if (j === undefined) continue;
    let r = rowIndex.get(c.row);
    if (r === undefined) {
      r = rowIndex.size;
      rowIndex.set(c.row, r);
      candidates.push(new Array(tasks.length));
    }
    const held = candidates[r]![j];
    candidates[r]![j] = held === undefined ? c : Array.isArray(held) ? [...held, c] : [held, c];
  }
  const rowsOn = tasks.map((_, j) => {
    const counts = new Map<string, number>();
    const count = (k: string) => counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const perRow of candidates) {
      const held = perRow[j];
      if (held === undefined) continue;
      if (!Array.isArray(held)) count(keyOf(held));
      else for (const k of new Set(held.map(keyOf))) count(k);
    }
    return counts;
  });
  const references = tasks.map((task, j) => {
    const present = [...rowsOn[j]!].map(([k, rows]) => {
      const at = k.lastIndexOf('@');
      return { key: { id: k.slice(0, at), version: Number(k.slice(at + 1)) }, rows };
    });
    return referenceProtocol(task, present);
  });
  const referenceKeys = references.map((ref) => (ref ? protocolKeyString(ref) : null));
  const chosen = candidates.map((perRow) =>
    tasks.map((task, j) => {
      const held = perRow[j];
      if (held === undefined) return null;
      return Array.isArray(held) ? preferredCell(task, held, references[j]!, rowsOn[j]!) : held;
    }),
  );
  const onReference = chosen.map((perRow) =>
    perRow.map((c, j) => c !== null && referenceKeys[j] !== null && keyOf(c) === referenceKeys[j]),
  );
  const interned = new Map<string, number>();
  const protocols: ProtocolKey[] = [];
  const protocolIndex = chosen.map((perRow) =>
    Int32Array.from(perRow, (c) => {
      if (!c) return -1;
      const k = keyOf(c);
      let i = interned.get(k);
      if (i === undefined) {
        i = protocols.push(cellKey(c)) - 1;
        interned.set(k, i);
      }
      return i;
    }),
  );
  const categories = TASK_CATEGORIES.filter((cat) => tasks.some((t) => t.category === cat));
  const categoryTasks = categories.map((cat) => tasks.flatMap((t, j) => (t.category === cat ? [j] : [])));
  const basis = onReference.map((on) =>
    categoryTasks.reduce((mask, js, k) => (js.every((j) => on[j]) ? mask | (1 << k) : mask), 0),
  );
  return {
    tasks,
    categories,
    categoryTasks,
    rows: [...rowIndex.keys()],
    references,
    cells: chosen,
    onReference,
    protocols,
    protocolIndex,
    basis,
  };
}

/** A cell's protocol key string, built once per distinct (id, version) rather than once per cell. */
function protocolKeys(): (c: Pick<ProtocolCell, 'protocolId' | 'protocolVersion'>) => string {
  const byId = new Map<string, Map<number, string>>();
  return (c) => {
    let versions = byId.get(c.protocolId);
    if (!versions) {
      versions = new Map();
      byId.set(c.protocolId, versions);
    }
    let k = versions.get(c.protocolVersion);
    if (k === undefined) {
      k = protocolKeyString(cellKey(c));
      versions.set(c.protocolVersion, k);
    }
    return k;
  };
}

/** The categories of a basis mask, in the board's order. */
export function basisCategories(board: Pick<Board, 'categories'>, mask: number): TaskCategory[] {
  return board.categories.filter((_, k) => (mask & (1 << k)) !== 0);
}

/** Every distinct non-empty basis among the rows, most categories first, then by category order. */
export function distinctBases(board: Pick<Board, 'basis'>): number[] {
  return [...new Set(board.basis)]
    .filter((m) => m !== 0)
    .sort((a, b) => popcount(b) - popcount(a) || lowBitsFirst(a, b));
}

export function popcount(mask: number): number {
  let n = 0;
  for (let m = mask; m !== 0; m &= m - 1) n++;
  return n;
}

/** Orders masks of equal size by their categories in canonical order ({linear, few_shot} before {linear, detection}). */
function lowBitsFirst(a: number, b: number): number {
  for (let bit = 1; bit <= Math.max(a, b); bit <<= 1) {
    if ((a & bit) !== (b & bit)) return a & bit ? -1 : 1;
  }
  return 0;
}

/** Rows whose basis covers every category of `mask`: the set a row with basis `mask` is ranked in. */
export function eligibleRows(board: Pick<Board, 'basis'>, mask: number): number[] {
  const rows: number[] = [];
  for (let r = 0; r < board.basis.length; r++) if ((board.basis[r]! & mask) === mask) rows.push(r);
  return rows;
}
