"use client";

import { Enums, eventTarget, type RenderingEngine, type Types } from "@cornerstonejs/core";
import { useEffect, useRef, useState, type RefObject } from "react";
import { createRenderingEngine, destroyRenderingEngine, ensureCornerstone, stackRendering } from "./cornerstone-init";
import { cornerstoneToolsIfLoaded, loadCornerstoneTools, type CornerstoneTools } from "./cornerstone-tools";
import { fetchSeriesMetadata, stackFromMetadata, type LoadedStack } from "./dicomweb-stack";
import { shapesOnImage, type CanvasShape, type FindingMark } from "./finding-outline";
import { extractMeasurements, hasUnsettledStats, type AnnotationLike } from "./measurement-service";
import { orientationMarkers, type OrientationMarkers } from "./orientation";
import type { RenderingChoice, RenderingMode } from "./rendering-choice";
import { removeSegOverlays } from "./seg-overlay-cornerstone";
import { createStackToolGroup, type PrimaryTool } from "./tools";
import type { Measurement, Voi } from "./viewer-types";
import { windowOf } from "./window-presets";

export interface SliceChange {
  imageIndex: number;
  /** Position along the slice normal (mm) and share of the stack, for linked scrolling. */
  position: number | null;
  fraction: number;
  /** True when the slice was set from outside (linked scrolling or live follow), not by this panel's reader. */
  fromOutside: boolean;
}

export interface StackViewportState {
  status: "loading" | "ready" | "error";
  error: string | null;
  index: number;
  count: number;
  voi: Voi | null;
  markers: OrientationMarkers | null;
  markShapes: CanvasShape[];
  stack: LoadedStack | null;
  /** The renderer this viewport draws with, known once it is created. */
  rendering: RenderingChoice | null;
  /** Cornerstone's tools have arrived and this viewport's tool group is attached (they come after the first image). */
  toolsReady: boolean;
}

/** A stack panel's wheel scrolls one slice per notch: before the tools' StackScrollTool is attached, this does it. */
function wheelDirection(event: WheelEvent): number {
  return event.deltaY > 0 ? 1 : event.deltaY < 0 ? -1 : 0;
}

/**
 * One Cornerstone3D stack viewport on `elementRef`: its rendering engine and tool group, created when the series is
 * chosen and destroyed on unmount (survives StrictMode's double effects). Reports slices, window and measurements.
 * The image is drawn as soon as Cornerstone's core is ready; the tool group is attached when the tools arrive after it.
 */
