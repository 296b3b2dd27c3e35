"use client";

import { init as initCore } from "@cornerstonejs/core";
import { init as initImageLoader } from "@cornerstonejs/dicom-image-loader";
import {
  addTool,
  CrosshairsTool,
  init as initTools,
  LengthTool,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  WindowLevelTool,
  ZoomTool,
} from "@cornerstonejs/tools";

let ready: Promise<void> | null = null;

/** Cornerstone is initialised once per page load; every viewer mount awaits the same promise. */
export function ensureCornerstone(): Promise<void> {
  ready ??= (async () => {
    // A workstation whose GPU draws images wrongly can be switched to CPU rendering (localStorage
    // "concilium.rendering" = "cpu"), or to native textures ("native"), without a new build.
    const mode = window.localStorage.getItem("concilium.rendering");
    await initCore({ rendering: { useCPURendering: mode === "cpu", preferSizeOverAccuracy: mode === "native" } } as Parameters<typeof initCore>[0]);
    // One decode worker: these are 2-core reading-room PCs as often as workstations.
    initImageLoader({ maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)) });
    await initTools();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, RectangleROITool, CrosshairsTool]) addTool(tool);
  })();
  return ready;
}
