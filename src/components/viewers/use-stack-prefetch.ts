"use client";

import { Enums, imageLoader, imageLoadPoolManager } from "@cornerstonejs/core";
import { useEffect, useRef, useState } from "react";

/** How many images are asked for at once: the browser's six connections per host, minus one for the image shown. */
const CONCURRENCY = 5;

export interface PrefetchProgress {
  loaded: number;
  total: number;
  failed: number;
}

/**
 * Loads the whole stack into Cornerstone's cache, nearest slices to the one shown first (as OHIF does), so that
 * scrolling never waits on the network. The order follows the reader: each next request is the unloaded slice
 * nearest to the current one at that moment.
 */
export function useStackPrefetch(imageIds: string[] | null, currentIndex: () => number): PrefetchProgress {
  const [progress, setProgress] = useState<PrefetchProgress>({ loaded: 0, total: 0, failed: 0 });
  const currentRef = useRef(currentIndex);
  useEffect(() => {
    currentRef.current = currentIndex;
  });

  useEffect(() => {
    if (!imageIds || imageIds.length === 0) return;
    let cancelled = false;
    // Marks this prefetch's queued requests, so that a superseded stack (a case switch) leaves the queue at once.
    const owner = Symbol("prefetch");
    const remaining = new Set(imageIds.map((_, i) => i));
    let loaded = 0;
    let failed = 0;
    let scheduled = false;
    // One state update per frame at most: 500 slices must not mean 500 renders of the panel.
    const publish = () => {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (!cancelled) setProgress({ loaded, total: imageIds.length, failed });
      });
    };
    const nextIndex = () => {
      const at = currentRef.current();
      let best = -1;
      for (const i of remaining) if (best < 0 || Math.abs(i - at) < Math.abs(best - at)) best = i;
      if (best >= 0) remaining.delete(best);
      return best;
    };
    const worker = async () => {
      for (let i = nextIndex(); i >= 0 && !cancelled; i = nextIndex()) {
        try {
          const imageId = imageIds[i]!;
          // Through Cornerstone's request pool as a prefetch: the image the reader asks for (interaction) goes first.
          await new Promise<void>((resolve, reject) =>
            imageLoadPoolManager.addRequest(() => imageLoader.loadAndCacheImage(imageId).then(() => resolve(), reject), Enums.RequestType.Prefetch, { imageId, owner }),
          );
          loaded++;
        } catch {
          // The viewport reports an image that cannot be shown when the reader reaches it.
          failed++;
        }
        publish();
      }
    };
    publish();
    for (let w = 0; w < CONCURRENCY; w++) void worker();
    return () => {
      cancelled = true;
      // Requests not yet sent are dropped (their workers stop with them); the few in flight finish into the cache.
      imageLoadPoolManager.filterRequests((request) => (request.additionalDetails as { owner?: symbol } | undefined)?.owner !== owner);
    };
  }, [imageIds]);
  return progress;
}
