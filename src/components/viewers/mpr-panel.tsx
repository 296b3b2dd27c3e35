"use client";

import { cache, Enums, eventTarget, type RenderingEngine, setVolumesForViewports, volumeLoader, type Types } from "@cornerstonejs/core";
import { useEffect, useId, useRef, useState } from "react";
import { createRenderingEngine, destroyRenderingEngine, ensureCornerstone, stackRendering } from "./cornerstone-init";
import { cornerstoneToolsIfLoaded, loadCornerstoneTools } from "./cornerstone-tools";
import { seriesUrlOf } from "./data-source";
import { fetchSeriesMetadata, stackFromMetadata } from "./dicomweb-stack";
import type { SeriesChoice, StudyChoice } from "./viewer-types";
import { PrefetchBar } from "./viewport-overlay";
import { voiRangeOf, WINDOW_PRESETS } from "./window-presets";

const PLANES = [
  { name: "Axial", orientation: Enums.OrientationAxis.AXIAL, colour: "rgb(200, 0, 0)" },
  { name: "Coronal", orientation: Enums.OrientationAxis.CORONAL, colour: "rgb(0, 200, 0)" },
  { name: "Sagittal", orientation: Enums.OrientationAxis.SAGITTAL, colour: "rgb(0, 120, 255)" },
] as const;

/**
 * Multiplanar reformat of a CT series: one volume, three orthographic viewports (axial, coronal, sagittal) and
 * Cornerstone's crosshairs linking them. Left drag moves the crosshairs, the wheel scrolls, middle pans, right zooms.
 */
