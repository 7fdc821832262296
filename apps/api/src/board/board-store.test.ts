import { describe, expect, it } from 'vitest';
import { BoardStore, PINNED_BOARD } from './board-store';

const board = (bytes: number) => ({ bytes });

describe('BoardStore', () => {
  it('builds a view once per version, and hands the next build the previous board', async () => {
    const store = new BoardStore<{ bytes: number; from?: number }>(8, 1000, (b) => b.bytes);
    const seen: (number | undefined)[] = [];
    const build = (n: number) => async (previous?: { from?: number }) => {
      seen.push(previous?.from);
      return { bytes: 10, from: n };
    };
    expect((await store.get('a', 1, build(1))).from).toBe(1);
    expect((await store.get('a', 1, build(99))).from).toBe(1);
    expect((await store.get('a', 2, build(2))).from).toBe(2);
    expect(seen).toEqual([undefined, 1]);
    expect(store.builds).toBe(2);
    await store.get('p', PINNED_BOARD, build(3));
    expect((await store.get('p', 7, build(4))).from).toBe(3);
  });

  it('keeps the boards under the byte bound, least recently used first, but always the newest', async () => {
    const store = new BoardStore<{ bytes: number }>(8, 100, (b) => b.bytes);
    await store.get('a', 1, async () => board(40));
    await store.get('b', 1, async () => board(40));
    await store.get('a', 1, async () => board(0)); // a is used again: b is now the oldest
    expect(store.bytes).toBe(80);
    await store.get('c', 1, async () => board(40));
    expect(store.bytes).toBe(80);
    const builds = store.builds;
    await store.get('a', 1, async () => board(40));
    expect(store.builds).toBe(builds); // a was kept
    await store.get('b', 1, async () => board(40));
    expect(store.builds).toBe(builds + 1); // b was dropped
    await store.get('huge', 1, async () => board(500));
    expect(store.bytes).toBe(500); // alone over the bound, still kept
  });

  it('does not keep a failed build', async () => {
    const store = new BoardStore<{ bytes: number }>();
    await expect(store.get('a', 1, async () => Promise.reject(new Error('lost')))).rejects.toThrow('lost');
    expect((await store.get('a', 1, async () => board(1))).bytes).toBe(1);
  });
});
