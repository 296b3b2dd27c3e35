"use client";

import dynamic from "next/dynamic";
import { useRef } from "react";
import type { TileLayout } from "@/integrations/pathology/tile-layout";
import { useTilePrefetcher } from "@/components/viewers/tile-prefetch";
import { useOpenSeadragon } from "@/components/viewers/use-openseadragon";

export interface ExpertSlideProps {
  slide: { id: string; label: string; widthPx: number; micronsPerPixel: number | null; tiles: TileLayout };
}

/** The slide's tiles (OpenSeadragon), read-only: the board's annotations and the annotation tools are not shared. */
function SlideView({ slide }: ExpertSlideProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const onViewportChange = useRef<undefined>(undefined);
  const { loaded, openError } = useOpenSeadragon(containerRef, slide, onViewportChange, useTilePrefetcher(slide.id));
  return (
    <div className="space-y-1">
      <div ref={containerRef} role="img" aria-label={`Slide ${slide.label}`} data-status={openError ? "error" : loaded ? "ready" : "loading"} className="h-96 w-full rounded bg-slate-900" />
      <p role="status" aria-live="polite" className="min-h-5 text-sm">{openError ?? (loaded ? "" : "Loading tiles…")}</p>
    </div>
  );
}

/** OpenSeadragon touches window at import: loaded in the browser only. */
export const ExpertSlide = dynamic(async () => SlideView, { ssr: false, loading: () => <p role="status" className="text-sm">Loading the slide viewer…</p> });
