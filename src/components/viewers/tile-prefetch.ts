"use client";

import { useEffect, useMemo } from "react";

/** What the prefetcher needs of an image: the browser's HTMLImageElement, or a stand-in in tests. */
export interface TileImage {
  src: string;
  fetchPriority: string;
  decode(): Promise<void>;
}

/**
 * Fetches slide tiles ahead of OpenSeadragon, a few at a time so that the viewer's own requests keep the connections,
 * and decodes them. A new list replaces what is still queued; what was fetched is not fetched again while the browser
 * may still keep it (the tile responses are privately cacheable). The last `keep` decoded tiles are held for the
 * viewer to take: a tile it takes is drawn in the frame after the pan that needs it, where a tile from the HTTP cache
 * waited for a new image to load it and for OpenSeadragon to receive it, 20-45 ms on a busy two-core machine.
 */
export function createTilePrefetcher({
  concurrency,
  keep,
  createImage = () => new Image(),
}: {
  concurrency: number;
  keep: number;
  createImage?: () => TileImage;
}) {
  // The server lets the browser keep a tile for 5 minutes: fetch it again a little before that.
  const KEEP_MS = 240_000;
  const fetchedAt = new Map<string, number>();
  // In the order decoded, oldest first: the first to go when more than `keep` are held.
  const decoded = new Map<string, TileImage>();
  let queue: string[] = [];
  let priority: RequestPriority = "auto";
  let inFlight = 0;

  const hold = (url: string, image: TileImage) => {
    decoded.delete(url);
    decoded.set(url, image);
    if (decoded.size > keep) decoded.delete(decoded.keys().next().value!);
  };

  const pump = () => {
    while (inFlight < concurrency && queue.length > 0) {
      const url = queue.shift()!;
      inFlight++;
      const image = createImage();
      image.fetchPriority = priority;
      image.src = url;
      // decode() settles once the image is loaded and decoded, and rejects for a failed load (not kept: asked again).
      image
        .decode()
        .then(() => hold(url, image))
        .catch(() => fetchedAt.delete(url))
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  };

  return {
    /** Fetches these tiles, in this order and at this priority, in place of those still queued. */
    replace(urls: string[], urgency: RequestPriority) {
      priority = urgency;
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
    /** The decoded tile for this address, handed over once (the viewer keeps its own), or undefined. */
    take(url: string): TileImage | undefined {
      const image = decoded.get(url);
      decoded.delete(url);
      return image;
    },
    /** Drops what is still queued (the view moves: the list is out of date). */
    cancel() {
      for (const url of queue) fetchedAt.delete(url);
      queue = [];
    },
    /** Drops what is queued and what is held (the viewer is gone). */
    clear() {
      queue = [];
      decoded.clear();
    },
  };
}

export type TilePrefetcher = ReturnType<typeof createTilePrefetcher>;

/** Tiles fetched ahead of a slide viewer and held decoded until it takes them (254 px tiles: about 60 MB). */
export const SLIDE_PREFETCH_LIMIT = 240;

/** One prefetcher per slide, four tiles at a time, emptied when the slide's viewer goes. */
export function useTilePrefetcher(slideId: string): TilePrefetcher {
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new slide gets a new prefetcher; its id is the key.
  const prefetcher = useMemo(() => createTilePrefetcher({ concurrency: 4, keep: SLIDE_PREFETCH_LIMIT }), [slideId]);
  useEffect(() => () => prefetcher.clear(), [prefetcher]);
  return prefetcher;
}
