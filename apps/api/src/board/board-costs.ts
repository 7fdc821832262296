import type { ApiContext } from '../context';
import type { BuiltBoard } from '../mappers';
import { costFigures, type CostFigures } from '../resolvers/model-cost';
import { needsCosts } from './board-rows';

/** Loads in flight, per board: concurrent first cost sorts of one board share one load. */
const loading = new WeakMap<BuiltBoard, Promise<Map<string, CostFigures>>>();

/**
 * Before a sort by a cost column, the board's models' cost figures, read once per board (so once
 * per data version: reportThroughput and every model write bump it) through the request's
 * loaders, batched (a statement per slice of models for inspections and throughput). Sorts by
 * other columns never read them.
 */
export async function withCostsFor(ctx: ApiContext, board: BuiltBoard, column: string): Promise<void> {
  if (!needsCosts(column) || board.costs) return;
  let load = loading.get(board);
  if (!load) {
    const models = [...board.models.values()];
    load = Promise.all(models.map(async (m) => [m.id, await costFigures(ctx, m)] as const)).then((e) => new Map(e));
    loading.set(board, load);
    // A failed load (a lost connection) is not kept: the next sort tries again.
    load.catch(() => loading.delete(board));
  }
  board.costs = await load;
}