export function useStackViewport(
  elementRef: RefObject<HTMLDivElement | null>,
  ids: { engineId: string; viewportId: string; toolGroupId: string },
  source: { seriesUrl: string; seriesUid: string; /** WebGL whatever the browser's default (a segmentation overlay needs it). */ webGl?: boolean },
  options: {
    startIndex: (stack: LoadedStack) => number;
    mark?: FindingMark;
    onSlice?: (change: SliceChange) => void;
    onVoi?: (voi: Voi, imageIndex: number) => void;
    onMeasurements?: (measurements: Measurement[]) => void;
    /** The left-button tool the tool group starts with (the reader may have chosen one before the tools arrived). */
    primaryTool?: () => PrimaryTool;
  },
) {
  const [state, setState] = useState<StackViewportState>({ status: "loading", error: null, index: 0, count: 0, voi: null, markers: null, markShapes: [], stack: null, rendering: null, toolsReady: false });
  const viewportRef = useRef<Types.IStackViewport | null>(null);
  /** The index last set from outside: the slice change it causes is not the reader's own. */
  const outsideIndex = useRef<number | null>(null);
  const optionsRef = useRef(options);
  useEffect(() => {
    optionsRef.current = options;
  });
  const { engineId, viewportId, toolGroupId } = ids;
  const { seriesUrl, seriesUid } = source;
  const webGl = source.webGl ?? false;
  /** Where the reader was: a viewport rebuilt on another renderer for the same series resumes there. */
  const lastView = useRef<{ seriesUid: string; index: number; voi: Types.VOIRange | null } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let engine: RenderingEngine | null = null;
    let mode: RenderingMode = "gpu";
    const element = elementRef.current;
    if (!element || !seriesUid) return;
    const resume = lastView.current?.seriesUid === seriesUid ? lastView.current : null;
    // The same series on another renderer keeps its stack (and the overlays' panel that hangs on it) meanwhile.
    setState((s) => ({ status: "loading", error: null, index: 0, count: 0, voi: null, markers: null, markShapes: [], stack: resume ? s.stack : null, rendering: null, toolsReady: false }));
    let loaded: LoadedStack | null = null;
    // A layout change resizes the element: the canvas follows, keeping the image's aspect and the view's centre.
    const resizeObserver = new ResizeObserver(() => engine?.resize(true, true));
    let lastVoi = "";
    let firstDrawn = false;
    let lastMarkers = "";
    const patch = (change: Partial<StackViewportState>) => setState((s) => ({ ...s, ...change }));

    const onNewImage = (event: Event) => {
      const { imageIdIndex } = (event as CustomEvent<{ imageIdIndex: number }>).detail;
      lastView.current = { seriesUid, index: imageIdIndex, voi: lastView.current?.seriesUid === seriesUid ? lastView.current.voi : null };
      // An image drawn after one that failed: the panel shows images again.
      setState((s) => ({ ...s, index: imageIdIndex, ...(s.status === "error" ? { status: "ready" as const, error: null } : {}) }));
      const fromOutside = outsideIndex.current === imageIdIndex;
      outsideIndex.current = null;
      const count = loaded?.imageIds.length ?? 1;
      optionsRef.current.onSlice?.({ imageIndex: imageIdIndex, position: loaded?.positions[imageIdIndex] ?? null, fraction: count > 1 ? imageIdIndex / (count - 1) : 0, fromOutside });
    };
    const onRendered = () => {
      const viewport = viewportRef.current;
      if (!viewport) return;
      // The finding's outline follows the image: recomputed on every render (new slice, zoom, pan). Without a
      // finding nothing is set, so the panel does not re-render on every frame for it.
      const mark = optionsRef.current.mark;
      const sop = loaded?.sopInstanceUids[viewport.getCurrentImageIdIndex()];
      if (mark) patch({ markShapes: sop ? shapesOnImage(viewport, viewport.getCurrentImageId(), sop, mark) : [] });
      // The CPU path also reports the background it fills in before the first image has arrived (a resize): only
      // a drawn image counts.
      const image = viewport.getCornerstoneImage();
      if (!image) return;
      const { voiRange } = viewport.getProperties();
      // A window width of 0 in the header leaves no usable window: fall back to the image's pixel range.
      if (!voiRange || !(voiRange.upper > voiRange.lower)) {
        const slope = image.slope ?? 1;
        const intercept = image.intercept ?? 0;
        viewport.setProperties({ voiRange: { lower: image.minPixelValue * slope + intercept, upper: image.maxPixelValue * slope + intercept } });
        viewport.render();
        return;
      }
      const camera = viewport.getCamera();
      if (camera.viewUp && camera.viewPlaneNormal) {
        const markers = orientationMarkers(camera.viewUp, camera.viewPlaneNormal);
        const key = JSON.stringify(markers);
        if (key !== lastMarkers) {
          lastMarkers = key;
          patch({ markers });
        }
      }
      if (voiRange) {
        if (lastView.current?.seriesUid === seriesUid) lastView.current.voi = voiRange;
        const voi = windowOf(voiRange);
        const key = `${voi.windowCenter}/${voi.windowWidth}`;
        if (key !== lastVoi) {
          lastVoi = key;
          patch({ voi });
        }
        optionsRef.current.onVoi?.(voi, viewport.getCurrentImageIdIndex());
      }
      if (!firstDrawn) {
        firstDrawn = true;
        performance.mark("concilium:first-image-drawn");
        askForTools();
      }
      setState((s) => (s.status === "loading" ? { ...s, status: "ready" } : s));
    };
    // Load errors are Cornerstone's global events, for every viewport of the page, the destroyed ones included: a
    // viewer left by a case switch whose image arrives after its engine is gone reports one without an imageId
    // (a list of failed displays). Only a failure of the very image this viewport is to show is its failure.
    const onLoadError = (event: Event) => {
      const detail = (event as CustomEvent<{ imageId?: unknown; error?: { message?: string; status?: number } }>).detail;
      const viewport = viewportRef.current;
      if (!viewport || typeof detail?.imageId !== "string" || detail.imageId !== viewport.getCurrentImageId()) return;
      askForTools();
      const reason = detail.error?.message ?? (detail.error?.status ? `the server answered ${detail.error.status}` : "no answer or not decodable");
      patch({ status: "error", error: `An image of this series could not be shown (${reason}). Scroll on to try it again.` });
    };
    // A measurement whose statistics came out as NaN is measured again at the next render, a few times at most: left
    // alone it would read "Length — mm" and could not be kept, though the line is drawn.
    const remeasured = new Map<string, number>();
    const remeasureUnsettled = (tools: CornerstoneTools, all: AnnotationLike[]) => {
      const stack = loaded;
      const unsettled = all.filter(
        (a) => a.annotationUID && hasUnsettledStats(a) && stack?.imageIds.includes(a.metadata?.referencedImageId ?? "") && (remeasured.get(a.annotationUID) ?? 0) < 3,
      );
      for (const a of unsettled) {
        remeasured.set(a.annotationUID!, (remeasured.get(a.annotationUID!) ?? 0) + 1);
        a.invalidated = true;
      }
      if (unsettled.length > 0) tools.utilities.triggerAnnotationRenderForViewportIds([viewportId]);
    };
    const onAnnotation = () => {
      const tools = cornerstoneToolsIfLoaded();
      if (!loaded || !tools) return;
      const all = tools.annotation.state.getAllAnnotations() as AnnotationLike[];
      remeasureUnsettled(tools, all);
      optionsRef.current.onMeasurements?.(extractMeasurements(all, { seriesInstanceUid: seriesUid, imageIds: loaded.imageIds, sopInstanceUids: loaded.sopInstanceUids }));
    };

    // Until the tools' StackScrollTool is attached, the wheel scrolls here: a reader's first notches are not lost.
    const onWheelBeforeTools = (event: Event) => {
      const viewport = viewportRef.current;
      const direction = wheelDirection(event as WheelEvent);
      if (!viewport || !loaded || direction === 0) return;
      event.preventDefault();
      const next = Math.min(loaded.imageIds.length - 1, Math.max(0, viewport.getCurrentImageIdIndex() + direction));
      if (next !== viewport.getCurrentImageIdIndex()) void viewport.setImageIdIndex(next);
    };

    // The viewport's own events, and Cornerstone's global ones (load errors; annotations of every viewport once the
    // tools have arrived).
    type Listener = [EventTarget, string, (event: Event) => void];
    const listening: Listener[] = [];
    const listen = (added: Listener[]) => {
      for (const [target, name, handler] of added) target.addEventListener(name, handler);
      listening.push(...added);
    };

    /** The tools, once they have arrived: the tool group, the measurements' events, the wheel handed to StackScrollTool. */
    const attachTools = (tools: CornerstoneTools) => {
      if (cancelled || !engine) return;
      createStackToolGroup(tools, toolGroupId, viewportId, engineId, optionsRef.current.primaryTool?.());
      element.removeEventListener("wheel", onWheelBeforeTools);
      const { Events } = tools.Enums;
      listen([
        [eventTarget, Events.ANNOTATION_COMPLETED, onAnnotation],
        [eventTarget, Events.ANNOTATION_MODIFIED, onAnnotation],
        [eventTarget, Events.ANNOTATION_REMOVED, onAnnotation],
      ]);
      patch({ toolsReady: true });
    };
    let toolsAsked = false;
    /** Asked for once the first image is there (or could not be): it does not compete with that image for the network and CPU. */
    const askForTools = () => {
      if (toolsAsked || cancelled) return;
      toolsAsked = true;
      loadCornerstoneTools().then(attachTools, () => {
        if (!cancelled) patch({ error: "The viewer's tools could not be loaded: reload the page to measure or change the window with the mouse." });
      });
    };

    (async () => {
      try {
        // The series' metadata is asked for while Cornerstone starts: the first image comes sooner.
        const [metadata] = await Promise.all([fetchSeriesMetadata(seriesUrl), ensureCornerstone()]);
        if (cancelled) return;
        const stack = stackFromMetadata(seriesUrl, metadata);
        loaded = stack;
        if (stack.imageIds.length === 0) throw new Error("This series has no images to show (for example a structured report).");
        // A segmentation overlay needs WebGL (Cornerstone's CPU stack path draws no labelmaps): the viewport is rebuilt on it.
        const byDefault = stackRendering();
        const choice: RenderingChoice = webGl && byDefault.mode === "cpu" && byDefault.reason !== "no-webgl" ? { mode: "gpu", reason: "segmentation" } : byDefault;
        mode = choice.mode;
        engine = createRenderingEngine(engineId, mode, (e) => e.enableElement({ viewportId, type: Enums.ViewportType.STACK, element, defaultOptions: { background: [0, 0, 0] } }));
        patch({ rendering: choice });
        const viewport = engine.getViewport(viewportId) as Types.IStackViewport;
        viewportRef.current = viewport;
        resizeObserver.observe(element);

        listen([
          [element, Enums.Events.STACK_NEW_IMAGE, onNewImage],
          [element, Enums.Events.IMAGE_RENDERED, onRendered],
          [eventTarget, Enums.Events.IMAGE_LOAD_ERROR, onLoadError],
        ]);
        element.addEventListener("wheel", onWheelBeforeTools, { passive: false });
        // Tools already here (another panel, a series change): the tool group comes with the image, as it used to.
        if (cornerstoneToolsIfLoaded()) askForTools();

        const start = Math.min(stack.imageIds.length - 1, Math.max(0, resume ? resume.index : optionsRef.current.startIndex(stack)));
        patch({ count: stack.imageIds.length, index: start });
        // The first slice is the panel's start, not a reader's scroll: linked panels must not jump to it.
        outsideIndex.current = start;
        lastView.current = { seriesUid, index: start, voi: resume?.voi ?? null };
        await viewport.setStack(stack.imageIds, start);
        if (resume?.voi) viewport.setProperties({ voiRange: resume.voi });
        viewport.render();
        if (!cancelled) patch({ stack });
      } catch (e) {
        if (cancelled) return;
        askForTools();
        patch({ status: "error", error: e instanceof Error ? e.message : "The series could not be loaded." });
      }
    })();

    return () => {
      cancelled = true;
      resizeObserver.disconnect();
      for (const [target, name, handler] of listening) target.removeEventListener(name, handler);
      element.removeEventListener("wheel", onWheelBeforeTools);
      // Without the tools there is no cine playing and no tool group.
      const tools = cornerstoneToolsIfLoaded();
      try {
        tools?.utilities.cine.stopClip(element);
      } catch {
        // nothing playing
      }
      tools?.ToolGroupManager.destroyToolGroup(toolGroupId);
      // Segmentations live in Cornerstone's global state: remove them while their viewport still exists.
      removeSegOverlays(viewportId);
      if (engine) destroyRenderingEngine(engine, mode);
      viewportRef.current = null;
    };
    // The viewport restarts only when the series changes; ids are fixed for the panel's lifetime.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [seriesUrl, seriesUid, webGl]);

  /** Shows a slice chosen from outside (linked scrolling, live follow); its slice change is marked as such. */
  const showIndexFromOutside = (target: number) => {
    const viewport = viewportRef.current;
    if (!viewport || !state.stack) return;
    const index = Math.min(state.stack.imageIds.length - 1, Math.max(0, target));
    if (viewport.getCurrentImageIdIndex() === index) return;
    outsideIndex.current = index;
    void viewport.setImageIdIndex(index);
  };

  return { state, viewportRef, showIndexFromOutside };
}
