"use client";

import { init as initCore, registerImageLoader } from "@cornerstonejs/core";
import { init as initImageLoader, wadors } from "@cornerstonejs/dicom-image-loader";
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
import { withRetry } from "./image-load-retry";

let ready: Promise<void> | null = null;

/** Cornerstone is initialised once per page load; every viewer mount awaits the same promise. */
export function ensureCornerstone(): Promise<void> {
  ready ??= (async () => {
    // A workstation whose GPU draws images wrongly can be switched to CPU rendering (localStorage
    // "concilium.rendering" = "cpu"), or to native textures ("native"), without a new build.
    const mode = window.localStorage.getItem("concilium.rendering");
    // One WebGL context per rendering engine (Cornerstone's default is a pool of 7): every panel has an engine of its
    // own, and the browser keeps at most 16 contexts, dropping the oldest, so a case switch or a 2x2 layout lost
    // contexts still drawing. One context is also quicker to create on a software-rendering reading-room PC.
    await initCore({ rendering: { useCPURendering: mode === "cpu", preferSizeOverAccuracy: mode === "native", webGlContextCount: 1 } } as Parameters<typeof initCore>[0]);
    // One decode worker: these are 2-core reading-room PCs as often as workstations.
    initImageLoader({ maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)) });
    // A frame whose request fails in passing (a busy server, a dropped connection) is asked for again.
    registerImageLoader("wadors", withRetry(wadors.loadImage));
    await initTools();
    for (const tool of [WindowLevelTool, PanTool, ZoomTool, StackScrollTool, LengthTool, RectangleROITool, CrosshairsTool]) addTool(tool);
  })();
  return ready;
}
