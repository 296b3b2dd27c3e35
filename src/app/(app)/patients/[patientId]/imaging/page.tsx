import type { Metadata } from "next";
import Link from "next/link";
import { formatDate } from "@/components/format";
import { Refused } from "@/components/refused";
import { toStudyChoice } from "@/components/viewers/data-source";
import { DicomViewerLoader } from "@/components/viewers/dicom-viewer-loader";
import { can } from "@/domain/permissions";
import { createContext } from "@/server/api/context";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Images" };

export default async function PatientImagingPage({
  params,
  searchParams,
}: {
  params: Promise<{ patientId: string }>;
  searchParams: Promise<{ study?: string; series?: string; sop?: string; case?: string; finding?: string }>;
}) {
  const [{ patientId }, query] = await Promise.all([params, searchParams]);
  const api = await getApi();
  const studies = await load(() => api.imaging.studies({ patientId }));
  if (isRefusal(studies)) return <Refused message={studies.message} />;
  const current = studies.find((s) => s.studyInstanceUid === query.study) ?? studies[0];
  const { user } = await createContext();
  // Opened from a finding: its outline is drawn over the images it was drawn on.
  const findings = query.finding ? await load(() => api.finding.listForPatient({ patientId })) : null;
  const finding = findings && !isRefusal(findings) ? findings.find((f) => f.id === query.finding) : undefined;
  const mark = finding && finding.references.imageRegions.length > 0 ? { label: finding.kind, regions: finding.references.imageRegions } : undefined;
  // Those who review findings may keep a measurement for the board. The patient's boards were checked by the guard
  // of imaging.studies above, so what remains to ask is the role.
  const canKeepMeasurements = can(user, "review", null);
  // Outside experts' kept annotations, drawn read-only over the images (second opinions of this user's boards).
  const layers = await load(() => api.expertOpinion.layers({ patientId }));

  return (
    <div className="space-y-3">
      <p className="text-sm">
        {/* Not prefetched: rendering those pages on the server would compete with this page's first image. */}
        {query.case ? (
          <Link className="link" href={`/cases/${query.case}`} prefetch={false}>
            Back to the case
          </Link>
        ) : (
          <Link className="link" href="/meetings" prefetch={false}>
            Meetings
          </Link>
        )}
      </p>
      <h1 className="text-xl font-semibold">Images</h1>
      {!current ? (
        <p className="text-sm text-slate-500">There are no studies for this patient yet.</p>
      ) : (
        <DicomViewerLoader
          studies={studies.map((s) => toStudyChoice(s, formatDate))}
          initialStudyUid={current.studyInstanceUid}
          initialSeriesUid={query.series}
          initialSopInstanceUid={query.sop}
          keepMeasurementsFor={canKeepMeasurements ? { patientId } : undefined}
          mark={mark}
          expertLayers={isRefusal(layers) || layers.length === 0 ? undefined : layers}
        />
      )}
    </div>
  );
}
