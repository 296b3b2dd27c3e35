"use client";

import { useQuery } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { Badge } from "@/components/badge";
import type { AppRouter } from "@/server/api/root";
import { useTRPC } from "@/trpc/react";
import { formatDate } from "@/domain/dates/format-date";
import { ProgressBar } from "./progress-bar";
import { UploadSlideForm } from "./upload-slide-form";

type SlideList = inferRouterOutputs<AppRouter>["slide"]["listForPatient"];

const FORMAT_LABELS = { APERIO_SVS: "Aperio SVS", TIFF: "Tiled TIFF", DICOM_WSI: "DICOM WSI" } as const;

/**
 * A patient's slides, with their conversion state, links into the viewer (on the given case, so annotations are kept
 * there) and the upload form. For the case page and the slide list page.
 */
export function PatientSlides({ patientId, caseId, maxUploadBytes, initial }: { patientId: string; caseId: string | null; maxUploadBytes: number; initial?: SlideList }) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.slide.listForPatient.queryOptions(
      { patientId },
      {
        // The page already loaded (and audited) the list: no second request on arrival.
        initialData: initial,
        refetchInterval: (query) => (query.state.data?.slides.some((s) => s.importStatus === "CONVERTING" || s.importStatus === "PENDING") ? 2000 : false),
      },
    ),
  );
  const slides = list.data?.slides ?? [];

  return (
    <section className="card space-y-3" aria-labelledby="slides-heading">
      <h2 id="slides-heading" className="text-base font-semibold">Pathology slides</h2>
      {list.isPending && <p role="status" className="text-sm">Loading slides…</p>}
      {list.error && <p role="alert" className="text-sm">{list.error.message}</p>}
      {list.data && slides.length === 0 && <p className="text-sm text-slate-500">No slides for this patient yet.</p>}
      {slides.length > 0 && (
        <table className="data-table" aria-label="Slides">
          <thead>
            <tr>
              <th scope="col">Slide</th>
              <th scope="col">Specimen</th>
              <th scope="col">Stain</th>
              <th scope="col">Format</th>
              <th scope="col">Scanned</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {slides.map((s) => (
              <tr key={s.id}>
                <td>
                  {s.importStatus === "READY" ? (
                    <Link className="link font-medium" href={`/slides/${s.id}${caseId ? `?case=${caseId}` : ""}`}>{s.label}</Link>
                  ) : (
                    <span className="font-medium">{s.label}</span>
                  )}
                  <div className="text-xs text-slate-500">
                    {s.widthPx.toLocaleString("en-GB")} × {s.heightPx.toLocaleString("en-GB")} px{s.micronsPerPixel ? ` · ${s.micronsPerPixel} µm/px` : ""}
                  </div>
                </td>
                <td>{s.specimen}</td>
                <td>{s.stain}</td>
                <td>{FORMAT_LABELS[s.format]}</td>
                <td className="whitespace-nowrap">{formatDate(s.acquiredAt)}</td>
                <td className="min-w-40">
                  {s.importStatus === "READY" && <Badge tone="good">Ready</Badge>}
                  {s.importStatus === "FAILED" && <Badge tone="bad" label={`Failed: ${s.importError ?? ""}`}>Failed</Badge>}
                  {s.importStatus === "FAILED" && s.importError && <div className="text-xs">{s.importError}</div>}
                  {(s.importStatus === "CONVERTING" || s.importStatus === "PENDING") && (
                    <ProgressBar label={`Converting ${s.label}`} fraction={s.importProgress} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="rounded border border-slate-200 p-3 dark:border-slate-800">
        <h3 className="mb-2 text-sm font-semibold">Upload a slide</h3>
        <UploadSlideForm patientId={patientId} caseId={caseId} maxUploadBytes={maxUploadBytes} />
      </div>
    </section>
  );
}
