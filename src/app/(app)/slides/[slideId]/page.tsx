import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { formatCalendarDate, formatDate, patientName, SEX_SHORT } from "@/components/format";
import { Refused } from "@/components/refused";
import { SlideViewerShell } from "@/components/viewers/slide-viewer-shell";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Slide" };

const FORMAT_LABELS = { APERIO_SVS: "Aperio SVS", TIFF: "Tiled TIFF", DICOM_WSI: "DICOM WSI" } as const;

export default async function SlidePage({ params, searchParams }: { params: Promise<{ slideId: string }>; searchParams: Promise<{ case?: string | string[] }> }) {
  const [{ slideId }, query] = await Promise.all([params, searchParams]);
  const requestedCase = typeof query.case === "string" ? query.case : null;
  const api = await getApi();
  const slide = await load(() => api.slide.get({ slideId }));
  if (isRefusal(slide)) return <Refused message={slide.message} />;

  const caseOk = requestedCase !== null && slide.cases.some((c) => c.id === requestedCase);
  const caseId = caseOk ? requestedCase : (slide.cases[0]?.id ?? null);
  const { patient } = slide;

  return (
    <div className="space-y-3">
      <section className="card space-y-1" aria-labelledby="slide-heading">
        <p className="text-sm">
          {/* Not prefetched: rendering those pages on the server would compete with the slide's first view. */}
          {caseId ? <Link className="link" href={`/cases/${caseId}`} prefetch={false}>Case</Link> : "Case"} /{" "}
          <Link className="link" href={caseId ? `/slides?case=${caseId}` : `/slides?patient=${patient.id}`} prefetch={false}>Slides</Link>
        </p>
        <div className="flex flex-wrap items-baseline gap-x-4">
          <h1 id="slide-heading" className="text-xl font-semibold">{slide.label}</h1>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            {patientName(patient)} · MRN {patient.mrn} · born {formatCalendarDate(patient.birthDate)} ({SEX_SHORT[patient.sex]})
          </span>
        </div>
        <dl className="grid grid-cols-2 gap-x-6 gap-y-1 text-sm md:grid-cols-5">
          <div>
            <dt className="label">Stain</dt>
            <dd>{slide.stain}</dd>
          </div>
          <div className="col-span-2">
            <dt className="label">Specimen</dt>
            <dd>{slide.specimen}</dd>
          </div>
          <div>
            <dt className="label">Scanned</dt>
            <dd>{formatDate(slide.acquiredAt)}</dd>
          </div>
          <div>
            <dt className="label">Image</dt>
            <dd>
              {slide.widthPx.toLocaleString("en-GB")} × {slide.heightPx.toLocaleString("en-GB")} px · {FORMAT_LABELS[slide.format]}
              {slide.micronsPerPixel ? ` · ${slide.micronsPerPixel} µm/px` : ""}
            </dd>
          </div>
        </dl>
        {requestedCase !== null && !caseOk && (
          <p role="alert" className="text-sm">The case in the link is not one of this patient&apos;s cases on your boards; choose the case for annotations below.</p>
        )}
      </section>

      {slide.tiles ? (
        <section className="card" aria-label="Slide viewer">
          <SlideViewerShell
            slide={{ id: slide.id, label: slide.label, widthPx: slide.widthPx, heightPx: slide.heightPx, micronsPerPixel: slide.micronsPerPixel, tiles: slide.tiles }}
            cases={slide.cases}
            initialCaseId={caseId}
          />
        </section>
      ) : (
        <section className="card text-sm" aria-label="Slide viewer">
          {slide.importStatus === "FAILED" ? (
            <p role="alert"><Badge tone="bad">Import failed</Badge> {slide.importError}</p>
          ) : slide.importStatus === "CONVERTING" || slide.importStatus === "PENDING" ? (
            <p role="status">This slide is still being converted ({Math.round(slide.importProgress * 100)} %). Reload the page in a moment.</p>
          ) : (
            <p>This slide has no image tiles yet: import the slide file to view it.</p>
          )}
        </section>
      )}
    </div>
  );
}
