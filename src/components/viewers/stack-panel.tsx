"use client";

import { useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import { cornerstoneToolsIfLoaded, loadCornerstoneTools } from "./cornerstone-tools";
import { seriesUrlOf } from "./data-source";
import { FindingOutline, markedImagesText, type FindingMark } from "./finding-outline";
import { linkedIndex } from "./layouts";
import { ExpertLayers } from "./expert-layer";
import { SegOverlayPanel } from "./seg-overlay";
import { firstImageSeries } from "./series-kinds";
import { StackToolbar } from "./stack-toolbar";
import { switchPrimaryTool, type PrimaryTool } from "./tools";
import { useStackPrefetch } from "./use-stack-prefetch";
import { useStackViewport, type SliceChange } from "./use-stack-viewport";
import type { ExpertLayerView, Measurement, SeriesChoice, StackView, StudyChoice, Voi } from "./viewer-types";
import { PrefetchBar, SliceScrollbar, ViewportOverlay } from "./viewport-overlay";
import { voiRangeOf, WINDOW_PRESETS, type WindowPreset } from "./window-presets";

export { firstImageSeries };

/** Where linked panels scroll to: the leading panel's slice position; `seq` makes a repeat of the same place count. */
export interface LinkTarget {
  position: number | null;
  fraction: number;
  seq: number;
}

/**
 * One Cornerstone3D stack viewport with its toolbar, overlays, scroll bar and prefetch: wheel and arrow keys scroll,
 * left drag sets window/level (or measures), middle drag pans, right drag zooms; C plays cine, 1-5 apply presets.
 */
export function StackPanel(props: {
  label: string;
  study: Pick<StudyChoice, "dicomwebBase" | "studyInstanceUid">;
  series: SeriesChoice[];
  initialSeriesUid?: string;
  initialSopInstanceUid?: string;
  onMeasurementsChange?: (measurements: Measurement[]) => void;
  /** Driven from outside (live follow): the slice and window to show; applied whenever they change. */
  followImageIndex?: number;
  followVoi?: Voi;
  /** Called when the slice, the window or the series changes, whoever changed it. */
  onViewChange?: (view: StackView) => void;
  /** Linked scrolling: where the leading panel is, and how this panel tells the others it is leading. */
  linkTarget?: LinkTarget;
  onReaderScroll?: (slice: SliceChange) => void;
  /** A finding's outline to draw on the images it was drawn on (the viewer was opened from that finding). */
  mark?: FindingMark;
  /** Outside experts' kept annotations, drawn read-only (expert-layer.tsx). */
  expertLayers?: ExpertLayerView[];
}) {
  const { study, series } = props;
  const uid = useId().replace(/[^a-zA-Z0-9]/g, "");
  const elementRef = useRef<HTMLDivElement>(null);
  const [seriesUid, setSeriesUid] = useState(props.initialSeriesUid ?? firstImageSeries(series)?.seriesInstanceUid ?? "");
  const [tool, setTool] = useState<PrimaryTool>("WindowLevel");
  // Read when the tool group is created (the tools arrive after the first image) and when the tool is switched.
  const toolRef = useRef<PrimaryTool>("WindowLevel");
  const [cine, setCine] = useState(false);
  const cineRef = useRef(false);
  const [showMark, setShowMark] = useState(true);
  // Turned on the first time a segmentation overlay is asked for on a CPU-rendered panel (it needs WebGL).
  const [segWebGl, setSegWebGl] = useState(false);
  const toolGroupId = `tools-${uid}`;
  const viewportId = `viewport-${uid}`;

  // What live follow publishes: slice and window together, reported once per change.
  const reported = useRef<{ imageIndex: number; voi?: Voi } | null>(null);
  const report = (next: { imageIndex: number; voi?: Voi }) => {
    const merged = { imageIndex: next.imageIndex, voi: next.voi ?? reported.current?.voi };
    const before = reported.current;
    if (before && before.imageIndex === merged.imageIndex && before.voi?.windowCenter === merged.voi?.windowCenter && before.voi?.windowWidth === merged.voi?.windowWidth) return;
    reported.current = merged;
    props.onViewChange?.({ seriesUid, ...merged });
  };

  const { state, viewportRef, showIndexFromOutside } = useStackViewport(
    elementRef,
    { engineId: `engine-${uid}`, viewportId, toolGroupId },
    { seriesUrl: seriesUrlOf(study, seriesUid), seriesUid, webGl: segWebGl },
    {
      startIndex: (stack) =>
        props.followImageIndex !== undefined
          ? props.followImageIndex
          : props.initialSopInstanceUid
            ? Math.max(0, stack.sopInstanceUids.indexOf(props.initialSopInstanceUid))
            : props.linkTarget
              ? linkedIndex(props.linkTarget, stack.positions)
              : Math.floor(stack.imageIds.length / 2),
      mark: props.mark,
      onSlice: (slice) => {
        report({ imageIndex: slice.imageIndex });
        if (!slice.fromOutside) props.onReaderScroll?.(slice);
      },
      onVoi: (voi, imageIndex) => report({ imageIndex, voi }),
      onMeasurements: props.onMeasurementsChange,
      primaryTool: () => toolRef.current,
    },
  );
  const { stack, index, count, status, rendering } = state;
  const overlayWebGl = !rendering || status === "loading" ? "not-yet" : rendering.mode === "gpu" ? "ready" : rendering.reason === "no-webgl" ? "unavailable" : "not-yet";
  const indexRef = useRef(index);
  useEffect(() => {
    indexRef.current = index;
  });
  const progress = useStackPrefetch(stack?.imageIds ?? null, () => indexRef.current);

  // Live follow: the presenter's slice and window, applied as they arrive (once the stack is loaded).
  const { followImageIndex, followVoi, linkTarget } = props;
  useEffect(() => {
    if (followImageIndex !== undefined) showIndexFromOutside(followImageIndex);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [followImageIndex, stack]);
  useEffect(() => {
    if (linkTarget && stack) showIndexFromOutside(linkedIndex(linkTarget, stack.positions));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [linkTarget?.seq, stack]);
  const followCenter = followVoi?.windowCenter;
  const followWidth = followVoi?.windowWidth;
  useEffect(() => {
    const viewport = viewportRef.current;
    if (!viewport || !stack || followCenter === undefined || followWidth === undefined) return;
    viewport.setProperties({ voiRange: voiRangeOf({ width: followWidth, level: followCenter }) });
    viewport.render();
  }, [followCenter, followWidth, stack, viewportRef]);

  const chooseTool = (next: PrimaryTool) => {
    // Before the tools have arrived there is no tool group yet: the choice is kept, and the group is created with it.
    const switched = switchPrimaryTool(cornerstoneToolsIfLoaded(), toolGroupId, toolRef.current, next);
    if (!switched && state.toolsReady) return;
    toolRef.current = next;
    setTool(next);
  };
  const showIndex = (target: number) => {
    const viewport = viewportRef.current;
    if (!viewport || count === 0) return;
    void viewport.setImageIdIndex(Math.min(count - 1, Math.max(0, target)));
  };
  const scrollBy = (delta: number) => showIndex((viewportRef.current?.getCurrentImageIdIndex() ?? 0) + delta);
  const applyPreset = (preset: WindowPreset) => {
    const viewport = viewportRef.current;
    if (!viewport) return;
    viewport.setProperties({ voiRange: voiRangeOf(preset) });
    viewport.render();
  };
  const toggleCine = () => {
    const element = elementRef.current;
    if (!element) return;
    const play = !cineRef.current;
    cineRef.current = play;
    setCine(play);
    // Cine is Cornerstone's tools': a C pressed before they arrive plays once they are here (unless pressed again).
    void loadCornerstoneTools()
      .then((tools) => {
        if (cineRef.current !== play || elementRef.current !== element) return;
        if (play) tools.utilities.cine.playClip(element, { framesPerSecond: 12, loop: true });
        else tools.utilities.cine.stopClip(element);
      })
      .catch(() => undefined);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const preset = WINDOW_PRESETS.find((p) => p.key === event.key);
    if (event.key === "ArrowDown" || event.key === "ArrowRight" || event.key === "PageDown") scrollBy(event.key === "PageDown" ? 10 : 1);
    else if (event.key === "ArrowUp" || event.key === "ArrowLeft" || event.key === "PageUp") scrollBy(event.key === "PageUp" ? -10 : -1);
    else if (event.key === "Home") showIndex(0);
    else if (event.key === "End") showIndex(count - 1);
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
      <StackToolbar
        label={props.label}
        uid={uid}
        series={series}
        seriesUid={seriesUid}
        onSeries={setSeriesUid}
        tool={tool}
        onTool={chooseTool}
        cine={cine}
        onCine={toggleCine}
        onPreset={applyPreset}
        rendering={rendering}
        toolsReady={state.toolsReady}
      />
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
          className="relative h-[60vh] min-h-80 w-full bg-black outline-none focus-visible:ring-2 focus-visible:ring-sky-600"
        />
        <ViewportOverlay label={props.label} stack={stack} index={index} count={count} voi={state.voi} markers={state.markers} />
        {props.mark && showMark && <FindingOutline shapes={state.markShapes} label={props.mark.label} />}
        <SliceScrollbar label={props.label} index={index} count={count} onChange={showIndex} />
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 text-xs text-slate-600 dark:text-slate-400">
        <span aria-live="polite">
          Image {count ? index + 1 : 0} of {count} {status === "loading" && "· loading…"}
        </span>
        <PrefetchBar label={props.label} progress={progress} />
        {props.mark && stack && (
          <label className="flex items-center gap-1">
            <input type="checkbox" checked={showMark} onChange={(e) => setShowMark(e.target.checked)} />
            Outline of {props.mark.label} ({markedImagesText(props.mark, stack.sopInstanceUids) ?? "not on this series"})
          </label>
        )}
        <span>Wheel or ↑↓ scroll · C cine · 1–5 presets · R reset · right drag zoom · middle drag pan</span>
      </div>
      {state.error && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-sm text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          {state.error}
        </p>
      )}
      {stack && state.toolsReady && props.expertLayers && (
        <ExpertLayers layers={props.expertLayers} panelLabel={props.label} viewportRef={viewportRef} viewportId={viewportId} studyInstanceUid={study.studyInstanceUid} seriesInstanceUid={seriesUid} stack={stack} onShowImage={showIndex} />
      )}
      {stack && segSeries.length > 0 && (
        <SegOverlayPanel
          key={seriesUid}
          label={props.label}
          viewportId={viewportId}
          seriesUrlOf={(segSeriesUid) => seriesUrlOf(study, segSeriesUid)}
          segSeries={segSeries}
          allSeries={series}
          imageIds={stack.imageIds}
          sopInstanceUids={stack.sopInstanceUids}
          webGl={overlayWebGl}
          onNeedWebGl={() => setSegWebGl(true)}
        />
      )}
    </section>
  );
}
