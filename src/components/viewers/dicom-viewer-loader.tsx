"use client";

import dynamic from "next/dynamic";
import { useEffect, type ComponentProps } from "react";
import { prefetchFirstSeriesMetadata } from "./series-metadata-prefetch";

const loadViewer = () => import("./dicom-viewer");

/** Cornerstone touches window and WebGL at import: the viewer is loaded in the browser only. */
const DicomViewer = dynamic(loadViewer, {
  ssr: false,
  loading: () => <p role="status" className="text-sm">Loading the viewer…</p>,
});

/** The viewer, with its first series' metadata asked for while its code still loads. */
export function DicomViewerLoader(props: ComponentProps<typeof DicomViewer>) {
  // Once, on arrival: later changes of series are the viewer's own requests.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => prefetchFirstSeriesMetadata(props), []);
  return <DicomViewer {...props} />;
}

/**
 * Fetches the viewer's code while the browser is idle, on pages from which images are opened (a case, a meeting's
 * presentation): the first image then waits only for its pixels, not for a megabyte of script to arrive and compile.
 * Cornerstone's tools, which the viewer loads after its first image, are fetched at the next idle moment after it.
 */
export function usePreloadDicomViewer() {
  useEffect(() => {
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    let left = false;
    let handle = idle(() => {
      loadViewer()
        .then((viewer) => {
          if (!left) handle = idle(() => void viewer.preloadCornerstoneToolsCode().catch(() => undefined));
        })
        .catch(() => undefined);
    });
    return () => {
      left = true;
      cancel(handle);
    };
  }, []);
}

/** For server pages: renders nothing, preloads the viewer. */
export function PreloadDicomViewer() {
  usePreloadDicomViewer();
  return null;
}
