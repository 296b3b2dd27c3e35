"use client";
// The stack panel's tools as configuration: which Cornerstone tool each button selects, and the default bindings.
import {
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  WindowLevelTool,
  ZoomTool,
} from "@cornerstonejs/tools";

export type PrimaryTool = "WindowLevel" | "Length" | "RectangleROI" | "Pan" | "Zoom";

/** The left-button tools, in toolbar order. */
export const PRIMARY_TOOLS: readonly { id: PrimaryTool; label: string; toolName: string }[] = [
  { id: "WindowLevel", label: "Window/level", toolName: WindowLevelTool.toolName },
  { id: "Length", label: "Length", toolName: LengthTool.toolName },
  { id: "RectangleROI", label: "ROI", toolName: RectangleROITool.toolName },
  { id: "Pan", label: "Pan", toolName: PanTool.toolName },
  { id: "Zoom", label: "Zoom", toolName: ZoomTool.toolName },
];

const { Primary, Auxiliary, Secondary, Wheel } = ToolEnums.MouseBindings;

/** Besides the chosen left-button tool: middle drag pans, right drag zooms, the wheel scrolls. */
const RESTING_BINDINGS: Record<string, ToolEnums.MouseBindings> = {
  [PanTool.toolName]: Auxiliary,
  [ZoomTool.toolName]: Secondary,
  [StackScrollTool.toolName]: Wheel,
};

const toolNameOf = (id: PrimaryTool) => PRIMARY_TOOLS.find((t) => t.id === id)!.toolName;

/** A stack panel's tool group with the default bindings (window/level on the left button). */
export function createStackToolGroup(toolGroupId: string, viewportId: string, engineId: string) {
  const group = ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) return;
  for (const t of PRIMARY_TOOLS) group.addTool(t.toolName);
  group.addTool(StackScrollTool.toolName);
  group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: Primary }] });
  for (const [name, mouseButton] of Object.entries(RESTING_BINDINGS)) group.setToolActive(name, { bindings: [{ mouseButton }] });
  group.setToolPassive(LengthTool.toolName);
  group.setToolPassive(RectangleROITool.toolName);
  group.addViewport(viewportId, engineId);
}

/** Moves the left button from one tool to another; a tool with a resting binding gets it back. */
export function switchPrimaryTool(toolGroupId: string, from: PrimaryTool, to: PrimaryTool) {
  const group = ToolGroupManager.getToolGroup(toolGroupId);
  if (!group) return false;
  const fromName = toolNameOf(from);
  group.setToolPassive(fromName);
  const resting = RESTING_BINDINGS[fromName];
  if (resting !== undefined) group.setToolActive(fromName, { bindings: [{ mouseButton: resting }] });
  group.setToolActive(toolNameOf(to), { bindings: [{ mouseButton: Primary }] });
  return true;
}
