"use client";

import { getRenderingEngines } from "@cornerstonejs/core";
import { cornerstoneStarted, ensureCornerstone } from "./cornerstone-init";

/** Cornerstone's tools package, as the dynamic import gives it (types only here: no code is loaded by this line). */
export type CornerstoneTools = typeof import("@cornerstonejs/tools");

let loading: Promise<CornerstoneTools> | null = null;
let loaded: CornerstoneTools | null = null;

/**
 * Cornerstone's tools (window/level, pan, zoom, scroll, measurements, crosshairs, annotations, segmentations) are a
 * chunk of their own, loaded once per page after core: the first image needs only core and the image loader, and a
 * reader cannot use a tool in the few hundred milliseconds before they arrive. Every use of the tools awaits this.
 */
export function loadCornerstoneTools(): Promise<CornerstoneTools> {
  if (loading) return loading;
  const attempt = (async () => {
    const [tools] = await Promise.all([import("@cornerstonejs/tools"), ensureCornerstone()]);
    await tools.init();
    listenOnViewportsEnabledBefore(tools);
    for (const tool of [tools.WindowLevelTool, tools.PanTool, tools.ZoomTool, tools.StackScrollTool, tools.LengthTool, tools.RectangleROITool, tools.CrosshairsTool]) tools.addTool(tool);
    loaded = tools;
    performance.mark("concilium:cornerstone-tools-ready");
    return tools;
  })();
  loading = attempt;
  // A failed load (a dropped connection) is tried again by the next caller.
  attempt.catch(() => {
    if (loading === attempt) loading = null;
  });
  return attempt;
}

/**
 * The tools put their mouse, wheel, key and annotation listeners on a viewport's element when core announces it
 * (ELEMENT_ENABLED): the viewports drawn before the tools were initialised missed that, and get them now.
 */
function listenOnViewportsEnabledBefore(tools: CornerstoneTools) {
  const known = tools.store.state.enabledElements;
  for (const engine of getRenderingEngines() ?? []) {
    for (const viewport of engine.getViewports()) {
      if (known.includes(viewport.element)) continue;
      const detail = { element: viewport.element, viewportId: viewport.id, renderingEngineId: engine.id };
      tools.store.addEnabledElement(new CustomEvent("CORNERSTONE_ELEMENT_ENABLED", { detail }) as Parameters<CornerstoneTools["store"]["addEnabledElement"]>[0]);
    }
  }
}

/**
 * Fetches and evaluates the tools' code without initialising anything (no WebGL, no Cornerstone): for pages from which
 * images are opened, while the browser is idle, so that the tools come sooner after the first image. Not once a viewer
 * has started: its first image is on its way, and the tools wait for it.
 */
export async function preloadCornerstoneToolsCode(): Promise<void> {
  if (loading || cornerstoneStarted()) return;
  await import("@cornerstonejs/tools");
}

/** The tools if they have arrived, for clean-ups and for code that runs only once they are there. */
export function cornerstoneToolsIfLoaded(): CornerstoneTools | null {
  return loaded;
}
