"use client";

import {
  Enums,
  eventTarget,
  RenderingEngine,
  type Types,
} from "@cornerstonejs/core";
import {
  annotation as annotationState,
  Enums as ToolEnums,
  LengthTool,
  PanTool,
  RectangleROITool,
  StackScrollTool,
  ToolGroupManager,
  utilities as toolUtilities,
  WindowLevelTool,
  ZoomTool,
} from "@cornerstonejs/tools";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { ensureCornerstone } from "./cornerstone-init";
import { loadSeriesImageIds } from "./dicomweb-stack";
import { FindingOutline, markedImagesText, shapesOnImage, type CanvasShape, type FindingMark } from "./finding-outline";
import { SegOverlayPanel } from "./seg-overlay";
import { isImageSeries } from "./series-kinds";
import { removeSegOverlays } from "./seg-overlay-cornerstone";
import { voiRangeOf, WINDOW_PRESETS } from "./window-presets";

export interface SeriesChoice {
  seriesInstanceUid: string;
  modality: string;
  description: string;
  numberOfInstances: number;
}

export { isImageSeries };
export const firstImageSeries = (series: SeriesChoice[]) => series.find(isImageSeries) ?? series[0];

/** Window centre and width, as DICOM names them; what live follow carries. */
export interface Voi {
  windowCenter: number;
  windowWidth: number;
}

/** What the panel shows, reported on every change so that a presenter's view can be published. */
export interface StackView {
  seriesUid: string;
  imageIndex: number;
  voi?: Voi;
}

export interface Measurement {
  id: string;
  tool: string;
  text: string;
  /** The numbers behind the text, with UCUM units, for keeping the measurement as a finding. */
  values: { name: string; value: number; unit: string }[];
  seriesInstanceUid: string;
  /** The image it was drawn on, when known. */
  sopInstanceUid: string | null;
}

/** Cornerstone's display units to UCUM, as findings store them. */
const UCUM: Record<string, string> = { mm: "mm", "mm²": "mm2", HU: "[hnsf'U]", "cm²": "cm2" };

function measurementValues(a: ReturnType<typeof annotationState.state.getAllAnnotations>[number]): Measurement["values"] {
  const stats = Object.values((a.data as { cachedStats?: Record<string, Record<string, unknown>> }).cachedStats ?? {})[0] ?? {};
  const value = (name: string, v: unknown, unit: unknown) =>
    typeof v === "number" && Number.isFinite(v) ? [{ name, value: Math.round(v * 10) / 10, unit: UCUM[String(unit)] ?? String(unit ?? "") }] : [];
  if (a.metadata?.toolName === LengthTool.toolName) return value("Length", stats.length, stats.unit ?? "mm");
  return [...value("Mean", stats.mean, stats.modalityUnit ?? ""), ...value("Area", stats.area, stats.areaUnit ?? "mm²")];
}

type PrimaryTool = "WindowLevel" | "Length" | "RectangleROI" | "Pan" | "Zoom";
const TOOL_NAMES: Record<PrimaryTool, string> = {
  WindowLevel: WindowLevelTool.toolName,
  Length: LengthTool.toolName,
  RectangleROI: RectangleROITool.toolName,
  Pan: PanTool.toolName,
  Zoom: ZoomTool.toolName,
};
const TOOL_LABELS: Record<PrimaryTool, string> = { WindowLevel: "Window/level", Length: "Length", RectangleROI: "ROI", Pan: "Pan", Zoom: "Zoom" };

function describeMeasurement(a: ReturnType<typeof annotationState.state.getAllAnnotations>[number]): string {
  const stats = Object.values((a.data as { cachedStats?: Record<string, Record<string, unknown>> }).cachedStats ?? {})[0] ?? {};
  const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v.toFixed(1) : "—");
  if (a.metadata?.toolName === LengthTool.toolName) return `Length ${num(stats.length)} ${String(stats.unit ?? "mm")}`;
  return `ROI mean ${num(stats.mean)} ${String(stats.modalityUnit ?? "")}, area ${num(stats.area)} ${String(stats.areaUnit ?? "mm²")}`.replace(/\s+,/, ",");
}

