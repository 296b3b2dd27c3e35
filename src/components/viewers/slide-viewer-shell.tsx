"use client";

import dynamic from "next/dynamic";
import { useLayoutEffect, useRef } from "react";
import { fieldTiles, homeField, slideTileUrl } from "./slide-fields";
import type { SlideViewerProps } from "./slide-viewer";
import { useTilePrefetcher } from "./tile-prefetch";

/** OpenSeadragon touches window and the canvas at import: the slide viewer is loaded in the browser only. */
const SlideViewer = dynamic(() => import("./slide-viewer"), {
  ssr: false,
  loading: () => <p role="status" className="text-sm">Loading the slide viewer…</p>,
});

// The viewer's code (OpenSeadragon) is asked for as soon as this module runs, not when React first renders the viewer.
if (typeof window !== "undefined") void import("./slide-viewer");

/** The viewer's drawing area: the full width, 70% of the window's height and at least 384 px (see slide-viewer.tsx). */
const viewerHeight = () => Math.max(384, window.innerHeight * 0.7);

/**
 * The slide viewer, with the first view's tiles on their way while its code still loads: the tiles of OpenSeadragon's
 * home view (the whole slide fitted in the viewer, at the level it draws) are fetched and decoded as soon as the page
 * is on screen, and handed to the viewer when it opens. The viewer fetches the next fields' tiles through the same
 * prefetcher.
 */
export function SlideViewerShell(props: SlideViewerProps) {
  const ref = useRef<HTMLDivElement>(null);
  const { id, tiles } = props.slide;
  const prefetcher = useTilePrefetcher(id);
  useLayoutEffect(() => {
    const width = ref.current?.clientWidth;
    if (!width) return;
    prefetcher.replace(fieldTiles(tiles, homeField(tiles, width, viewerHeight())).map((tile) => slideTileUrl(id, tile)), "high");
  }, [id, tiles, prefetcher]);
  return (
    <div ref={ref}>
      <SlideViewer {...props} tilePrefetcher={prefetcher} />
    </div>
  );
}
