// Which renderer draws the stack viewports. Pure: the browser's facts come in, a choice goes out (unit-tested).
//
// A WebGL renderer that is software (SwiftShader, llvmpipe, softpipe: headless Chromium and reading-room PCs without
// a GPU) draws a 512×512 CT slice in about 40 ms, Cornerstone's CPU path in about 3 ms: stack viewports then use the
// CPU. The reformat (volume viewports) has no CPU path in Cornerstone and always uses WebGL.

export type RenderingMode = "cpu" | "gpu";
export type RenderingReason = "software-webgl" | "no-webgl" | "hardware-webgl" | "override" | "segmentation";

export interface RenderingChoice {
  mode: RenderingMode;
  reason: RenderingReason;
}

/** The localStorage key a workstation sets to force one path: "cpu", "gpu" (or "native": WebGL, native textures). */
export const RENDERING_OVERRIDE_KEY = "concilium.rendering";

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** True when the unmasked WebGL renderer string names a software rasterizer. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

/**
 * The stack viewports' renderer: without WebGL the CPU (reason "no-webgl", whatever else is set); otherwise the
 * workstation's override, then what the browser's WebGL renderer is.
 */
export function chooseStackRendering(facts: { webgl: boolean; renderer: string; override: string | null }): RenderingChoice {
  if (!facts.webgl) return { mode: "cpu", reason: "no-webgl" };
  if (facts.override === "cpu") return { mode: "cpu", reason: "override" };
  if (facts.override === "gpu" || facts.override === "native") return { mode: "gpu", reason: "override" };
  return isSoftwareRenderer(facts.renderer) ? { mode: "cpu", reason: "software-webgl" } : { mode: "gpu", reason: "hardware-webgl" };
}

/** What the viewer tells the reader, quietly, about the renderer in use. */
export function renderingLabel(choice: RenderingChoice): string {
  if (choice.mode === "cpu") {
    if (choice.reason === "override") return "CPU rendering (set on this workstation)";
    return choice.reason === "no-webgl" ? "CPU rendering (no WebGL)" : "CPU rendering (no GPU)";
  }
  if (choice.reason === "override") return "WebGL rendering (set on this workstation)";
  return choice.reason === "segmentation" ? "WebGL rendering (for the segmentation overlay)" : "WebGL rendering (GPU)";
}
