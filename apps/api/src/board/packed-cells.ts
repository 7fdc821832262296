import type { LeaderboardCell } from '@transferboard/db/queries/find-leaderboard-cells';
import type { Cell } from '@transferboard/suite/aggregate';

/** A board row's key: a model's results from one source form one row. */
export const rowKey = (c: Pick<LeaderboardCell, 'modelId' | 'source'>) => `${c.modelId}|${c.source}`;

/**
 * A board's cells as aggregation takes them, in typed arrays and two small string tables: what
 * the rank intervals' worker is sent. Cloning 250,000 cell objects to a worker cost the API's
 * event loop about half a second at 10,000 models; these arrays are copied as bytes.
 */
export interface PackedCells {
  rows: string[];
  tasks: string[];
  protocols: { id: string; version: number }[];
  row: Int32Array;
  task: Int32Array;
  protocol: Int32Array;
  value: Float64Array;
}

/** The index `key` has in `map`, given it by `add` the first time. */
function intern<K>(map: Map<K, number>, key: K, add: () => number): number {
  const known = map.get(key);
  if (known !== undefined) return known;
  const i = add();
  map.set(key, i);
  return i;
}

function packer(size: number) {
  const packed: PackedCells = {
    rows: [],
    tasks: [],
    protocols: [],
    row: new Int32Array(size),
    task: new Int32Array(size),
    protocol: new Int32Array(size),
    value: new Float64Array(size),
  };
  const tasks = new Map<string, number>();
  const protocols = new Map<string, Map<number, number>>();
  let n = 0;
  const add = (row: number, c: Omit<Cell, 'row'>) => {
    const t = intern(tasks, c.task, () => packed.tasks.push(c.task) - 1);
    let versions = protocols.get(c.protocolId);
    if (!versions) {
      versions = new Map();
      protocols.set(c.protocolId, versions);
    }
    const p = intern(versions, c.protocolVersion, () => packed.protocols.push(protocolOf(c)) - 1);
    packed.row[n] = row;
    packed.task[n] = t;
    packed.protocol[n] = p;
    packed.value[n] = c.value;
    n++;
  };
  return { packed, add };
}

const protocolOf = (c: Pick<Cell, 'protocolId' | 'protocolVersion'>) => ({
  id: c.protocolId,
  version: c.protocolVersion,
});

/** Cells, packed. */
export function packCells(cells: readonly Cell[]): PackedCells {
  const { packed, add } = packer(cells.length);
  const rows = new Map<string, number>();
  for (const c of cells) {
    add(
      intern(rows, c.row, () => packed.rows.push(c.row) - 1),
      c,
    );
  }
  return packed;
}

/** A board's stored cells, packed, each under its row's key. */
export function packBoardCells(cellsByModel: Map<string, readonly LeaderboardCell[]>): PackedCells {
  let size = 0;
  for (const cells of cellsByModel.values()) size += cells.length;
  const { packed, add } = packer(size);
  for (const [modelId, cells] of cellsByModel) {
    const rows = new Map<string, number>();
    for (const c of cells) {
      const r = intern(rows, c.source, () => packed.rows.push(rowKey({ modelId, source: c.source })) - 1);
      add(r, { task: c.taskSlug, value: c.value, protocolId: c.protocolId, protocolVersion: c.protocolVersion });
    }
  }
  return packed;
}

/** The cells again, in the order they were packed. */
export function unpackCells(packed: PackedCells): Cell[] {
  return Array.from(packed.value, (value, i) => {
    const p = packed.protocols[packed.protocol[i]!]!;
    return {
      row: packed.rows[packed.row[i]!]!,
      task: packed.tasks[packed.task[i]!]!,
      value,
      protocolId: p.id,
      protocolVersion: p.version,
    };
  });
}
