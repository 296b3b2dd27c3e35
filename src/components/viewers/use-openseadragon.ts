"use client";

import OpenSeadragon from "openseadragon";
import { useEffect, useRef, useState, type RefObject } from "react";
import { maxZoomPixelRatioFor } from "@/components/slides/scale-bar";
import type { TileLayout } from "@/integrations/pathology/tile-layout";
import { prefetchRing, slideTileUrl } from "./slide-fields";
import type { TilePrefetcher } from "./tile-prefetch";

/** Where the image lies on screen: its origin in element pixels and the screen pixels one image pixel covers. */
export type View = { originX: number; originY: number; scale: number };

/**
 * OpenSeadragon (canvas drawer) over the slide's tile endpoint: one viewer per mount, destroyed on unmount (survives
 * StrictMode's double effects). Reports where the image lies, whether every tile is drawn, and field changes; fetches
 * the tiles around the field shown while the reader looks at it.
 */
export function useOpenSeadragon(
  containerRef: RefObject<HTMLDivElement | null>,
  slide: { id: string; widthPx: number; micronsPerPixel: number | null; tiles: TileLayout },
  onViewportChangeRef: RefObject<((viewport: { x: number; y: number; zoom: number }) => void) | undefined>,
  prefetcher: TilePrefetcher,
) {
  const viewerRef = useRef<OpenSeadragon.Viewer | null>(null);
  const [view, setView] = useState<View | null>(null);
  const [loaded, setLoaded] = useState(false);
  const [openError, setOpenError] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  const { id: slideId, widthPx, micronsPerPixel, tiles } = slide;

  useEffect(() => {
    const element = containerRef.current;
    if (!element) return;
    const byLevel = new Map(tiles.levels.map((l) => [l.level, l]));
    const top = tiles.levels[tiles.levels.length - 1]!;
    const tileSource = {
      width: tiles.width,
      height: tiles.height,
      tileSize: top.tileWidth,
      tileOverlap: tiles.overlap,
      minLevel: tiles.minLevel,
      maxLevel: tiles.maxLevel,
      getTileUrl: (level: number, col: number, row: number) => slideTileUrl(slideId, { level, col, row }),
      // DICOM WSI levels may use different tile sizes (a small level is one frame of its own size).
      getTileWidth: (level: number) => byLevel.get(level)?.tileWidth ?? top.tileWidth,
      getTileHeight: (level: number) => byLevel.get(level)?.tileHeight ?? top.tileHeight,
      // A tile the prefetcher holds decoded (the first view's, fetched while this code loaded, or the next field's) is
      // handed over at once, as OpenSeadragon's own single-image source does; any other is loaded as OpenSeadragon
      // loads it.
      downloadTileStart(job: OpenSeadragon.ImageJob) {
        const image = prefetcher.take(job.src);
        if (image) job.finish(image, null, "image");
        else OpenSeadragon.TileSource.prototype.downloadTileStart.call(this, job);
      },
    };
    const viewer = OpenSeadragon({
      element,
      // Canvas 2D, not WebGL: a reading-room PC without a GPU (and headless Chromium) runs WebGL in software, where
      // OpenSeadragon's WebGL drawer took 4-5 s to the first full view against 1.1 s (docs/STACK); with a GPU, Chromium
      // accelerates the canvas as well.
      drawer: "canvas",
      // Every tile a view needs is asked for in the same frame (OpenSeadragon's default starts one per frame, some
      // 30 frames for a field of 40x tiles), the level drawn first rather than the blurry levels under it.
      maxTilesPerFrame: 40,
      immediateRender: true,
      tileSources: tileSource as unknown as OpenSeadragon.Options["tileSources"],
      showNavigator: true,
      navigatorPosition: "TOP_RIGHT",
      navigatorBackground: "#0f172a",
      navigatorBorderColor: "#64748b",
      navigatorDisplayRegionColor: "#0ea5e9",
      showNavigationControl: false,
      maxZoomPixelRatio: maxZoomPixelRatioFor(micronsPerPixel),
      // Tiles seen once stay decoded (a reader pans back and forth); new tiles appear at once, without a fade.
      maxImageCacheCount: 2000,
      blendTime: 0,
      // Beyond the scan's own magnification, tiles are drawn straight at their size on screen: the tiles' one-pixel
      // overlap already covers the seams that OpenSeadragon's edge smoothing hides, and that second pass (every tile
      // into a sketch canvas, then the sketch scaled up) took 90% of the drawing time at 40x on a 20x scan.
      smoothTileEdgesMinZoom: Infinity,
      minZoomImageRatio: 0.5,
      visibilityRatio: 0.5,
      gestureSettingsMouse: { clickToZoom: false, dblClickToZoom: true },
    });
    viewerRef.current = viewer;

    let frame = 0;
    const round = (n: number) => Math.round(n * 1e5) / 1e5;
    const report = () => {
      if (!viewer.world.getItemAt(0)) return;
      const center = viewer.viewport.getCenter(true);
      onViewportChangeRef.current?.({ x: round(center.x), y: round(center.y), zoom: round(viewer.viewport.getZoom(true)) });
    };
    const sync = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (!viewer.world.getItemAt(0)) return;
        const origin = viewer.viewport.imageToViewerElementCoordinates(new OpenSeadragon.Point(0, 0));
        const corner = viewer.viewport.imageToViewerElementCoordinates(new OpenSeadragon.Point(widthPx, 0));
        setView({ originX: origin.x, originY: origin.y, scale: (corner.x - origin.x) / widthPx });
      });
    };
    viewer.addHandler("open", () => {
      sync();
      setOpened(true);
      const image = viewer.world.getItemAt(0);
      image?.addHandler("fully-loaded-change", (event) => {
        const fullyLoaded = (event as unknown as { fullyLoaded: boolean }).fullyLoaded;
        setLoaded(fullyLoaded);
        // The bench reads these, in the page's own clock: when the field shown needs tiles and when all are drawn (the
        // canvas, not the next render's aria-busy), and navigation start to the first field drawn. Only the last of
        // each is kept.
        const mark = fullyLoaded ? "concilium:slide-field-drawn" : "concilium:slide-field-loading";
        performance.clearMarks(mark);
        performance.mark(mark);
        if (!fullyLoaded) return;
        if (performance.getEntriesByName("concilium:slide-first-view-drawn").length === 0) performance.mark("concilium:slide-first-view-drawn");
        prefetchWhenDrawn();
      });
    });
    viewer.addHandler("open-failed", () => setOpenError("The slide could not be opened. Reload the page; if it persists, the slide may need to be imported again."));
    viewer.addHandler("animation", sync);
    viewer.addHandler("resize", sync);
    viewer.addHandler("update-viewport", sync);
    viewer.addHandler("animation-finish", report);
    // While the reader looks at a field, the tiles around it (and under it, one level finer) are fetched and decoded,
    // so that the next pan or zoom draws them in its next frame; a new movement drops what is still queued. Only once
    // the field shown is drawn: until then its own tiles have the connections.
    let settled = false;
    function prefetchWhenDrawn() {
      const image = viewer.world.getItemAt(0);
      if (!settled || !image?.getFullyLoaded()) return;
      settled = false;
      const bounds = viewer.viewport.viewportToImageRectangle(viewer.viewport.getBounds(true));
      const scale = viewer.viewport.viewportToImageZoom(viewer.viewport.getZoom(true));
      const field = { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height, scale };
      prefetcher.replace(prefetchRing(tiles, field).map((tile) => slideTileUrl(slideId, tile)), "low");
    }
    viewer.addHandler("animation-start", () => {
      settled = false;
      prefetcher.cancel();
    });
    viewer.addHandler("animation-finish", () => {
      settled = true;
      prefetchWhenDrawn();
    });
    // A drag moves the slide with the pointer, at once: OpenSeadragon's default eases a mouse pan over 1.2 s, during
    // which the reader waits for the field to arrive while its tiles trickle in. Keys and buttons still glide.
    viewer.addHandler("canvas-drag", (event) => {
      const drag = event as unknown as { delta: OpenSeadragon.Point; preventDefaultAction: boolean };
      drag.preventDefaultAction = true;
      viewer.viewport.panBy(viewer.viewport.deltaPointsFromPixels(drag.delta.negate()), true);
    });
    return () => {
      prefetcher.cancel();
      setOpened(false);
      cancelAnimationFrame(frame);
      viewer.destroy();
      viewerRef.current = null;
    };
  }, [containerRef, onViewportChangeRef, prefetcher, slideId, tiles, widthPx, micronsPerPixel]);

  return { viewerRef, view, loaded, opened, openError };
}
