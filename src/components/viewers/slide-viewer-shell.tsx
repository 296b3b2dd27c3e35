"use client";

import dynamic from "next/dynamic";

/** OpenSeadragon touches window and the canvas at import: the slide viewer is loaded in the browser only. */
export const SlideViewerShell = dynamic(() => import("./slide-viewer"), {
  ssr: false,
  loading: () => <p role="status" className="text-sm">Loading the slide viewer…</p>,
});
