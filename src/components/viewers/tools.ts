"use client";
// The stack panel's tools as configuration: which Cornerstone tool each button selects, and the default bindings.
// Cornerstone's tools arrive after the first image (cornerstone-tools.ts): they are passed in, never imported here.
import type { CornerstoneTools } from "./cornerstone-tools";

export type PrimaryTool = "WindowLevel" | "Length" | "RectangleROI" | "Pan" | "Zoom";

/** The left-button tools, in toolbar order (toolName is the Cornerstone tool's static toolName). */
export const PRIMARY_TOOLS: readonly { id: PrimaryTool; label: string; toolName: string }[] = [
  { id: "WindowLevel", label: "Window/level", toolName: "WindowLevel" },
  { id: "Length", label: "Length", toolName: "Length" },
  { id: "RectangleROI", label: "ROI", toolName: "RectangleROI" },
  { id: "Pan", label: "Pan", toolName: "Pan" },
  { id: "Zoom", label: "Zoom", toolName: "Zoom" },
];
const STACK_SCROLL = "StackScroll";

/** Besides the chosen left-button tool: middle drag pans, right drag zooms, the wheel scrolls. */
function restingBindings(tools: CornerstoneTools): Record<string, number> {
  const { Auxiliary, Secondary, Wheel } = tools.Enums.MouseBindings;
  return { Pan: Auxiliary, Zoom: Secondary, [STACK_SCROLL]: Wheel };
}

const toolNameOf = (id: PrimaryTool) => PRIMARY_TOOLS.find((t) => t.id === id)!.toolName;

/** A stack panel's tool group with the default bindings, the left button on `primary` (window/level unless chosen before). */
export function createStackToolGroup(tools: CornerstoneTools, toolGroupId: string, viewportId: string, engineId: string, primary: PrimaryTool = "WindowLevel") {
  const group = tools.ToolGroupManager.createToolGroup(toolGroupId);
  if (!group) return;
  const { Primary } = tools.Enums.MouseBindings;
  for (const t of PRIMARY_TOOLS) group.addTool(t.toolName);
  group.addTool(STACK_SCROLL);
  for (const [name, mouseButton] of Object.entries(restingBindings(tools))) group.setToolActive(name, { bindings: [{ mouseButton }] });
  for (const t of PRIMARY_TOOLS) if (t.id !== primary && restingBindings(tools)[t.toolName] === undefined) group.setToolPassive(t.toolName);
  group.setToolActive(toolNameOf(primary), { bindings: [{ mouseButton: Primary }] });
  group.addViewport(viewportId, engineId);
}

/** Moves the left button from one tool to another; a tool with a resting binding gets it back. False without a group yet. */
export function switchPrimaryTool(tools: CornerstoneTools | null, toolGroupId: string, from: PrimaryTool, to: PrimaryTool) {
  const group = tools?.ToolGroupManager.getToolGroup(toolGroupId);
  if (!tools || !group) return false;
  const fromName = toolNameOf(from);
  group.setToolPassive(fromName);
  const resting = restingBindings(tools)[fromName];
  if (resting !== undefined) group.setToolActive(fromName, { bindings: [{ mouseButton: resting }] });
  group.setToolActive(toolNameOf(to), { bindings: [{ mouseButton: tools.Enums.MouseBindings.Primary }] });
  return true;
}
