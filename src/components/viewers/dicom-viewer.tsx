"use client";

import dynamic from "next/dynamic";
import { useCallback, useMemo, useState, type ReactNode } from "react";
import type { FindingMark } from "./finding-outline";
import { assignPanels, gridOf, layoutOf, LAYOUTS, type LayoutId } from "./layouts";
import { MeasurementsSection } from "./measurements-section";
import { SeriesBrowser } from "./series-browser";
import { firstImageSeries, StackPanel, type LinkTarget } from "./stack-panel";
import { useStudySeries } from "./use-study-series";
import type { ExpertLayerView, Measurement, StackView, StudyChoice, Voi } from "./viewer-types";

export type { StudyChoice } from "./viewer-types";
// For usePreloadDicomViewer (dicom-viewer-loader.tsx), which reaches this module only through its dynamic import.
export { preloadCornerstoneToolsCode } from "./cornerstone-tools";

// The reformat needs volume rendering: loaded only when the reader asks for it.
const MprPanel = dynamic(() => import("./mpr-panel").then((m) => m.MprPanel), { ssr: false, loading: () => <p className="text-sm">Loading the reformat…</p> });

const GRID_COLUMNS: Record<number, string> = { 1: "grid-cols-1", 2: "grid-cols-1 lg:grid-cols-2", 3: "grid-cols-1 lg:grid-cols-3" };

/**
 * The radiology viewer: a series browser, a layout of stack panels (1×1, 1×2, 2×2) with the current study, its prior
 * for comparison and further series, linked scrolling between them, and a multiplanar reformat of a CT volume.
 * Loaded client-side only (next/dynamic, ssr: false).
 */
