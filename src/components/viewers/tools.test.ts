import * as cornerstoneTools from "@cornerstonejs/tools";
import { describe, expect, it } from "vitest";
import type { CornerstoneTools } from "./cornerstone-tools";
import { createStackToolGroup, PRIMARY_TOOLS, switchPrimaryTool } from "./tools";

const { Primary, Auxiliary, Secondary, Wheel } = cornerstoneTools.Enums.MouseBindings;

/** The tools module with a tool group manager that records what is asked of each group. */
function recordingTools() {
  const groups = new Map<string, { tools: string[]; active: Map<string, number[]>; passive: Set<string>; viewports: string[] }>();
  const group = (id: string) => {
    const g = groups.get(id)!;
    return {
      addTool: (name: string) => void g.tools.push(name),
      setToolActive: (name: string, options: { bindings: { mouseButton: number }[] }) => {
        g.passive.delete(name);
        g.active.set(name, [...(g.active.get(name) ?? []), ...options.bindings.map((b) => b.mouseButton)]);
      },
      setToolPassive: (name: string) => {
        g.active.delete(name);
        g.passive.add(name);
      },
      addViewport: (viewportId: string) => void g.viewports.push(viewportId),
    };
  };
  const tools = {
    Enums: cornerstoneTools.Enums,
    ToolGroupManager: {
      createToolGroup: (id: string) => {
        groups.set(id, { tools: [], active: new Map(), passive: new Set(), viewports: [] });
        return group(id);
      },
      getToolGroup: (id: string) => (groups.has(id) ? group(id) : undefined),
    },
  } as unknown as CornerstoneTools;
  return { tools, groups };
}

describe("stack panel tools", () => {
  it("names the Cornerstone tools by their own toolName (the tools are not imported by the viewer's first chunk)", () => {
    const classes = { WindowLevel: cornerstoneTools.WindowLevelTool, Length: cornerstoneTools.LengthTool, RectangleROI: cornerstoneTools.RectangleROITool, Pan: cornerstoneTools.PanTool, Zoom: cornerstoneTools.ZoomTool };
    for (const t of PRIMARY_TOOLS) expect(t.toolName).toBe(classes[t.id].toolName);
  });

  it("creates the group with window/level on the left button, middle pan, right zoom and wheel scroll", () => {
    const { tools, groups } = recordingTools();
    createStackToolGroup(tools, "g", "vp", "engine");
    const g = groups.get("g")!;
    expect(g.tools).toEqual(["WindowLevel", "Length", "RectangleROI", "Pan", "Zoom", cornerstoneTools.StackScrollTool.toolName]);
    expect(Object.fromEntries(g.active)).toEqual({ WindowLevel: [Primary], Pan: [Auxiliary], Zoom: [Secondary], StackScroll: [Wheel] });
    expect([...g.passive].sort()).toEqual(["Length", "RectangleROI"]);
    expect(g.viewports).toEqual(["vp"]);
  });

  it("creates the group with the tool the reader chose before the tools arrived", () => {
    const { tools, groups } = recordingTools();
    createStackToolGroup(tools, "g", "vp", "engine", "Length");
    const g = groups.get("g")!;
    expect(g.active.get("Length")).toEqual([Primary]);
    expect(g.passive.has("WindowLevel")).toBe(true);
    expect(g.passive.has("RectangleROI")).toBe(true);
  });

  it("switches the left button, and tells the caller when there is no group yet", () => {
    const { tools, groups } = recordingTools();
    expect(switchPrimaryTool(null, "g", "WindowLevel", "Pan")).toBe(false);
    expect(switchPrimaryTool(tools, "g", "WindowLevel", "Pan")).toBe(false);
    createStackToolGroup(tools, "g", "vp", "engine");
    expect(switchPrimaryTool(tools, "g", "WindowLevel", "Pan")).toBe(true);
    expect(groups.get("g")!.active.get("Pan")).toEqual([Auxiliary, Primary]);
    expect(switchPrimaryTool(tools, "g", "Pan", "Length")).toBe(true);
    expect(groups.get("g")!.active.get("Pan")).toEqual([Auxiliary]);
    expect(groups.get("g")!.active.get("Length")).toEqual([Primary]);
  });
});
