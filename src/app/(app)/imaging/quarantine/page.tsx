import type { Metadata } from "next";
import Link from "next/link";
import { formatCalendarDate, formatDateTime, patientName } from "@/components/format";
import { QuarantineActions, type AttachablePatient } from "@/components/imaging/quarantine-actions";
import { QuarantinePreview } from "@/components/imaging/quarantine-preview";
import { QuarantineStatus } from "@/components/imaging/quarantine-status";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Image quarantine" };

/** DICOM dates arrive as YYYY-MM-DD strings; show them like the app's other calendar dates. */
const isoDate = (iso: string | null) => (iso ? formatCalendarDate(new Date(`${iso}T00:00:00Z`)) : "—");

const isoOf = (d: Date) => d.toISOString().slice(0, 10);

export default async function QuarantinePage() {
  const api = await getApi();
  const [entries, patients] = await Promise.all([load(() => api.imaging.quarantine.list()), load(() => api.imaging.quarantine.patients())]);
  if (isRefusal(entries)) return <Refused message={entries.message} />;
  if (isRefusal(patients)) return <Refused message={patients.message} />;
  const choices: AttachablePatient[] = patients.map((p) => ({
    id: p.id,
    name: patientName(p),
    familyName: p.familyName,
    givenName: p.givenName,
    mrn: p.mrn,
    birthDate: isoOf(p.birthDate),
    bornLabel: formatCalendarDate(p.birthDate),
    sex: p.sex,
  }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Image quarantine</h1>
        <Link className="link text-sm" href="/imaging/import">Import images</Link>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Studies whose patient details did not match a patient record. Look at the images, choose the patient and compare every identifier,
        then attach each study to the right patient or discard it. Nothing here is shown in a patient&apos;s record until it is attached.
      </p>
      <QuarantineStatus>
        {entries.length === 0 ? (
          <p className="card text-sm text-slate-500">No studies are waiting.</p>
        ) : (
          <ul className="space-y-3" aria-label="Quarantined studies">
            {entries.map((q) => {
              const label = `${q.study?.modality ?? "DICOM"} study of ${q.dicomPatientName || "an unnamed patient"}`;
              return (
                <li key={q.id} className="card grid gap-4 md:grid-cols-[auto_1fr]">
                  <section aria-label={`Images: ${label}`} className="space-y-1">
                    <QuarantinePreview quarantineId={q.id} label={label} />
                    <h2 className="text-base font-semibold">{q.study ? `${q.study.modality} ${isoDate(q.study.studyDate)}` : "DICOM study"}</h2>
                    <p className="text-sm">{q.study?.description || "No description"}</p>
                    <p className="text-xs text-slate-500">
                      {q.numberOfInstances} file{q.numberOfInstances === 1 ? "" : "s"} · received {formatDateTime(q.createdAt)}
                    </p>
                    <p role="note" className="max-w-xs text-sm text-amber-800 dark:text-amber-300">{q.reason}</p>
                  </section>
                  <QuarantineActions
                    quarantineId={q.id}
                    studyLabel={label}
                    study={{
                      name: q.dicomPatientName,
                      birthDate: q.dicomBirthDate,
                      bornLabel: isoDate(q.dicomBirthDate),
                      sex: q.study?.patientSex ?? null,
                      patientId: q.dicomPatientId,
                      studyDateLabel: isoDate(q.study?.studyDate ?? null),
                      description: q.study?.description ?? "",
                    }}
                    candidatePatientId={q.candidate?.id ?? null}
                    patients={choices}
                  />
                </li>
              );
            })}
          </ul>
        )}
      </QuarantineStatus>
    </div>
  );
}
