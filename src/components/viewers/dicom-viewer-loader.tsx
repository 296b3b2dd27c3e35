"use client";

import dynamic from "next/dynamic";

/** Cornerstone touches window and WebGL at import: the viewer is loaded in the browser only. */
export const DicomViewerLoader = dynamic(() => import("./dicom-viewer"), {
  ssr: false,
  loading: () => <p role="status" className="text-sm">Loading the viewer…</p>,
});
