"use client";

/**
 * Fetches slide tiles into the browser's HTTP cache ahead of OpenSeadragon (the tile responses are privately
 * cacheable), a few at a time so that the viewer's own requests keep the connections. A new list replaces what is
 * still queued; what was fetched is not fetched again while the browser may still keep it.
 */
export function createTilePrefetcher({ concurrency, priority }: { concurrency: number; priority: RequestPriority }) {
  // The server lets the browser keep a tile for 5 minutes: fetch it again a little before that.
  const KEEP_MS = 240_000;
  const fetchedAt = new Map<string, number>();
  let queue: string[] = [];
  let inFlight = 0;
  let stopped = false;

  const pump = () => {
    while (!stopped && inFlight < concurrency && queue.length > 0) {
      const url = queue.shift()!;
      inFlight++;
      // The body is read to the end: only a whole response is kept by the cache.
      fetch(url, { priority, credentials: "same-origin" })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          await response.arrayBuffer();
        })
        .catch(() => fetchedAt.delete(url))
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return {
    /** Fetches these tiles, in this order, in place of those still queued. */
    replace(urls: string[]) {
      for (const url of queue) fetchedAt.delete(url);
      const now = Date.now();
      queue = urls.filter((url) => {
        const at = fetchedAt.get(url);
        if (at !== undefined && now - at < KEEP_MS) return false;
        fetchedAt.set(url, now);
        return true;
      });
      pump();
    },
    /** Drops what is still queued (the view moves: the list is out of date). */
    cancel() {
      for (const url of queue) fetchedAt.delete(url);
      queue = [];
    },
    stop() {
      stopped = true;
      queue = [];
    },
  };
}
