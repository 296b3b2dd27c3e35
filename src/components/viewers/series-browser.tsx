"use client";

import { useState } from "react";
import { thumbnailUrlOf } from "./data-source";
import { isImageSeries } from "./series-kinds";
import type { SeriesChoice, StudyChoice } from "./viewer-types";

const NON_IMAGE_NAMES: Record<string, string> = { SR: "Report", SEG: "Segmentation", PR: "Presentation state", KO: "Key images", RTSTRUCT: "Contours", DOC: "Document" };

/** The server renders thumbnails for most images; one that fails shows a plain tile rather than a broken image. */
function SeriesThumbnail({ src, alt }: { src: string; alt: string }) {
  const [failed, setFailed] = useState(false);
  if (failed) {
    return <span className="mb-1 flex aspect-square w-full items-center justify-center bg-black text-slate-400">No preview</span>;
  }
  return <img src={src} alt={alt} onError={() => setFailed(true)} className="mb-1 aspect-square w-full bg-black object-contain" loading="lazy" />;
}

/** The study's series as thumbnails; a series without pixels (a report, a segmentation) says what it is instead. */
export function SeriesBrowser(props: { study: StudyChoice; series: SeriesChoice[]; chosenUid: string | undefined; onChoose: (seriesUid: string) => void }) {
  return (
    <nav aria-label="Series" className="w-36 shrink-0 space-y-2">
      {props.series.length === 0 && <p className="text-xs text-slate-500">Looking up the series…</p>}
      {props.series.map((s) => (
        <button
          key={s.seriesInstanceUid}
          type="button"
          aria-pressed={s.seriesInstanceUid === props.chosenUid}
          onClick={() => props.onChoose(s.seriesInstanceUid)}
          className="block w-full rounded border border-slate-300 p-1 text-left text-xs aria-pressed:border-sky-600 aria-pressed:ring-2 aria-pressed:ring-sky-600 dark:border-slate-700"
        >
          {isImageSeries(s) ? (
            <SeriesThumbnail src={thumbnailUrlOf(props.study, s.seriesInstanceUid)} alt={`Thumbnail of ${s.modality} series ${s.description || ""}`.trim()} />
          ) : (
            <span className="mb-1 flex aspect-square w-full items-center justify-center bg-slate-800 text-center text-slate-300">{NON_IMAGE_NAMES[s.modality] ?? s.modality}</span>
          )}
          {s.modality} {s.description || "(no description)"}
          <span className="block text-slate-500">{s.numberOfInstances} {isImageSeries(s) ? "images" : "objects"}</span>
        </button>
      ))}
    </nav>
  );
}
