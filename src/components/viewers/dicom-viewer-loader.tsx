"use client";

import dynamic from "next/dynamic";
import { useEffect } from "react";

const loadViewer = () => import("./dicom-viewer");

/** Cornerstone touches window and WebGL at import: the viewer is loaded in the browser only. */
export const DicomViewerLoader = dynamic(loadViewer, {
  ssr: false,
  loading: () => <p role="status" className="text-sm">Loading the viewer…</p>,
});

/**
 * Fetches the viewer's code while the browser is idle, on pages from which images are opened (a case, a meeting's
 * presentation): the first image then waits only for its pixels, not for a megabyte of script to arrive and compile.
 */
export function usePreloadDicomViewer() {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => void loadViewer().catch(() => undefined));
    return () => cancel(handle);
  }, []);
}

/** For server pages: renders nothing, preloads the viewer. */
export function PreloadDicomViewer() {
  usePreloadDicomViewer();
  return null;
}
