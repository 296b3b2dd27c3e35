"use client";

import OpenSeadragon from "openseadragon";
import { useEffect, useRef, useState, type RefObject } from "react";
import { maxZoomPixelRatioFor } from "@/components/slides/scale-bar";
import type { TileLayout } from "@/integrations/pathology/tile-layout";
import { neighbourTiles } from "./slide-fields";

/** Where the image lies on screen: its origin in element pixels and the screen pixels one image pixel covers. */
export type View = { originX: number; originY: number; scale: number };

/**
 * OpenSeadragon (canvas drawer) over the slide's tile endpoint: one viewer per mount, destroyed on unmount (survives
 * StrictMode's double effects). Reports where the image lies, whether every tile is drawn, and field changes.
 */
export function useOpenSeadragon(
  containerRef: RefObject<HTMLDivElement | null>,
  slide: { id: string; widthPx: number; micronsPerPixel: number | null; tiles: TileLayout },
  onViewportChangeRef: RefObject<((viewport: { x: number; y: number; zoom: number }) => void) | undefined>,
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
      getTileUrl: (level: number, x: number, y: number) => `/api/slides/${encodeURIComponent(slideId)}/tiles/${level}/${x}_${y}.jpeg`,
      // DICOM WSI levels may use different tile sizes (a small level is one frame of its own size).
      getTileWidth: (level: number) => byLevel.get(level)?.tileWidth ?? top.tileWidth,
      getTileHeight: (level: number) => byLevel.get(level)?.tileHeight ?? top.tileHeight,
    };
    const viewer = OpenSeadragon({
      element,
      drawer: "canvas",
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
      image?.addHandler("fully-loaded-change", (event) => setLoaded((event as unknown as { fullyLoaded: boolean }).fullyLoaded));
    });
    viewer.addHandler("open-failed", () => setOpenError("The slide could not be opened. Reload the page; if it persists, the slide may need to be imported again."));
    viewer.addHandler("animation", sync);
    viewer.addHandler("resize", sync);
    viewer.addHandler("update-viewport", sync);
    viewer.addHandler("animation-finish", report);
    // The fields next to the one shown are fetched while the reader looks, so that the next pan finds its tiles in the
    // browser's cache (the tile responses are cacheable); a new movement cancels what is still queued.
    const tileUrl = (level: number, x: number, y: number) => `/api/slides/${encodeURIComponent(slideId)}/tiles/${level}/${x}_${y}.jpeg`;
    const warmed = new Set<string>();
    let queue: string[] = [];
    let inFlight = 0;
    const pump = () => {
      while (inFlight < 4 && queue.length > 0) {
        const url = queue.shift()!;
        inFlight++;
        const image = new Image();
        image.onload = image.onerror = () => {
          inFlight--;
          pump();
        };
        image.src = url;
      }
    };
    const warmNeighbours = () => {
      if (!viewer.world.getItemAt(0)) return;
      const bounds = viewer.viewport.viewportToImageRectangle(viewer.viewport.getBounds(true));
      const scale = viewer.viewport.viewportToImageZoom(viewer.viewport.getZoom(true));
      const field = { x: Math.max(0, bounds.x), y: Math.max(0, bounds.y), width: bounds.width, height: bounds.height, scale };
      queue = neighbourTiles(tiles, field)
        .map((t) => tileUrl(t.level, t.col, t.row))
        .filter((url) => !warmed.has(url));
      for (const url of queue) warmed.add(url);
      pump();
    };
    viewer.addHandler("animation-start", () => {
      for (const url of queue) warmed.delete(url);
      queue = [];
    });
    viewer.addHandler("animation-finish", warmNeighbours);
    return () => {
      queue = [];
      setOpened(false);
      cancelAnimationFrame(frame);
      viewer.destroy();
      viewerRef.current = null;
    };
  }, [containerRef, onViewportChangeRef, slideId, tiles, widthPx, micronsPerPixel]);

  return { viewerRef, view, loaded, opened, openError };
}