/**
 * One Cornerstone3D stack viewport with its own rendering engine and tool group: wheel and arrow keys scroll,
 * left drag sets window/level (or measures), middle drag pans, right drag zooms; C plays cine, 1-5 apply presets.
 */
export function StackPanel(props: {
  label: string;
  dicomwebBase: string;
  studyInstanceUid: string;
  series: SeriesChoice[];
  initialSeriesUid?: string;
  initialSopInstanceUid?: string;
  onMeasurementsChange?: (measurements: Measurement[]) => void;
  /** Driven from outside (live follow): the slice and window to show; applied whenever they change. */
  followImageIndex?: number;
  followVoi?: Voi;
  /** Called when the slice, the window or the series changes, whoever changed it. */
  onViewChange?: (view: StackView) => void;
  /** A finding's outline to draw on the images it was drawn on (the viewer was opened from that finding). */
  mark?: FindingMark;
}) {
  const { dicomwebBase, studyInstanceUid, series, onMeasurementsChange } = props;
  const onViewChangeRef = useRef(props.onViewChange);
  useEffect(() => {
    onViewChangeRef.current = props.onViewChange;
  });
  const reported = useRef<{ imageIndex: number; voi?: Voi } | null>(null);
  const markRef = useRef(props.mark);
  const [showMark, setShowMark] = useState(true);
  const [markShapes, setMarkShapes] = useState<CanvasShape[]>([]);
  const uid = useId().replace(/[^a-zA-Z0-9]/g, "");
  const elementRef = useRef<HTMLDivElement>(null);
  const viewportRef = useRef<Types.IStackViewport | null>(null);
  const [seriesUid, setSeriesUid] = useState(props.initialSeriesUid ?? firstImageSeries(series)?.seriesInstanceUid ?? "");
  const [index, setIndex] = useState(0);
  const [count, setCount] = useState(0);
  const [status, setStatus] = useState<"loading" | "ready" | "error">("loading");
  const [error, setError] = useState<string | null>(null);
  const [tool, setTool] = useState<PrimaryTool>("WindowLevel");
  const [cine, setCine] = useState(false);
  const [voiText, setVoiText] = useState("");
  const [stack, setStack] = useState<{ imageIds: string[]; sopInstanceUids: string[] } | null>(null);
  const engineId = `engine-${uid}`;
  const viewportId = `viewport-${uid}`;
  const toolGroupId = `tools-${uid}`;

  // Mount: rendering engine, viewport and tool group; destroyed on unmount (survives StrictMode's double effects).
  useEffect(() => {
    let cancelled = false;
    let engine: RenderingEngine | null = null;
    const element = elementRef.current;
    if (!element || !seriesUid) return;
    setStatus("loading");
    setError(null);
    setStack(null);

    const report = (next: { imageIndex?: number; voi?: Voi }) => {
      const merged = { imageIndex: next.imageIndex ?? reported.current?.imageIndex ?? 0, voi: next.voi ?? reported.current?.voi };
      const before = reported.current;
      if (before && before.imageIndex === merged.imageIndex && before.voi?.windowCenter === merged.voi?.windowCenter && before.voi?.windowWidth === merged.voi?.windowWidth) return;
      reported.current = merged;
      onViewChangeRef.current?.({ seriesUid, ...merged });
    };
    reported.current = null;
    let loaded: { imageIds: string[]; sopInstanceUids: string[] } | null = null;
    const onNewImage = (event: Event) => {
      const detail = (event as CustomEvent<{ imageIdIndex: number }>).detail;
      setIndex(detail.imageIdIndex);
      report({ imageIndex: detail.imageIdIndex });
    };
    const onRendered = () => {
      const viewport = viewportRef.current;
      if (!viewport) return;
      // The finding's outline follows the image: recomputed on every render (new slice, zoom, pan). Without a
      // finding nothing is set, so the panel does not re-render on every frame for it.
      const mark = markRef.current;
      const sop = loaded?.sopInstanceUids[viewport.getCurrentImageIdIndex()];
      if (mark) setMarkShapes(sop ? shapesOnImage(viewport, viewport.getCurrentImageId(), sop, mark) : []);
      const { voiRange } = viewport.getProperties();
      // A window width of 0 in the header leaves no usable window: fall back to the image's pixel range.
      if (!voiRange || !(voiRange.upper > voiRange.lower)) {
        const image = viewport.getCornerstoneImage();
        if (image) {
          const slope = image.slope ?? 1;
          const intercept = image.intercept ?? 0;
          viewport.setProperties({ voiRange: { lower: image.minPixelValue * slope + intercept, upper: image.maxPixelValue * slope + intercept } });
          viewport.render();
          return;
        }
      }
      if (voiRange) {
        setVoiText(`W ${Math.round(voiRange.upper - voiRange.lower)} / L ${Math.round((voiRange.upper + voiRange.lower) / 2)}`);
        const round = (n: number) => Math.round(n * 10) / 10;
        report({ imageIndex: viewport.getCurrentImageIdIndex(), voi: { windowCenter: round((voiRange.upper + voiRange.lower) / 2), windowWidth: round(voiRange.upper - voiRange.lower) } });
      }
      setStatus((s) => (s === "error" ? s : "ready"));
    };
    const onLoadError = (event: Event) => {
      const detail = (event as CustomEvent<{ imageId?: string; error?: { message?: string } }>).detail;
      if (detail?.imageId && !detail.imageId.includes(`/series/${seriesUid}/`)) return;
      setStatus("error");
      setError(`An image of this series could not be shown: ${detail?.error?.message ?? "decoding failed"}.`);
    };
    const onAnnotation = () => {
      const list = annotationState.state
        .getAllAnnotations()
        .filter((a) => a.metadata?.toolName === LengthTool.toolName || a.metadata?.toolName === RectangleROITool.toolName)
        .map((a) => {
          const at = loaded && a.metadata?.referencedImageId ? loaded.imageIds.indexOf(a.metadata.referencedImageId) : -1;
          return {
            id: a.annotationUID ?? "",
            tool: a.metadata?.toolName ?? "",
            text: describeMeasurement(a),
            values: measurementValues(a),
            seriesInstanceUid: seriesUid,
            sopInstanceUid: at >= 0 ? (loaded!.sopInstanceUids[at] ?? null) : null,
          };
        });
      onMeasurementsChange?.(list);
    };

    (async () => {
      try {
        await ensureCornerstone();
        const { imageIds, sopInstanceUids } = await loadSeriesImageIds(dicomwebBase, studyInstanceUid, seriesUid);
        if (cancelled) return;
        loaded = { imageIds, sopInstanceUids };
        if (imageIds.length === 0) throw new Error("This series has no images to show (for example a structured report).");
        engine = new RenderingEngine(engineId);
        engine.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } });
        const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
        viewportRef.current = viewport;

        const group = ToolGroupManager.createToolGroup(toolGroupId);
        if (group) {
          for (const name of Object.values(TOOL_NAMES)) group.addTool(name);
          group.addTool(StackScrollTool.toolName);
          group.setToolActive(WindowLevelTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
          group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
          group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
          group.setToolActive(StackScrollTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Wheel }] });
          group.setToolPassive(LengthTool.toolName);
          group.setToolPassive(RectangleROITool.toolName);
          group.addViewport(viewportId, engineId);
        }

        element.addEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
        element.addEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
        eventTarget.addEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
        eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onAnnotation);
        eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onAnnotation);
        eventTarget.addEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onAnnotation);

        const start =
          props.followImageIndex !== undefined
            ? Math.min(imageIds.length - 1, Math.max(0, props.followImageIndex))
            : props.initialSopInstanceUid
              ? Math.max(0, sopInstanceUids.indexOf(props.initialSopInstanceUid))
              : Math.floor(imageIds.length / 2);
        setCount(imageIds.length);
        setIndex(start);
        await viewport.setStack(imageIds, start);
        viewport.render();
        if (!cancelled) setStack({ imageIds, sopInstanceUids });
      } catch (e) {
        if (cancelled) return;
        setStatus("error");
        setError(e instanceof Error ? e.message : "The series could not be loaded.");
      }
    })();

    return () => {
      cancelled = true;
      element.removeEventListener(Enums.Events.STACK_NEW_IMAGE, onNewImage);
      element.removeEventListener(Enums.Events.IMAGE_RENDERED, onRendered);
      eventTarget.removeEventListener(Enums.Events.IMAGE_LOAD_ERROR, onLoadError);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_COMPLETED, onAnnotation);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_MODIFIED, onAnnotation);
      eventTarget.removeEventListener(ToolEnums.Events.ANNOTATION_REMOVED, onAnnotation);
      try {
        toolUtilities.cine.stopClip(element);
      } catch {
        // nothing playing
      }
      ToolGroupManager.destroyToolGroup(toolGroupId);
      // Segmentations live in Cornerstone's global state: remove them while their viewport still exists.
      removeSegOverlays(viewportId);
      engine?.destroy();
      viewportRef.current = null;
    };
    // The panel restarts only when the series changes; the other props are fixed for its lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesUid, studyInstanceUid]);

  // Live follow: apply the presenter's slice and window as they arrive (once the stack is loaded).
  const { followImageIndex, followVoi } = props;
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || !stack || followImageIndex === undefined) return;
    const target = Math.min(stack.imageIds.length - 1, Math.max(0, followImageIndex));
    if (viewport.getCurrentImageIdIndex() !== target) void viewport.setImageIdIndex(target);
  }, [followImageIndex, stack]);
  const followCenter = followVoi?.windowCenter;
  const followWidth = followVoi?.windowWidth;
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || !stack || followCenter === undefined || followWidth === undefined) return;
    viewport.setProperties({ voiRange: { lower: followCenter - followWidth / 2, upper: followCenter + followWidth / 2 } });
    viewport.render();
  }, [followCenter, followWidth, stack]);

  const chooseTool = useCallback(
    (next: PrimaryTool) => {
      const group = ToolGroupManager.getToolGroup(toolGroupId);
      if (!group) return;
      group.setToolPassive(TOOL_NAMES[tool]);
      if (tool === "Pan") group.setToolActive(PanTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Auxiliary }] });
      if (tool === "Zoom") group.setToolActive(ZoomTool.toolName, { bindings: [{ mouseButton: ToolEnums.MouseBindings.Secondary }] });
      group.setToolActive(TOOL_NAMES[next], { bindings: [{ mouseButton: ToolEnums.MouseBindings.Primary }] });
      setTool(next);
    },
    [tool, toolGroupId],
  );

  const scrollBy = (delta: number) => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    const next = Math.min(count - 1, Math.max(0, viewport.getCurrentImageIdIndex() + delta));
    void viewport.setImageIdIndex(next);
  };

  const applyPreset = (preset: (typeof WINDOW_PRESETS)[number]) => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    viewport.setProperties({ voiRange: voiRangeOf(preset) });
    viewport.render();
  };

  const toggleCine = () => {
    const element = elementRef.current;
    if (!element) return;
    if (cine) toolUtilities.cine.stopClip(element);
    else toolUtilities.cine.playClip(element, { framesPerSecond: 12, loop: true });
    setCine(!cine);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const preset = WINDOW_PRESETS.find((p) => p.key === event.key);
    if (event.key === "ArrowDown" || event.key === "ArrowRight" || event.key === "PageDown") scrollBy(event.key === "PageDown" ? 10 : 1);
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft" || event.key === "PageUp") scrollBy(event.key === "PageUp" ? -10 : -1);
    else if (event.key === "Home") scrollBy(-count);
    else if (event.key === "End") scrollBy(count);
    else if (event.key.toLowerCase() === "c") toggleCine();
    else if (event.key.toLowerCase() === "r") {
      viewportRef.current?.resetCamera();
      viewportRef.current?.resetProperties();
      viewportRef.current?.render();
    } else if (preset) applyPreset(preset);
    else return;
    event.preventDefault();
  };

  const current = series.find((s) => s.seriesInstanceUid === seriesUid);
  const segSeries = series.filter((s) => s.modality === "SEG");
  return (
    <section aria-label={props.label} className="flex min-w-0 flex-1 flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label className="sr-only" htmlFor={`series-${uid}`}>Series</label>
        <select id={`series-${uid}`} className="field w-auto" value={seriesUid} onChange={(e) => setSeriesUid(e.target.value)}>
          {series.map((s) => (
            <option key={s.seriesInstanceUid} value={s.seriesInstanceUid}>
              {s.modality} {s.description || "(no description)"} — {s.numberOfInstances} images
            </option>
          ))}
        </select>
        <div role="toolbar" aria-label={`${props.label} tools`} className="flex gap-1">
          {(Object.keys(TOOL_NAMES) as PrimaryTool[]).map((t) => (
            <button key={t} type="button" className="btn" aria-pressed={tool === t} onClick={() => chooseTool(t)}>
              {TOOL_LABELS[t]}
            </button>
          ))}
          <button type="button" className="btn" aria-pressed={cine} onClick={toggleCine}>Cine</button>
        </div>
        <div role="group" aria-label={`${props.label} window presets`} className="flex gap-1">
          {WINDOW_PRESETS.map((p) => (
            <button key={p.name} type="button" className="btn" onClick={() => applyPreset(p)} title={`W ${p.width} / L ${p.level} (key ${p.key})`}>
              {p.name}
            </button>
          ))}
        </div>
      </div>
      <div className="relative">
        <div
          ref={elementRef}
          tabIndex={0}
          role="img"
          aria-label={`${props.label}: ${current?.modality ?? ""} image ${count ? index + 1 : 0} of ${count}`}
          aria-busy={status === "loading"}
          data-status={status}
          onKeyDown={onKeyDown}
          onContextMenu={(e) => e.preventDefault()}
          className="relative h-[60vh] min-h-80 w-full bg-black outline-none"
        />
        {props.mark && showMark && <FindingOutline shapes={markShapes} label={props.mark.label} />}
      </div>
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
        <span>
          Image {count ? index + 1 : 0} of {count} {voiText && `· ${voiText}`} {status === "loading" && "· loading…"}
        </span>
        {props.mark && stack && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={showMark} onChange={(e) => setShowMark(e.target.checked)} />
            Outline of {props.mark.label}
            {" "}({markedImagesText(props.mark, stack.sopInstanceUids) ?? "not on this series"})
          </label>
        )}
        <span>Wheel or ↑↓ scroll · C cine · 1–5 presets · R reset · right drag zoom · middle drag pan</span>
      </div>
      {error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {error}
        </p>
      )}
      {stack && segSeries.length > 0 && (
        <SegOverlayPanel
          key={seriesUid}
          label={props.label}
          viewportId={viewportId}
          seriesUrlOf={(segSeriesUid) => `${dicomwebBase}/studies/${studyInstanceUid}/series/${segSeriesUid}`}
          segSeries={segSeries}
          allSeries={series}
          imageIds={stack.imageIds}
          sopInstanceUids={stack.sopInstanceUids}
        />
      )}
    </section>
  );
}
