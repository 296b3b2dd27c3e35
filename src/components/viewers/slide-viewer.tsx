"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import type { inferRouterOutputs } from "@trpc/server";
import OpenSeadragon from "openseadragon";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";
import { chooseScaleBar, equivalentMagnification, formatMagnification } from "@/components/slides/scale-bar";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { formatDate } from "@/domain/dates/format-date";
import { digitalZoomNotice } from "./slide-fields";
import type { TilePrefetcher } from "./tile-prefetch";
import { useOpenSeadragon, type View } from "./use-openseadragon";

type Outputs = inferRouterOutputs<AppRouter>;
type SlideDetail = Outputs["slide"]["get"];
type Annotation = Outputs["slide"]["annotations"]["list"][number];
type TileLayout = NonNullable<SlideDetail["tiles"]>;

export interface SlideViewerProps {
  slide: Pick<SlideDetail, "id" | "label" | "widthPx" | "heightPx" | "micronsPerPixel"> & { tiles: TileLayout };
  cases: SlideDetail["cases"];
  /** The case annotations are saved on (the page's ?case=), if any. */
  initialCaseId: string | null;
  /** Live follow: the field of view (OpenSeadragon viewport centre and zoom) to show, applied whenever it changes. */
  followViewport?: SlideViewport;
  /** Live follow: the annotations to highlight (the presenter's "Show"). */
  followAnnotationIds?: string[];
  /** Called when the field of view changes, whoever changed it. */
  onViewportChange?: (viewport: SlideViewport) => void;
  /** Called when an annotation is shown from the list. */
  onAnnotationsShown?: (annotationIds: string[]) => void;
}

/** The field of view in OpenSeadragon viewport coordinates (x, y of the centre; the image is 1 wide) and its zoom. */
export interface SlideViewport {
  x: number;
  y: number;
  zoom: number;
}

type Tool = "pan" | "rectangle" | "freehand";
type Point = [number, number];
type Rectangle = { x: number; y: number; width: number; height: number };
type Draft = { kind: "RECTANGLE"; start: Point; end: Point } | { kind: "FREEHAND"; points: Point[] };
type Shape = { kind: "RECTANGLE"; geometry: Rectangle } | { kind: "FREEHAND"; geometry: { points: Point[] } };

const MAX_POINTS = 5000;
/** Free-hand points closer than this on screen add nothing but weight. */
const MIN_POINT_SPACING_PX = 3;
const ZOOM_STEP = 1.4;
const PAN_STEP = 0.1;

const errorText = (error: unknown) => (error instanceof TRPCClientError ? error.message : "That did not work. Try again.");

function normalizeRectangle(start: Point, end: Point, width: number, height: number): Rectangle {
  const x = Math.floor(Math.min(start[0], end[0]));
  const y = Math.floor(Math.min(start[1], end[1]));
  const right = Math.min(width, Math.ceil(Math.max(start[0], end[0])));
  const bottom = Math.min(height, Math.ceil(Math.max(start[1], end[1])));
  return { x, y, width: right - x, height: bottom - y };
}

/** Keeps an outline under the API's point limit by dropping evenly spaced points. */
function thin(points: Point[]): Point[] {
  if (points.length <= MAX_POINTS) return points;
  const step = Math.ceil(points.length / MAX_POINTS);
  return points.filter((_, i) => i % step === 0);
}

