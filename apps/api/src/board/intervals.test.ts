import { registry } from '@transferboard/suite/registry';
import { describe, expect, it } from 'vitest';
import { BoardStore } from './board-store';
import { boardIntervals, intervalJobs, type BoardIntervals } from './intervals';
import type { IntervalJob } from './interval-worker';
import { packCells } from './packed-cells';

const taskSlugs = ['linear-cifar10', 'linear-cifar100', 'linear-dtd'];

/** A small board: `rows` models whose scores rise with their index, on three tasks. */
function job(rows: number): IntervalJob {
  const cells = Array.from({ length: rows }, (_, i) =>
    taskSlugs.map((slug, j) => {
      const task = registry.task(slug);
      const value = 40 + i + ((i * 7 + j * 3) % 5);
      return { row: `m${i}`, task: slug, value, protocolId: task.paperProtocol.id, protocolVersion: 1 };
    }),
  ).flat();
  return { taskSlugs, cells: packCells(cells), aggregate: 'MEAN' };
}

type Board = { intervals: BoardIntervals };
const inWorker = (rows: number): Board => ({ intervals: boardIntervals(rows, job(rows), 0) });

describe('rank intervals of superseded boards', () => {
  it("stops a superseded board's bootstrap in its worker, and the current board's intervals still arrive", async () => {
    const store = new BoardStore<Board>(
      8,
      Number.POSITIVE_INFINITY,
      () => 0,
      (b) => b.intervals.cancel(),
    );
    const cancelled = intervalJobs.cancelled;
    const old = await store.get('view', 1, async () => inWorker(12));
    expect(old.intervals.state()).toBe('computing');
    // A write bumped the data version: the next read builds version 2, and version 1 is retired.
    const current = await store.get('view', 2, async () => inWorker(12));
    expect(store.retired).toBe(1);
    expect(old.intervals.state()).toBe('cancelled');
    expect(intervalJobs.cancelled).toBe(cancelled + 1);
    await old.intervals.ready;
    expect(old.intervals.get()).toBeNull();
    await current.intervals.ready;
    expect(current.intervals.state()).toBe('ready');
    expect(current.intervals.get()?.get('m11')).toMatchObject({ low: 1 });
    expect(current.intervals.get()?.size).toBe(12);
  });

  it('stops the bootstrap of an evicted board, and leaves computed intervals alone', async () => {
    const store = new BoardStore<Board>(
      1,
      Number.POSITIVE_INFINITY,
      () => 0,
      (b) => b.intervals.cancel(),
    );
    const a = await store.get('a', 1, async () => inWorker(5));
    const b = await store.get('b', 1, async () => inWorker(5)); // one entry at most: a is evicted
    expect(a.intervals.state()).toBe('cancelled');
    await b.intervals.ready;
    expect(b.intervals.state()).toBe('ready');
    await store.get('b', 2, async () => inWorker(5)); // b is superseded once computed: nothing to stop
    expect(b.intervals.state()).toBe('ready');
    expect(b.intervals.get()?.size).toBe(5);
  });

  it('retires a board that was still building when a newer version was asked for, once it is built', async () => {
    const store = new BoardStore<Board>(
      8,
      Number.POSITIVE_INFINITY,
      () => 0,
      (b) => b.intervals.cancel(),
    );
    let finish!: (b: Board) => void;
    const building = store.get('v', 1, () => new Promise<Board>((resolve) => (finish = resolve)));
    const next = store.get('v', 2, async () => inWorker(4));
    const old = inWorker(4);
    finish(old);
    await building;
    await next;
    expect(old.intervals.state()).toBe('cancelled');
  });
});
