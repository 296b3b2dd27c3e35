"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { loadCornerstoneTools } from "./cornerstone-tools";
import { describeStack, removeSegOverlay, setSegmentVisible, setSegOverlayOpacity, showSegOverlay } from "./seg-overlay-cornerstone";
import { fetchSegDocuments, fetchSegFrames, mapFramesToStack, planLayers, SegOverlayError, type SegDocument } from "./seg-overlay-model";
import type { SeriesChoice } from "./viewer-types";

interface Entry {
  /** The SEG's SOP Instance UID: one entry per SEG instance. */
  key: string;
  seriesUrl: string;
  doc: SegDocument;
  status: "idle" | "loading" | "shown" | "error";
  /** Shown as an alert: why the SEG cannot be drawn, or what part of it is not. */
  problem: string | null;
  /** Segments with pixels on this stack, known once the SEG is loaded. */
  drawn: Set<number> | null;
  visible: Set<number>;
  opacity: number;
}

const DEFAULT_OPACITY = 0.5;
const rgb = (c: [number, number, number]) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;

/**
 * The DICOM SEG objects of the study, listed beside the stack: each segment with its colour and a checkbox that draws
 * it over the images (the SEG is fetched the first time one of its segments is turned on), and an opacity slider.
 */
export function SegOverlayPanel(props: {
  label: string;
  viewportId: string;
  seriesUrlOf: (seriesInstanceUid: string) => string;
  /** The study's SEG series. */
  segSeries: SeriesChoice[];
  /** All the study's series, to name the one a SEG was drawn on. */
  allSeries: SeriesChoice[];
  imageIds: string[];
  sopInstanceUids: string[];
  /** Labelmaps are drawn with WebGL only: whether the viewport is on it, will be once asked, or never can be. */
  webGl: "ready" | "not-yet" | "unavailable";
  /** Asks for the viewport to be rebuilt on WebGL; the overlays asked for meanwhile are drawn once it is. */
  onNeedWebGl: () => void;
}) {
  const { viewportId, seriesUrlOf, segSeries, allSeries, imageIds, sopInstanceUids, webGl, onNeedWebGl } = props;
  /** Overlays asked for while the viewport was not on WebGL yet. */
  const waitingForWebGl = useRef(new Set<string>());
  const uid = useId().replace(/[^a-zA-Z0-9]/g, "");
  const [entries, setEntries] = useState<Entry[]>([]);
  const [listing, setListing] = useState<"loading" | "ready" | "error">("loading");
  // What the reader asked for, read after an asynchronous load (state would be stale in the closure).
  const wanted = useRef(new Map<string, { visible: Set<number>; opacity: number }>());
  const alive = useRef(true);
  const segSeriesKey = segSeries.map((s) => s.seriesInstanceUid).join(",");

  useEffect(() => {
    let cancelled = false;
    alive.current = true;
    Promise.allSettled(segSeries.map((s) => fetchSegDocuments(seriesUrlOf(s.seriesInstanceUid)).then((docs) => ({ url: seriesUrlOf(s.seriesInstanceUid), docs }))))
      .then((results) => {
        if (cancelled) return;
        const list: Entry[] = [];
        for (const result of results) {
          if (result.status !== "fulfilled") continue;
          for (const doc of result.value.docs) {
            list.push({ key: doc.sopInstanceUid, seriesUrl: result.value.url, doc, status: "idle", problem: null, drawn: null, visible: new Set(), opacity: DEFAULT_OPACITY });
          }
        }
        setEntries(list);
        setListing(results.some((r) => r.status === "rejected") ? "error" : "ready");
      });
    const shownHere = wanted.current;
    return () => {
      cancelled = true;
      alive.current = false;
      for (const key of shownHere.keys()) removeSegOverlay(viewportId, key);
      shownHere.clear();
    };
    // The SEG series of a study do not change while the panel is mounted; the key says when they do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [segSeriesKey, viewportId]);

  const update = useCallback((key: string, change: Partial<Entry>) => {
    setEntries((list) => list.map((e) => (e.key === key ? { ...e, ...change } : e)));
  }, []);

  const load = useCallback(
    async (entry: Entry) => {
      update(entry.key, { status: "loading", problem: null });
      try {
        if (webGl === "unavailable") throw new SegOverlayError("Segmentation overlays are drawn with WebGL, which this browser does not offer.");
        if (webGl === "not-yet") {
          waitingForWebGl.current.add(entry.key);
          onNeedWebGl();
          return;
        }
        const { doc } = entry;
        const stack = describeStack(imageIds, sopInstanceUids);
        const sized = stack.find((s) => s.rows && s.columns);
        if (sized && (sized.rows !== doc.rows || sized.columns !== doc.columns)) {
          throw new SegOverlayError(`This segmentation is ${doc.columns}×${doc.rows} pixels and the images shown are ${sized.columns}×${sized.rows}: it cannot be laid over them.`);
        }
        const stackIndexOfFrame = mapFramesToStack(doc, stack);
        const mapped = stackIndexOfFrame.filter((i) => i !== undefined).length;
        if (mapped === 0) {
          const source = allSeries.find((s) => doc.referencedSeriesUids.includes(s.seriesInstanceUid));
          const where = source ? `the series “${source.modality} ${source.description || "(no description)"}”` : "images that are not in this series";
          throw new SegOverlayError(`“${doc.title}” was drawn on ${where}, not on the images shown here: choose that series to see it.`);
        }
        // Drawn with Cornerstone's tools, which arrive after the first image: asked for with the frames.
        const [frames] = await Promise.all([fetchSegFrames(entry.seriesUrl, doc), loadCornerstoneTools()]);
        const plan = planLayers(doc, frames, stackIndexOfFrame);
        if (!alive.current) return;
        const want = wanted.current.get(entry.key) ?? { visible: new Set<number>(), opacity: DEFAULT_OPACITY };
        showSegOverlay({ viewportId, overlayId: entry.key, label: doc.title, imageIds, plan, segments: doc.segments, visible: want.visible, opacity: want.opacity });
        const missing = doc.numberOfFrames - mapped;
        update(entry.key, {
          status: "shown",
          drawn: plan.drawn,
          problem: missing > 0 ? `${missing} of ${doc.numberOfFrames} frames of “${doc.title}” lie on images not in this series and are not drawn.` : null,
        });
      } catch (error) {
        if (!alive.current) return;
        const message = error instanceof SegOverlayError ? error.message : "The segmentation could not be shown.";
        wanted.current.delete(entry.key);
        update(entry.key, { status: "error", problem: message, visible: new Set() });
      }
    },
    [allSeries, imageIds, sopInstanceUids, update, viewportId, webGl, onNeedWebGl],
  );

  // The viewport is on WebGL now: draw what was asked for meanwhile.
  useEffect(() => {
    if (webGl === "not-yet" || waitingForWebGl.current.size === 0) return;
    const keys = new Set(waitingForWebGl.current);
    waitingForWebGl.current.clear();
    for (const entry of entries) if (keys.has(entry.key)) void load(entry);
  }, [webGl, entries, load]);

  const toggle = (entry: Entry, segment: number, on: boolean) => {
    const want = wanted.current.get(entry.key) ?? { visible: new Set<number>(entry.visible), opacity: entry.opacity };
    const visible = new Set(want.visible);
    if (on) visible.add(segment);
    else visible.delete(segment);
    wanted.current.set(entry.key, { ...want, visible });
    update(entry.key, { visible });
    if (entry.status === "shown") setSegmentVisible(viewportId, entry.key, segment, on);
    else if (on && entry.status !== "loading") void load(entry);
  };

  const setOpacity = (entry: Entry, opacity: number) => {
    const want = wanted.current.get(entry.key) ?? { visible: new Set<number>(entry.visible), opacity };
    wanted.current.set(entry.key, { ...want, opacity });
    update(entry.key, { opacity });
    if (entry.status === "shown") setSegOverlayOpacity(viewportId, entry.key, opacity);
  };

  return (
    <section aria-label={`${props.label} segmentations`} className="rounded border border-slate-300 p-2 text-sm dark:border-slate-700">
      <h3 className="mb-1 font-semibold">Segmentations</h3>
      {listing === "loading" && <p className="text-xs text-slate-500">Looking up the segmentations…</p>}
      {listing === "error" && (
        <p role="alert" className="rounded bg-rose-50 px-2 py-1 text-rose-800 dark:bg-rose-950 dark:text-rose-200">
          Some segmentations of this study could not be listed.
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        {entries.map((entry) => {
          const legendId = `seg-${uid}-${entry.key.replace(/[^0-9]/g, "")}`;
          return (
            <fieldset key={entry.key} aria-labelledby={legendId} aria-busy={entry.status === "loading"} className="min-w-48 rounded border border-slate-200 p-2 dark:border-slate-800">
              <legend id={legendId} className="px-1 font-medium">
                {entry.doc.title}
              </legend>
              <ul className="space-y-1">
                {entry.doc.segments.map((segment) => {
                  const absent = entry.drawn !== null && !entry.drawn.has(segment.number);
                  return (
                    <li key={segment.number}>
                      <label className="flex items-center gap-2">
                        <input
                          type="checkbox"
                          checked={entry.visible.has(segment.number) && !absent}
                          disabled={absent || entry.status === "error"}
                          onChange={(e) => toggle(entry, segment.number, e.target.checked)}
                        />
                        <span aria-hidden className="inline-block h-3 w-3 rounded-sm border border-black/20" style={{ backgroundColor: rgb(segment.color) }} />
                        <span>{segment.label}</span>
                        {absent && <span className="text-xs text-slate-500">(not on these images)</span>}
                      </label>
                    </li>
                  );
                })}
              </ul>
              <label className="mt-2 flex items-center gap-2 text-xs">
                <span>Opacity</span>
                <input
                  type="range"
                  min={0}
                  max={100}
                  step={5}
                  value={Math.round(entry.opacity * 100)}
                  aria-label={`Opacity of ${entry.doc.title}`}
                  aria-valuetext={`${Math.round(entry.opacity * 100)}%`}
                  onChange={(e) => setOpacity(entry, Number(e.target.value) / 100)}
                />
              </label>
              {entry.status === "loading" && <p className="text-xs text-slate-500" role="status">Loading the segmentation…</p>}
              {entry.problem && (
                <p role="alert" className="mt-1 rounded bg-rose-50 px-2 py-1 text-rose-800 dark:bg-rose-950 dark:text-rose-200">
                  {entry.problem}
                </p>
              )}
            </fieldset>
          );
        })}
      </div>
    </section>
  );
}
