import { describe, expect, it } from "vitest";
import { chooseStackRendering, isSoftwareRenderer, renderingLabel } from "./rendering-choice";

// Unmasked renderer strings as browsers report them.
const SWIFTSHADER = "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)";
const LLVMPIPE = "llvmpipe (LLVM 15.0.6, 256 bits)";
const SOFTPIPE = "softpipe";
const WINDOWS_BASIC = "ANGLE (Microsoft, Microsoft Basic Render Driver Direct3D11 vs_5_0 ps_5_0)";
const NVIDIA = "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 Direct3D11 vs_5_0 ps_5_0, D3D11)";
const INTEL = "Mesa Intel(R) UHD Graphics 620 (KBL GT2)";

describe("stack rendering choice", () => {
  it("recognises software rasterizers by their renderer string", () => {
    for (const renderer of [SWIFTSHADER, LLVMPIPE, SOFTPIPE, WINDOWS_BASIC, "Software Rasterizer"]) expect(isSoftwareRenderer(renderer)).toBe(true);
    for (const renderer of [NVIDIA, INTEL, "Apple M2", ""]) expect(isSoftwareRenderer(renderer)).toBe(false);
  });

  it("draws stacks on the CPU when WebGL is software or missing", () => {
    expect(chooseStackRendering({ webgl: true, renderer: SWIFTSHADER, override: null })).toEqual({ mode: "cpu", reason: "software-webgl" });
    expect(chooseStackRendering({ webgl: true, renderer: LLVMPIPE, override: null })).toEqual({ mode: "cpu", reason: "software-webgl" });
    expect(chooseStackRendering({ webgl: false, renderer: "", override: null })).toEqual({ mode: "cpu", reason: "no-webgl" });
  });

  it("keeps WebGL on a real GPU", () => {
    expect(chooseStackRendering({ webgl: true, renderer: NVIDIA, override: null })).toEqual({ mode: "gpu", reason: "hardware-webgl" });
    expect(chooseStackRendering({ webgl: true, renderer: INTEL, override: "something else" })).toEqual({ mode: "gpu", reason: "hardware-webgl" });
  });

  it("lets the workstation's setting win either way, WebGL only where there is WebGL", () => {
    expect(chooseStackRendering({ webgl: true, renderer: NVIDIA, override: "cpu" })).toEqual({ mode: "cpu", reason: "override" });
    expect(chooseStackRendering({ webgl: true, renderer: SWIFTSHADER, override: "gpu" })).toEqual({ mode: "gpu", reason: "override" });
    expect(chooseStackRendering({ webgl: true, renderer: SWIFTSHADER, override: "native" })).toEqual({ mode: "gpu", reason: "override" });
    expect(chooseStackRendering({ webgl: false, renderer: "", override: "gpu" })).toEqual({ mode: "cpu", reason: "no-webgl" });
    expect(chooseStackRendering({ webgl: false, renderer: "", override: "cpu" })).toEqual({ mode: "cpu", reason: "no-webgl" });
  });

  it("tells the reader which rendering is in use", () => {
    expect(renderingLabel({ mode: "cpu", reason: "software-webgl" })).toBe("CPU rendering (no GPU)");
    expect(renderingLabel({ mode: "cpu", reason: "no-webgl" })).toBe("CPU rendering (no WebGL)");
    expect(renderingLabel({ mode: "gpu", reason: "hardware-webgl" })).toBe("WebGL rendering (GPU)");
    expect(renderingLabel({ mode: "gpu", reason: "segmentation" })).toBe("WebGL rendering (for the segmentation overlay)");
    expect(renderingLabel({ mode: "cpu", reason: "override" })).toBe("CPU rendering (set on this workstation)");
  });
});
