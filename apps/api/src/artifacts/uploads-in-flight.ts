/**
 * Uploads in progress per token in this API process, so that one token cannot occupy every
 * validation slot (or the disk) with parallel uploads. `acquire` is null at the limit.
 */
export function uploadsInFlight(limit: number): {
  acquire(tokenId: string): (() => void) | null;
  count(tokenId: string): number;
} {
  const running = new Map<string, number>();
  return {
    acquire(tokenId) {
      const n = running.get(tokenId) ?? 0;
      if (n >= limit) return null;
      running.set(tokenId, n + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (running.get(tokenId) ?? 1) - 1;
        if (left > 0) running.set(tokenId, left);
        else running.delete(tokenId);
      };
    },
    count: (tokenId) => running.get(tokenId) ?? 0,
  };
}