export function MprPanel(props: { study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">; series: SeriesChoice }) {
  const uid = useId().replace(/[^a-zA-Z0-9]/g, "");
  const elements = useRef<(HTMLDivElement | null)[]>([]);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [progress, setProgress] = useState({ loaded: 0, total: 0, failed: 0 });
  const engineRef = useRef<RenderingEngine | null>(null);
  const seriesUrl = seriesUrlOf(props.study, props.series.seriesInstanceUid);
  const engineId = `mpr-engine-${uid}`;
  const toolGroupId = `mpr-tools-${uid}`;
  const viewportIds = PLANES.map((p) => `mpr-${p.name.toLowerCase()}-${uid}`);

  useEffect(() => {
    let cancelled = false;
    let engine: RenderingEngine | null = null;
    const volumeId = `cornerstoneStreamingImageVolume:mpr-${uid}-${props.series.seriesInstanceUid}`;
    const onVolume = (event: Event) => {
      const detail = (event as CustomEvent<{ volumeId: string; numberOfFrames: number; framesProcessed: number }>).detail;
      if (detail.volumeId === volumeId) setProgress({ loaded: detail.framesProcessed, total: detail.numberOfFrames, failed: 0 });
    };
    const resizeObserver = new ResizeObserver(() => engine?.resize(true, true));
    (async () => {
      try {
        // The reformat is all tools (crosshairs, scrolling): they are waited for with core, not after an image.
        const [metadata, , tools] = await Promise.all([fetchSeriesMetadata(seriesUrl), ensureCornerstone(), loadCornerstoneTools()]);
        if (cancelled) return;
        const stack = stackFromMetadata(seriesUrl, metadata);
        if (stack.imageIds.length < 3 || stack.positions.some((p) => p === null)) {
          throw new Error("This series cannot be reformatted: it needs at least three parallel slices with positions.");
        }
        // Volume viewports have no CPU path in Cornerstone: the reformat is drawn with WebGL even where the stacks
        // are drawn on the CPU (software WebGL is slow, but it works).
        if (stackRendering().reason === "no-webgl") throw new Error("The reformat needs WebGL, which this browser does not offer.");
        engine = createRenderingEngine(engineId, "gpu", (e) =>
          e.setViewports(
            PLANES.map((plane, i) => ({
              viewportId: viewportIds[i]!,
              type: Enums.ViewportType.ORTHOGRAPHIC,
              element: elements.current[i]!,
              defaultOptions: { orientation: plane.orientation, background: [0, 0, 0] as Types.Point3 },
            })),
          ),
        );
        engineRef.current = engine;
        eventTarget.addEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onVolume);
        setProgress({ loaded: 0, total: stack.imageIds.length, failed: 0 });
        const volume = await volumeLoader.createAndCacheVolume(volumeId, { imageIds: stack.imageIds });
        if (cancelled) return;
        volume.load();
        await setVolumesForViewports(engine, [{ volumeId }], viewportIds);

        const { CrosshairsTool, Enums: ToolEnums, PanTool, StackScrollTool, ZoomTool } = tools;
        const group = tools.ToolGroupManager.createToolGroup(toolGroupId);
        if (group) {
          group.addTool(StackScrollTool.toolName);
          group.addTool(PanTool.toolName);
          group.addTool(ZoomTool.toolName);
          group.addTool(CrosshairsTool.toolName, {
            getReferenceLineColor: (viewportId: string) => PLANES[viewportIds.indexOf(viewportId)]?.colour ?? "rgb(200, 200, 0)",
            getReferenceLineControllable: () => true,
            getReferenceLineDraggableRotatable: () => true,
            getReferenceLineSlabThicknessControlsOn: () => false,
          });
          for (const viewportId of viewportIds) group.addViewport(viewportId, engineId);
          group.setToolActive(CrosshairsTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
          group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
          group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
          group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
        }
        // CT opens in the mediastinal window, as the stack does for most chest studies.
        const mediastinum = WINDOW_PRESETS.find((p) => p.name === "Mediastinum")!;
        for (const viewportId of viewportIds) (engine.getViewport(viewportId) as Types.IVolumeViewport).setProperties({ voiRange: voiRangeOf(mediastinum) });
        engine.renderViewports(viewportIds);
        for (const element of elements.current) if (element) resizeObserver.observe(element);
        if (!cancelled) setStatus("ready");
      } catch (e) {
        if (cancelled) return;
        setStatus("error");
        setError(e instanceof Error ? e.message : "The reformat could not be built.");
      }
    })();
    return () => {
      cancelled = true;
      resizeObserver.disconnect();
      eventTarget.removeEventListener(Enums.Events.IMAGE_VOLUME_MODIFIED, onVolume);
      cornerstoneToolsIfLoaded()?.ToolGroupManager.destroyToolGroup(toolGroupId);
      if (engine) destroyRenderingEngine(engine, "gpu");
      engineRef.current = null;
      // The volume is this panel's alone: free its memory (the stack's images stay cached for the stack panels).
      cache.removeVolumeLoadObject(volumeId);
    };
    // The reformat restarts only for another series; ids are fixed for the panel's lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesUrl]);

  const applyPreset = (preset: (typeof WINDOW_PRESETS)[number]) => {
    const engine = engineRef.current;
    if (!engine) return;
    for (const viewportId of viewportIds) (engine.getViewport(viewportId) as Types.IVolumeViewport | undefined)?.setProperties({ voiRange: voiRangeOf(preset) });
    engine.renderViewports(viewportIds);
  };

  return (
    <section aria-label="Multiplanar reformat" className="space-y-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>
          {props.series.modality} {props.series.description || "(no description)"} · left drag moves the crosshairs, wheel scrolls
        </span>
        <div role="group" aria-label="Reformat window presets" className="flex gap-1">
          {WINDOW_PRESETS.map((p) => (
            <button key={p.name} type="button" className="btn" onClick={() => applyPreset(p)}>
              {p.name}
            </button>
          ))}
        </div>
        <PrefetchBar label="Reformat" progress={progress} />
      </div>
      <div className="grid grid-cols-1 gap-2 lg:grid-cols-3">
        {PLANES.map((plane, i) => (
          <div key={plane.name} className="relative">
            <div
              ref={(el) => {
                elements.current[i] = el;
              }}
              role="img"
              aria-label={`${plane.name} reformat`}
              aria-busy={status === "loading"}
              data-status={status}
              onContextMenu={(e) => e.preventDefault()}
              className="h-[45vh] min-h-64 w-full bg-black"
            />
            <span className="pointer-events-none absolute left-1.5 top-1 text-xs font-semibold [text-shadow:0_0_2px_#000]" style={{ color: plane.colour }}>
              {plane.name}
            </span>
          </div>
        ))}
      </div>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {error}
        </p>
      )}
    </section>
  );
}