function boundsOf(shape: Shape): Rectangle {
  if (shape.kind === "RECTANGLE") return shape.geometry;
  const xs = shape.geometry.points.map((p) => p[0]);
  const ys = shape.geometry.points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

const asShape = (a: Annotation): Shape =>
  a.kind === "RECTANGLE" ? { kind: "RECTANGLE", geometry: a.geometry as Rectangle } : { kind: "FREEHAND", geometry: a.geometry as { points: Point[] } };

/** One shape in screen coordinates. */
function ShapeOutline({ shape, view, className, label }: { shape: Shape; view: View; className: string; label?: string }) {
  const sx = (x: number) => view.originX + x * view.scale;
  const sy = (y: number) => view.originY + y * view.scale;
  const box = boundsOf(shape);
  return (
    <g className={className}>
      {shape.kind === "RECTANGLE" ? (
        <rect x={sx(box.x)} y={sy(box.y)} width={box.width * view.scale} height={box.height * view.scale} />
      ) : (
        <polygon points={shape.geometry.points.map(([x, y]) => `${sx(x)},${sy(y)}`).join(" ")} />
      )}
      {label && (
        <text x={sx(box.x)} y={sy(box.y) - 4} className="slide-annotation-label">
          {label}
        </text>
      )}
    </g>
  );
}

/**
 * The pathology viewer: OpenSeadragon (canvas drawer) over the slide's tile endpoint, a navigator, a scale bar in
 * micrometres, zoom limited to the 40x equivalent, and rectangle / free-hand annotations kept per case.
 * Loaded client-side only (next/dynamic, ssr: false).
 */
export default function SlideViewer({
  slide,
  cases,
  initialCaseId,
  followViewport,
  followAnnotationIds,
  onViewportChange,
  onAnnotationsShown,
  tilePrefetcher,
}: SlideViewerProps & { tilePrefetcher: TilePrefetcher }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const containerRef = useRef<HTMLDivElement>(null);
  const overlayRef = useRef<HTMLDivElement>(null);
  const [tool, setTool] = useState<Tool>("pan");
  const [draft, setDraft] = useState<Draft | null>(null);
  const [pending, setPending] = useState<Shape | null>(null);
  const [pendingLabel, setPendingLabel] = useState("");
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [caseId, setCaseId] = useState<string | null>(initialCaseId ?? cases[0]?.id ?? null);

  const { id: slideId, widthPx, heightPx, micronsPerPixel } = slide;
  const onViewportChangeRef = useRef(onViewportChange);
  useEffect(() => {
    onViewportChangeRef.current = onViewportChange;
  });

  const listInput = { slideId, caseId };
  const annotations = useQuery(trpc.slide.annotations.list.queryOptions(listInput, { enabled: caseId !== null }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.slide.annotations.list.queryKey(listInput) });
  const create = useMutation(trpc.slide.annotations.create.mutationOptions());
  const remove = useMutation(trpc.slide.annotations.delete.mutationOptions());

  const { viewerRef, view, loaded, opened, openError } = useOpenSeadragon(containerRef, slide, onViewportChangeRef, tilePrefetcher);

  // Live follow: move to the presenter's field of view as it arrives (once the slide is open).
  const followX = followViewport?.x;
  const followY = followViewport?.y;
  const followZoom = followViewport?.zoom;
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !opened || followX === undefined || followY === undefined || followZoom === undefined) return;
    viewer.viewport.zoomTo(followZoom, undefined, true);
    viewer.viewport.panTo(new OpenSeadragon.Point(followX, followY), true);
  }, [viewerRef, opened, followX, followY, followZoom]);
  const followAnnotation = followAnnotationIds?.[0];
  const knownAnnotations = annotations.data;
  useEffect(() => {
    // An annotation the presenter just drew: fetch the list again to show it.
    if (followAnnotation && knownAnnotations && !knownAnnotations.some((a) => a.id === followAnnotation)) {
      void queryClient.invalidateQueries({ queryKey: trpc.slide.annotations.list.queryKey({ slideId, caseId }) });
    }
  }, [followAnnotation, knownAnnotations, queryClient, trpc, slideId, caseId]);
  const highlighted = followAnnotation ?? selected;

  // While a drawing tool is chosen, the mouse draws instead of panning; the wheel still zooms (at the pointer).
  useEffect(() => {
    viewerRef.current?.setMouseNavEnabled(tool === "pan");
    const overlay = overlayRef.current;
    if (tool === "pan" || !overlay) return;
    const onWheel = (event: globalThis.WheelEvent) => {
      const viewer = viewerRef.current;
      if (!viewer) return;
      event.preventDefault();
      const box = overlay.getBoundingClientRect();
      const at = viewer.viewport.pointFromPixel(new OpenSeadragon.Point(event.clientX - box.left, event.clientY - box.top));
      viewer.viewport.zoomBy(event.deltaY < 0 ? 1.2 : 1 / 1.2, at);
      viewer.viewport.applyConstraints();
    };
    // Not passive: the page must not scroll under the slide while zooming.
    overlay.addEventListener("wheel", onWheel, { passive: false });
    return () => overlay.removeEventListener("wheel", onWheel);
  }, [tool, viewerRef]);

  const toImage = useCallback(
    (event: PointerEvent): Point | null => {
      const viewer = viewerRef.current;
      const box = overlayRef.current?.getBoundingClientRect();
      if (!viewer || !box) return null;
      const p = viewer.viewport.viewerElementToImageCoordinates(new OpenSeadragon.Point(event.clientX - box.left, event.clientY - box.top));
      return [Math.min(widthPx, Math.max(0, p.x)), Math.min(heightPx, Math.max(0, p.y))];
    },
    [viewerRef, widthPx, heightPx],
  );

  function cancelDrawing() {
    setDraft(null);
    setPending(null);
    setPendingLabel("");
  }

  function onPointerDown(event: PointerEvent<HTMLDivElement>) {
    if (tool === "pan" || event.button !== 0) return;
    const p = toImage(event);
    if (!p) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    event.currentTarget.focus();
    setPending(null);
    setMessage(null);
    setDraft(tool === "rectangle" ? { kind: "RECTANGLE", start: p, end: p } : { kind: "FREEHAND", points: [p] });
  }

  function onPointerMove(event: PointerEvent<HTMLDivElement>) {
    if (!draft || !view) return;
    const p = toImage(event);
    if (!p) return;
    if (draft.kind === "RECTANGLE") return setDraft({ ...draft, end: p });
    const last = draft.points[draft.points.length - 1]!;
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) * view.scale >= MIN_POINT_SPACING_PX) setDraft({ ...draft, points: [...draft.points, p] });
  }

  function onPointerUp() {
    if (!draft || !view) return;
    setDraft(null);
    let shape: Shape | null = null;
    if (draft.kind === "RECTANGLE") {
      const geometry = normalizeRectangle(draft.start, draft.end, widthPx, heightPx);
      if (geometry.width * view.scale >= 4 && geometry.height * view.scale >= 4) shape = { kind: "RECTANGLE", geometry };
      else setMessage("Drag to draw a rectangle.");
    } else if (draft.points.length >= 3) {
      shape = { kind: "FREEHAND", geometry: { points: thin(draft.points.map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10] as Point)) } };
    } else {
      setMessage("Hold the mouse button and draw an outline.");
    }
    if (shape) {
      setPending(shape);
      setPendingLabel("");
    }
  }

  async function savePending() {
    if (!pending || !caseId) return;
    try {
      await create.mutateAsync({ slideId, caseId, label: pendingLabel.trim(), ...pending });
      setPending(null);
      setPendingLabel("");
      setMessage("Annotation saved.");
      await refresh();
    } catch (error) {
      setMessage(errorText(error));
    }
  }

  async function deleteAnnotation(annotation: Annotation) {
    try {
      await remove.mutateAsync({ slideId, annotationId: annotation.id });
      setMessage("Annotation deleted.");
      await refresh();
    } catch (error) {
      setMessage(errorText(error));
    }
  }

  function showAnnotation(annotation: Annotation) {
    const viewer = viewerRef.current;
    if (!viewer) return;
    const box = boundsOf(asShape(annotation));
    const pad = Math.max(box.width, box.height) * 0.25 + 10;
    viewer.viewport.fitBounds(viewer.viewport.imageToViewportRectangle(box.x - pad, box.y - pad, box.width + 2 * pad, box.height + 2 * pad));
    setSelected(annotation.id);
    onAnnotationsShown?.([annotation.id]);
  }

  function zoom(factor: number) {
    const viewer = viewerRef.current;
    if (!viewer) return;
    viewer.viewport.zoomBy(factor);
    viewer.viewport.applyConstraints();
  }

  function pan(dx: number, dy: number) {
    const viewer = viewerRef.current;
    if (!viewer) return;
    const bounds = viewer.viewport.getBounds();
    viewer.viewport.panBy(new OpenSeadragon.Point(dx * bounds.width, dy * bounds.height));
    viewer.viewport.applyConstraints();
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    if (event.key === "Escape") {
      if (draft || pending) cancelDrawing();
      else if (tool !== "pan") setTool("pan");
      else return;
      setMessage("Drawing cancelled.");
      event.preventDefault();
      return;
    }
    const target = event.target as HTMLElement;
    // Typing in a field is typing; OpenSeadragon handles keys itself when its canvas has the focus.
    if (target.closest("input, textarea, select") || containerRef.current?.contains(target) || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions: Record<string, () => void> = {
      "+": () => zoom(ZOOM_STEP),
      "=": () => zoom(ZOOM_STEP),
      "-": () => zoom(1 / ZOOM_STEP),
      _: () => zoom(1 / ZOOM_STEP),
      ArrowLeft: () => pan(-PAN_STEP, 0),
      ArrowRight: () => pan(PAN_STEP, 0),
      ArrowUp: () => pan(0, -PAN_STEP),
      ArrowDown: () => pan(0, PAN_STEP),
    };
    const action = actions[event.key];
    if (action) {
      action();
      event.preventDefault();
    }
  }

  const micronsPerScreenPixel = view && micronsPerPixel ? micronsPerPixel / view.scale : null;
  const scaleBar = micronsPerScreenPixel ? chooseScaleBar(micronsPerScreenPixel, 140) : null;
  const magnification = micronsPerScreenPixel ? equivalentMagnification(micronsPerScreenPixel) : null;
  const digitalZoom = digitalZoomNotice(micronsPerPixel, magnification);
  const draftShape: Shape | null = useMemo(() => {
    if (!draft) return null;
    if (draft.kind === "RECTANGLE") return { kind: "RECTANGLE", geometry: normalizeRectangle(draft.start, draft.end, widthPx, heightPx) };
    return { kind: "FREEHAND", geometry: { points: draft.points } };
  }, [draft, widthPx, heightPx]);
  const canAnnotate = caseId !== null;
  const toolButton = (value: Tool, label: string) => (
    <button
      type="button"
      className="btn aria-pressed:border-sky-600 aria-pressed:bg-sky-50 aria-pressed:ring-2 aria-pressed:ring-sky-600 dark:aria-pressed:bg-sky-950"
      aria-pressed={tool === value}
      disabled={value !== "pan" && !canAnnotate}
      onClick={() => {
        cancelDrawing();
        setTool(value);
      }}
    >
      {label}
    </button>
  );

  return (
    <div className="space-y-3" onKeyDown={onKeyDown}>
      <div className="flex flex-wrap items-center gap-2">
        <div role="toolbar" aria-label="Annotation tools" className="flex gap-1">
          {toolButton("pan", "Pan")}
          {toolButton("rectangle", "Rectangle")}
          {toolButton("freehand", "Free-hand")}
        </div>
        <div role="toolbar" aria-label="Zoom" className="flex gap-1">
          <button type="button" className="btn" onClick={() => zoom(ZOOM_STEP)} aria-keyshortcuts="+">Zoom in</button>
          <button type="button" className="btn" onClick={() => zoom(1 / ZOOM_STEP)} aria-keyshortcuts="-">Zoom out</button>
          <button type="button" className="btn" onClick={() => viewerRef.current?.viewport.goHome()}>Whole slide</button>
        </div>
        {cases.length > 0 ? (
          <div className="flex items-center gap-1 text-sm">
            <label htmlFor="annotation-case" className="whitespace-nowrap">Annotations for</label>
            <select id="annotation-case" className="field w-auto max-w-xs" value={caseId ?? ""} onChange={(e) => setCaseId(e.target.value)}>
              {cases.map((c) => (
                <option key={c.id} value={c.id}>{c.boardName}: {c.clinicalQuestion.slice(0, 60)}</option>
              ))}
            </select>
          </div>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">Annotations are kept per case; this patient has no case on your boards.</p>
        )}
        <span className="ml-auto text-sm tabular-nums text-slate-600 dark:text-slate-400" aria-label="Magnification">
          {magnification ? `≈ ${formatMagnification(magnification)}` : ""}
        </span>
        {digitalZoom && (
          <span role="status" className="rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
            {digitalZoom}
          </span>
        )}
      </div>

      <div
        className="relative h-[70vh] min-h-96 overflow-hidden rounded border border-slate-300 bg-slate-200 dark:border-slate-700 dark:bg-slate-950"
        role="group"
        aria-label={`Slide ${slide.label}`}
        aria-busy={!loaded}
      >
        <div ref={containerRef} className="absolute inset-0" data-testid="slide-canvas" />
        <div
          ref={overlayRef}
          tabIndex={-1}
          aria-label={tool === "pan" ? undefined : `Drawing area: drag to draw a ${tool === "rectangle" ? "rectangle" : "free-hand outline"}; Escape cancels`}
          className={`absolute inset-0 outline-none ${tool === "pan" ? "pointer-events-none" : "cursor-crosshair"}`}
          onPointerDown={onPointerDown}
          onPointerMove={onPointerMove}
          onPointerUp={onPointerUp}
          onPointerCancel={cancelDrawing}
        >
          {view && (
            <svg className="slide-annotations pointer-events-none absolute inset-0 h-full w-full" aria-hidden="true">
              {(annotations.data ?? []).map((a) => (
                <ShapeOutline key={a.id} shape={asShape(a)} view={view} label={a.label} className={a.id === highlighted ? "slide-annotation selected" : "slide-annotation"} />
              ))}
              {pending && <ShapeOutline shape={pending} view={view} className="slide-annotation draft" />}
              {draftShape && <ShapeOutline shape={draftShape} view={view} className="slide-annotation draft" />}
            </svg>
          )}
        </div>
        {scaleBar && (
          <div className="pointer-events-none absolute bottom-3 left-3 rounded bg-white/85 px-2 py-1 text-xs font-medium text-slate-900 shadow dark:bg-slate-900/85 dark:text-slate-100" role="img" aria-label={`Scale bar: ${scaleBar.label}`}>
            <div className="h-1.5 border-x-2 border-b-2 border-current" style={{ width: `${scaleBar.widthPx}px` }} />
            <div className="mt-0.5 text-center tabular-nums" style={{ width: `${scaleBar.widthPx}px` }}>{scaleBar.label}</div>
          </div>
        )}
        {!micronsPerPixel && (
          <p className="pointer-events-none absolute bottom-3 left-3 rounded bg-white/85 px-2 py-1 text-xs dark:bg-slate-900/85">No pixel spacing in the file: no scale bar.</p>
        )}
        {openError && <p role="alert" className="absolute inset-x-0 top-1/3 mx-auto w-fit rounded bg-white p-3 text-sm dark:bg-slate-900">{openError}</p>}
      </div>
      <style>{`
        .slide-annotation rect, .slide-annotation polygon { fill: rgb(251 191 36 / 0.12); stroke: #f59e0b; stroke-width: 2; }
        .slide-annotation.selected rect, .slide-annotation.selected polygon { stroke: #e11d48; stroke-width: 3; }
        .slide-annotation.draft rect, .slide-annotation.draft polygon { fill: rgb(14 165 233 / 0.12); stroke: #0284c7; stroke-dasharray: 6 4; }
        .slide-annotation-label { font: 600 12px ui-sans-serif, system-ui, sans-serif; fill: #111827; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
      `}</style>

      {pending && (
        <form
          aria-label="Save annotation"
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            void savePending();
          }}
        >
          <div>
            <label className="label" htmlFor="annotation-label">Label (optional)</label>
            <input id="annotation-label" autoFocus className="field w-72" maxLength={200} value={pendingLabel} onChange={(e) => setPendingLabel(e.target.value)} />
          </div>
          <button type="submit" className="btn-primary" disabled={create.isPending}>Save annotation</button>
          <button type="button" className="btn" onClick={cancelDrawing}>Discard</button>
          <span className="text-xs text-slate-500">Escape discards</span>
        </form>
      )}
      <p role="status" aria-live="polite" className="min-h-5 text-sm">{message ?? (loaded ? "" : "Loading tiles…")}</p>

      <section aria-labelledby="annotations-heading" className="space-y-1">
        <h2 id="annotations-heading" className="text-sm font-semibold">Annotations</h2>
        {annotations.error && <p role="alert" className="text-sm">{annotations.error.message}</p>}
        {canAnnotate && annotations.data?.length === 0 && <p className="text-sm text-slate-500">None yet. Choose Rectangle or Free-hand and draw on the slide.</p>}
        {(annotations.data?.length ?? 0) > 0 && (
          <ul aria-label="Annotations" className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {annotations.data!.map((a) => {
              const name = a.label || (a.kind === "RECTANGLE" ? "Rectangle" : "Free-hand outline");
              return (
                <li key={a.id} className={`flex items-center gap-2 py-1 ${a.id === highlighted ? "font-medium" : ""}`}>
                  <span className="min-w-0 flex-1">
                    {name}
                    <span className="block text-xs text-slate-500">
                      {a.kind === "RECTANGLE" ? "Rectangle" : "Free-hand"} · {a.author.name} · {formatDate(a.createdAt)}
                    </span>
                  </span>
                  <button type="button" className="btn" onClick={() => showAnnotation(a)} aria-label={`Show ${name}`}>Show</button>
                  {a.canDelete && (
                    <button type="button" className="btn" onClick={() => void deleteAnnotation(a)} disabled={remove.isPending} aria-label={`Delete ${name}`}>
                      Delete
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <p className="text-xs text-slate-500">Keys: + and − zoom, arrows pan, 0 shows the whole slide (with the slide focused), Escape cancels drawing.</p>
    </div>
  );
}
