import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatCalendarDate, patientName, SEX_SHORT } from "@/components/format";
import { Refused } from "@/components/refused";
import { PatientSlides } from "@/components/slides/patient-slides";
import { maxUploadBytes } from "@/server/services/slides/slide-store";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Slides" };

/** A patient's slides and the upload form: /slides?case=<caseId> (from a case) or /slides?patient=<patientId>. */
export default async function SlidesPage({ searchParams }: { searchParams: Promise<{ case?: string | string[]; patient?: string | string[] }> }) {
  const query = await searchParams;
  const caseId = typeof query.case === "string" ? query.case : null;
  let patientId = typeof query.patient === "string" ? query.patient : null;
  const api = await getApi();
  if (caseId) {
    const kase = await load(() => api.case.get({ caseId }));
    if (isRefusal(kase)) return <Refused message={kase.message} />;
    patientId = kase.patient.id;
  }
  if (!patientId) notFound();
  const list = await load(() => api.slide.listForPatient({ patientId }));
  if (isRefusal(list)) return <Refused message={list.message} />;
  const { patient } = list;

  return (
    <div className="space-y-4">
      <section className="card" aria-labelledby="patient-heading">
        {caseId && (
          <p className="text-sm">
            <Link className="link" href={`/cases/${caseId}`}>Back to the case</Link>
          </p>
        )}
        <div className="flex flex-wrap items-baseline gap-x-4">
          <h1 id="patient-heading" className="text-xl font-semibold">{patientName(patient)}</h1>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            MRN {patient.mrn} · born {formatCalendarDate(patient.birthDate)} ({SEX_SHORT[patient.sex]})
          </span>
        </div>
      </section>
      <PatientSlides patientId={patient.id} caseId={caseId} maxUploadBytes={maxUploadBytes()} initial={list} />
    </div>
  );
}