export default function DicomViewer(props: {
  studies: StudyChoice[];
  initialStudyUid: string;
  initialSeriesUid?: string;
  initialSopInstanceUid?: string;
  /** Live follow: the series, slice and window to show, driven from outside; they win over local choices. */
  seriesUid?: string;
  followImageIndex?: number;
  followVoi?: Voi;
  /** Called when a series thumbnail is chosen (a controlling parent then passes it back as seriesUid). */
  onSeriesChange?: (seriesUid: string) => void;
  /** Called whenever the current study's series, slice or window changes. */
  onViewChange?: (view: StackView & { studyUid: string }) => void;
  /** When given, each measurement can be kept for the board (a finding the decision summary picks up). */
  keepMeasurementsFor?: { patientId: string };
  /** Rendered beside each measurement: how an outside expert keeps it in their own layer. */
  measurementAction?: (measurement: Measurement & { studyInstanceUid: string }) => ReactNode;
  /** The finding the viewer was opened from: its outline is drawn on the current study's images. */
  mark?: FindingMark;
  /** Outside experts' kept annotations, drawn read-only on the current study's panel. */
  expertLayers?: ExpertLayerView[];
}) {
  const study = props.studies.find((s) => s.studyInstanceUid === props.initialStudyUid) ?? props.studies[0];
  const [priorUid, setPriorUid] = useState("");
  const prior = props.studies.find((s) => s.studyInstanceUid === priorUid);
  const series = useStudySeries(study);
  const priorSeries = useStudySeries(prior);
  const [chosenSeriesUid, setSeriesUid] = useState(props.initialSeriesUid);
  const seriesUid = props.seriesUid ?? chosenSeriesUid ?? firstImageSeries(series)?.seriesInstanceUid;
  const [layoutId, setLayoutId] = useState<LayoutId>("1x1");
  const [linked, setLinked] = useState(true);
  const [linkTarget, setLinkTarget] = useState<(LinkTarget & { from: string }) | null>(null);
  const [measurementsByPanel, setMeasurementsByPanel] = useState<Record<string, (Measurement & { studyInstanceUid: string })[]>>({});
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(new Map());
  const { onViewChange } = props;

  const layout = layoutOf(layoutId);
  const panels = useMemo(() => {
    if (!study || layout.id === "mpr") return [];
    const withSeries = { ...study, series };
    const priorWithSeries = prior && priorSeries.length > 0 ? { study: { ...prior, series: priorSeries }, seriesUid: firstImageSeries(priorSeries)?.seriesInstanceUid } : undefined;
    return assignPanels(layout, { study: withSeries, seriesUid }, priorWithSeries);
  }, [layout, study, series, prior, priorSeries, seriesUid]);
  const onPanelMeasurements = useCallback(
    (key: string, studyInstanceUid: string) => (list: Measurement[]) => setMeasurementsByPanel((all) => ({ ...all, [key]: list.map((m) => ({ ...m, studyInstanceUid })) })),
    [],
  );

  if (!study) return <p className="text-sm">No images for this patient yet.</p>;
  const others = props.studies.filter((s) => s.studyInstanceUid !== study.studyInstanceUid);
  const grid = gridOf(layout, panels.length);
  const measurements = panels.flatMap((p) => measurementsByPanel[p.key] ?? []);
  const mprSeries = series.find((s) => s.seriesInstanceUid === seriesUid);

  return (
    <div className="flex gap-3">
      <SeriesBrowser
        study={study}
        series={series}
        chosenUid={seriesUid}
        onChoose={(uid) => {
          setSeriesUid(uid);
          props.onSeriesChange?.(uid);
        }}
      />
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-3 text-sm">
          <div role="group" aria-label="Layout" className="flex gap-1">
            {LAYOUTS.map((l) => (
              <button key={l.id} type="button" className="btn" aria-pressed={layoutId === l.id} title={l.description} aria-label={`Layout ${l.label}: ${l.description}`} onClick={() => setLayoutId(l.id)}>
                {l.label}
              </button>
            ))}
          </div>
          <label htmlFor="compare-study">Compare with</label>
          <select id="compare-study" className="field w-auto" value={priorUid} onChange={(e) => setPriorUid(e.target.value)} disabled={others.length === 0}>
            <option value="">{others.length ? "— no comparison —" : "no other study"}</option>
            {others.map((s) => (
              <option key={s.studyInstanceUid} value={s.studyInstanceUid}>
                {s.dateLabel} {s.modality} {s.description}
              </option>
            ))}
          </select>
          {panels.length > 1 && (
            <label className="flex items-center gap-1">
              <input type="checkbox" checked={linked} onChange={(e) => setLinked(e.target.checked)} />
              Link scrolling
            </label>
          )}
        </div>
        {layout.id === "mpr" ? (
          mprSeries ? (
            <MprPanel study={study} series={mprSeries} />
          ) : (
            <p className="text-sm">Choose a CT series to reformat.</p>
          )
        ) : (
          <div className={`grid gap-2 ${GRID_COLUMNS[grid.columns] ?? "grid-cols-2"}`}>
            {panels.map((panel, i) => (
              <StackPanel
                key={panel.key}
                label={panel.label}
                study={panel.study}
                series={panel.study.series}
                initialSeriesUid={panel.seriesUid}
                initialSopInstanceUid={i === 0 ? props.initialSopInstanceUid : undefined}
                onMeasurementsChange={onPanelMeasurements(panel.key, panel.study.studyInstanceUid)}
                mark={panel.role === "current" && i === 0 ? props.mark : undefined}
                expertLayers={panel.role === "current" && i === 0 ? props.expertLayers : undefined}
                followImageIndex={i === 0 ? props.followImageIndex : undefined}
                followVoi={i === 0 ? props.followVoi : undefined}
                linkTarget={linked && linkTarget && linkTarget.from !== panel.key ? linkTarget : undefined}
                onReaderScroll={(slice) => setLinkTarget((t) => ({ from: panel.key, position: slice.position, fraction: slice.fraction, seq: (t?.seq ?? 0) + 1 }))}
                onViewChange={i === 0 && onViewChange ? (view) => onViewChange({ ...view, studyUid: study.studyInstanceUid }) : undefined}
              />
            ))}
          </div>
        )}
        <MeasurementsSection measurements={measurements} labels={labels} onLabel={(id, label) => setLabels((all) => new Map(all).set(id, label))} keepFor={props.keepMeasurementsFor} action={props.measurementAction} />
      </div>
    </div>
  );
}
