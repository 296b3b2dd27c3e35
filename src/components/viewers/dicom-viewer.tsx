"use client";

import { useEffect, useState } from "react";
import type { FindingMark } from "./finding-outline";
import { KeepMeasurementButton } from "./keep-measurement-button";
import { firstImageSeries, StackPanel, type Measurement, type SeriesChoice, type StackView, type Voi } from "./stack-panel";

export interface StudyChoice {
  studyInstanceUid: string;
  /** The DICOMweb root that serves this study: the built-in store or the PACS proxy. */
  dicomwebBase: string;
  /** Preformatted on the server in the hospital's time zone. */
  dateLabel: string;
  modality: string;
  description: string;
  series: SeriesChoice[];
}

/**
 * The radiology viewer: a series browser with thumbnails, the current study's stack, and on request a prior study
 * side by side for comparison. Loaded client-side only (next/dynamic, ssr: false).
 */
type DicomJson = Record<string, { Value?: unknown[] }>;
const text = (json: DicomJson, tag: string) => String(json[tag]?.Value?.[0] ?? "");

/** A PACS study's series are not stored here: they are asked of the PACS (QIDO-RS) when the study is opened. */
function useSeries(study: StudyChoice | undefined): SeriesChoice[] {
  const [fetched, setFetched] = useState<SeriesChoice[]>([]);
  const needed = study !== undefined && study.series.length === 0;
  useEffect(() => {
    if (!needed || !study) return;
    let cancelled = false;
    fetch(`${study.dicomwebBase}/studies/${study.studyInstanceUid}/series`, { headers: { Accept: "application/dicom+json" } })
      .then((r) => (r.ok ? (r.json() as Promise<DicomJson[]>) : []))
      .then((rows) => {
        if (cancelled) return;
        setFetched(
          rows.map((r) => ({
            seriesInstanceUid: text(r, "0020000E"),
            modality: text(r, "00080060"),
            description: text(r, "0008103E"),
            numberOfInstances: Number(text(r, "00201209") || 0),
          })),
        );
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [needed, study]);
  return needed ? fetched : (study?.series ?? []);
}

/** The server renders thumbnails for uncompressed, RLE and JPEG baseline images; others show a plain tile. */
function SeriesThumbnail({ src, alt }: { src: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return <span className="mb-1 flex aspect-square w-full items-center justify-center bg-black text-slate-400">No preview</span>;
  }
  return <img src={src} alt={alt} onError={() => setFailed(true)} className="mb-1 aspect-square w-full bg-black object-contain" loading="lazy" />;
}

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
  /** The finding the viewer was opened from: its outline is drawn on the current study's images. */
  mark?: FindingMark;
}) {
  const study = props.studies.find((s) => s.studyInstanceUid === props.initialStudyUid) ?? props.studies[0];
  const [priorUid, setPriorUid] = useState("");
  const prior = props.studies.find((s) => s.studyInstanceUid === priorUid);
  const series = useSeries(study);
  const priorSeries = useSeries(prior);
  const [chosenSeriesUid, setSeriesUid] = useState(props.initialSeriesUid);
  const seriesUid = props.seriesUid ?? chosenSeriesUid ?? firstImageSeries(series)?.seriesInstanceUid;
  const { onViewChange } = props;
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  if (!study) return <p className="text-sm">No images for this patient yet.</p>;
  const others = props.studies.filter((s) => s.studyInstanceUid !== study.studyInstanceUid);

  return (
    <div className="flex gap-3">
      <nav aria-label="Series" className="w-40 shrink-0 space-y-2">
        {series.length === 0 && <p className="text-xs text-slate-500">Looking up the series…</p>}
        {series.map((s) => (
          <button
            key={s.seriesInstanceUid}
            type="button"
            aria-pressed={s.seriesInstanceUid === seriesUid}
            onClick={() => {
              setSeriesUid(s.seriesInstanceUid);
              props.onSeriesChange?.(s.seriesInstanceUid);
            }}
            className="block w-full rounded border border-slate-300 p-1 text-left text-xs aria-pressed:border-sky-600 aria-pressed:ring-2 aria-pressed:ring-sky-600 dark:border-slate-700"
          >
            <SeriesThumbnail
              src={`${study.dicomwebBase}/studies/${study.studyInstanceUid}/series/${s.seriesInstanceUid}/thumbnail`}
              alt={`Thumbnail of ${s.modality} series ${s.description || ""}`.trim()}
            />
            {s.modality} {s.description || "(no description)"}
            <span className="block text-slate-500">{s.numberOfInstances} images</span>
          </button>
        ))}
      </nav>
      <div className="min-w-0 flex-1 space-y-2">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <label htmlFor="compare-study">Compare with</label>
          <select id="compare-study" className="field w-auto" value={priorUid} onChange={(e) => setPriorUid(e.target.value)} disabled={others.length === 0}>
            <option value="">{others.length ? "— no comparison —" : "no other study"}</option>
            {others.map((s) => (
              <option key={s.studyInstanceUid} value={s.studyInstanceUid}>
                {s.dateLabel} {s.modality} {s.description}
              </option>
            ))}
          </select>
        </div>
        <div className="flex gap-2">
          {prior && priorSeries.length > 0 && (
            <StackPanel
              key={`prior-${prior.studyInstanceUid}`}
              label={`Prior study ${prior.dateLabel}`}
              dicomwebBase={prior.dicomwebBase}
              studyInstanceUid={prior.studyInstanceUid}
              series={priorSeries}
            />
          )}
          {seriesUid && (
          <StackPanel
            key={`current-${study.studyInstanceUid}-${seriesUid}`}
            label={`Current study ${study.dateLabel}`}
            dicomwebBase={study.dicomwebBase}
            studyInstanceUid={study.studyInstanceUid}
            series={series}
            initialSeriesUid={seriesUid}
            initialSopInstanceUid={props.initialSopInstanceUid}
            onMeasurementsChange={setMeasurements}
            mark={props.mark}
            followImageIndex={props.followImageIndex}
            followVoi={props.followVoi}
            onViewChange={onViewChange && ((view) => onViewChange({ ...view, studyUid: study.studyInstanceUid }))}
          />
          )}
        </div>
        {measurements.length > 0 && (
          <section aria-label="Measurements" className="card">
            <h2 className="mb-1 text-sm font-semibold">Measurements</h2>
            <ul className="text-sm">
              {measurements.map((m) => (
                <li key={m.id} className="flex flex-wrap items-center gap-2">
                  <span>{m.text}</span>
                  {props.keepMeasurementsFor && (
                    <KeepMeasurementButton patientId={props.keepMeasurementsFor.patientId} studyInstanceUid={study.studyInstanceUid} measurement={m} />
                  )}
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </div>
  );
}
