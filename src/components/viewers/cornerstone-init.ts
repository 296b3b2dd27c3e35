"use client";

import { getRenderingCapabilities, getShouldUseCPURendering, getWebWorkerManager, init as initCore, registerImageLoader, RenderingEngine, setUseCPURendering } from "@cornerstonejs/core";
import { init as initImageLoader, wadors } from "@cornerstonejs/dicom-image-loader";
import { withRetry } from "./image-load-retry";
import { chooseStackRendering, RENDERING_OVERRIDE_KEY, type RenderingChoice, type RenderingMode } from "./rendering-choice";

let ready: Promise<void> | null = null;
let stackChoice: RenderingChoice = { mode: "gpu", reason: "hardware-webgl" };

/**
 * Cornerstone's core and image loader are initialised once per page load; every viewer mount awaits the same promise.
 * This is all the first image needs: the tools (a large package of their own) come after it (cornerstone-tools.ts).
 */
export function ensureCornerstone(): Promise<void> {
  ready ??= (async () => {
    // A workstation can force a path with localStorage "concilium.rendering": "cpu", "gpu", or "native" (WebGL with
    // native textures), without a new build; otherwise the browser's WebGL renderer decides (rendering-choice.ts).
    performance.mark("concilium:cornerstone-init");
    const override = window.localStorage.getItem(RENDERING_OVERRIDE_KEY);
    // One WebGL context per rendering engine (Cornerstone's default is a pool of 7): every panel has an engine of its
    // own, and the browser keeps at most 16 contexts, dropping the oldest, so a case switch or a 2x2 layout lost
    // contexts still drawing. One context is also quicker to create on a software-rendering reading-room PC.
    await initCore({ rendering: { useCPURendering: false, preferSizeOverAccuracy: override === "native", webGlContextCount: 1 } } as Parameters<typeof initCore>[0]);
    // Cornerstone probed WebGL once during init (renderer string included): no second context is created for this.
    const capabilities = getRenderingCapabilities();
    stackChoice = chooseStackRendering({ webgl: capabilities.webgl, renderer: capabilities.renderer, override });
    setUseCPURendering(stackChoice.mode === "cpu", false);
    // One decode worker: these are 2-core reading-room PCs as often as workstations.
    initImageLoader({ maxWebWorkers: Math.max(1, Math.min(2, (navigator.hardwareConcurrency || 2) - 1)) });
    // A frame whose request fails in passing (a busy server, a dropped connection) is asked for again.
    registerImageLoader("wadors", withRetry(wadors.loadImage));
    startDecodeWorker();
    performance.mark("concilium:cornerstone-core-ready");
  })();
  return ready;
}

/**
 * Cornerstone starts its decode worker on the first frame to decode, so the first image waited for the worker's
 * script and codecs after its pixels had arrived. Started here, it loads while the metadata and the frame are fetched.
 * (getNextWorkerAPI counts a task on the worker it returns: the count is given back at once.)
 */
function startDecodeWorker() {
  const manager = getWebWorkerManager() as unknown as {
    getNextWorkerAPI?: (name: string) => { index: number } | null;
    workerRegistry?: Record<string, { loadCounters: number[] } | undefined>;
  };
  try {
    const next = manager.getNextWorkerAPI?.("dicomImageLoader");
    const counters = manager.workerRegistry?.dicomImageLoader?.loadCounters;
    if (next && counters && counters[next.index]! > 0) counters[next.index]!--;
  } catch {
    // Not started early: the first decode starts it, as before.
  }
}

/** Whether a viewer has started Cornerstone on this page (its first image is on its way). */
export function cornerstoneStarted(): boolean {
  return ready !== null;
}

/** The renderer stack viewports use on this browser (known once ensureCornerstone has resolved). */
export function stackRendering(): RenderingChoice {
  return stackChoice;
}

/**
 * Cornerstone 5 keeps CPU rendering as one global flag, read when an engine and its viewports are created and, for
 * stack viewports, again on every render and resize (StackViewport.useCustomRenderingPipeline is a static getter of
 * that flag). To let CPU stack panels and a WebGL reformat (or a stack switched to WebGL for a segmentation) live
 * side by side, the flag is set for the creation only, and each stack viewport is pinned to the path it was built on.
 */
export function createRenderingEngine(engineId: string, mode: RenderingMode, setUp: (engine: RenderingEngine) => void): RenderingEngine {
  return withRenderingFlag(mode, () => {
    const engine = new RenderingEngine(engineId);
    setUp(engine);
    for (const viewport of engine.getViewports()) {
      const custom = viewport.getUseCustomRenderingPipeline();
      viewport.getUseCustomRenderingPipeline = () => custom;
    }
    return engine;
  });
}

/** Destroys an engine under the flag it was created with (its clean-up asks the flag which path each viewport took). */
export function destroyRenderingEngine(engine: RenderingEngine, mode: RenderingMode): void {
  withRenderingFlag(mode, () => engine.destroy());
}

function withRenderingFlag<T>(mode: RenderingMode, run: () => T): T {
  const resting = getShouldUseCPURendering();
  setUseCPURendering(mode === "cpu", false);
  try {
    return run();
  } finally {
    setUseCPURendering(resting, false);
  }
}
