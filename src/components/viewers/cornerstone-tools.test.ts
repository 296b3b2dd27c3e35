import { beforeEach, describe, expect, it, vi } from "vitest";

const calls = vi.hoisted(() => ({
  core: 0,
  init: 0,
  added: [] as string[],
  failNextInit: false,
  engines: [] as { id: string; getViewports: () => { id: string; element: object }[] }[],
  enabledElements: [] as object[],
  listenedOn: [] as { element: object; viewportId: string; renderingEngineId: string }[],
}));

vi.mock("@cornerstonejs/core", () => ({ getRenderingEngines: () => calls.engines }));

vi.mock("./cornerstone-init", () => ({
  ensureCornerstone: async () => void calls.core++,
  cornerstoneStarted: () => calls.core > 0,
}));
vi.mock("@cornerstonejs/tools", () => {
  const tool = (toolName: string) => ({ toolName });
  return {
    init: async () => {
      calls.init++;
      if (calls.failNextInit) {
        calls.failNextInit = false;
        throw new Error("dropped connection");
      }
    },
    addTool: (t: { toolName: string }) => void calls.added.push(t.toolName),
    store: {
      state: { enabledElements: calls.enabledElements },
      addEnabledElement: (event: CustomEvent<{ element: object; viewportId: string; renderingEngineId: string }>) => {
        calls.listenedOn.push(event.detail);
        calls.enabledElements.push(event.detail.element);
      },
    },
    WindowLevelTool: tool("WindowLevel"),
    PanTool: tool("Pan"),
    ZoomTool: tool("Zoom"),
    StackScrollTool: tool("StackScroll"),
    LengthTool: tool("Length"),
    RectangleROITool: tool("RectangleROI"),
    CrosshairsTool: tool("Crosshairs"),
  };
});

describe("loadCornerstoneTools", () => {
  beforeEach(() => {
    vi.resetModules();
    Object.assign(calls, { core: 0, init: 0, added: [], failNextInit: false, engines: [], listenedOn: [] });
    calls.enabledElements.length = 0;
  });

  it("initialises core, then the tools once, however many callers, and registers the viewer's tools", async () => {
    const { cornerstoneToolsIfLoaded, loadCornerstoneTools } = await import("./cornerstone-tools");
    expect(cornerstoneToolsIfLoaded()).toBeNull();
    const [a, b] = await Promise.all([loadCornerstoneTools(), loadCornerstoneTools()]);
    expect(a).toBe(b);
    expect(cornerstoneToolsIfLoaded()).toBe(a);
    expect(calls.core).toBe(1);
    expect(calls.init).toBe(1);
    expect(calls.added).toEqual(["WindowLevel", "Pan", "Zoom", "StackScroll", "Length", "RectangleROI", "Crosshairs"]);
  });

  it("puts the tools' listeners on the viewports drawn before the tools arrived, once", async () => {
    const drawnFirst = { id: "viewport-a", element: {} };
    const alreadyKnown = { id: "viewport-b", element: {} };
    calls.enabledElements.push(alreadyKnown.element);
    calls.engines = [{ id: "engine-a", getViewports: () => [drawnFirst, alreadyKnown] }];
    const { loadCornerstoneTools } = await import("./cornerstone-tools");
    await loadCornerstoneTools();
    expect(calls.listenedOn).toEqual([{ element: drawnFirst.element, viewportId: "viewport-a", renderingEngineId: "engine-a" }]);
  });

  it("tries again for the next caller after a failed load", async () => {
    const { cornerstoneToolsIfLoaded, loadCornerstoneTools } = await import("./cornerstone-tools");
    calls.failNextInit = true;
    await expect(loadCornerstoneTools()).rejects.toThrow("dropped connection");
    expect(cornerstoneToolsIfLoaded()).toBeNull();
    await expect(loadCornerstoneTools()).resolves.toBeTruthy();
    expect(calls.init).toBe(2);
  });
});
