import {
  cellKey,
  protocolKeyString,
  referenceProtocol,
  sameProtocol,
  type ProtocolCell,
  type ProtocolKey,
} from './comparability';
import { metricDef } from './metrics';
import { transferValue } from './statistics';
import type { TaskDef } from './types';

/**
 * The y of the paper's correlation analysis (section 4, figure 1) for one setting: per row (a
 * model's results from one source), the mean over the setting's tasks of the transformed metric
 * (statistics.ts: logit of bounded values, negated errors). Under the comparability rule each task
 * pools results of ONE protocol; a row counts only when it has every task on it.
 */

/** One observed value of a metric; `row` is the point it belongs to. */
export type Observation = ProtocolCell;

/** Which protocol to pool for a task, given the protocols the observations are on. */
export type PoolingRule = (task: TaskDef, present: { key: ProtocolKey; rows: number }[]) => ProtocolKey | null;

/** The leaderboard's rule: the paper's protocol when any row has it, else the runner's, else the most common. */
export const poolOnReference: PoolingRule = (task, present) => referenceProtocol(task, present);

/** One fixed protocol for every task (an analysis group pools its tasks' paper protocol). */
export const poolOn =
  (key: ProtocolKey): PoolingRule =>
  () =>
    key;

export interface SettingValues {
  /** Per task (same order), the protocol pooled; null when no observation is on any. */
  protocols: (ProtocolKey | null)[];
  /** Per row with every task on the pooled protocol: the mean transformed value. */
  values: Map<string, number>;
}

export function settingValues(
  tasks: readonly TaskDef[],
  observations: readonly Observation[],
  metricOf: (task: TaskDef) => string,
  pooling: PoolingRule,
): SettingValues {
  const byTask = new Map<string, Observation[]>(tasks.map((t) => [t.slug, []]));
  for (const o of observations) byTask.get(o.task)?.push(o);
  const protocols = tasks.map((task) => {
    const rows = new Map<string, { key: ProtocolKey; rows: Set<string> }>();
    for (const o of byTask.get(task.slug)!) {
      const k = protocolKeyString(cellKey(o));
      if (!rows.has(k)) rows.set(k, { key: cellKey(o), rows: new Set() });
      rows.get(k)!.rows.add(o.row);
    }
    return pooling(
      task,
      [...rows.values()].map((p) => ({ key: p.key, rows: p.rows.size })),
    );
  });
  const perRow = new Map<string, number[]>();
  tasks.forEach((task, j) => {
    const key = protocols[j];
    if (!key) return;
    const metric = metricDef(metricOf(task));
    for (const o of byTask.get(task.slug)!) {
      if (!sameProtocol(cellKey(o), key)) continue;
      if (!perRow.has(o.row)) perRow.set(o.row, new Array<number>(tasks.length).fill(NaN));
      perRow.get(o.row)![j] = transferValue(metric, o.value);
    }
  });
  const values = new Map<string, number>();
  for (const [row, ys] of perRow) {
    if (ys.every((y) => !Number.isNaN(y))) values.set(row, ys.reduce((a, b) => a + b, 0) / ys.length);
  }
  return { protocols, values };
}
