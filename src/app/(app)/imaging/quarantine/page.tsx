import type { Metadata } from "next";
import Link from "next/link";
import { formatCalendarDate, formatDateTime, patientName } from "@/components/format";
import { QuarantineActions } from "@/components/imaging/quarantine-actions";
import { QuarantineStatus } from "@/components/imaging/quarantine-status";
import { Refused } from "@/components/refused";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Image quarantine" };

/** DICOM dates arrive as YYYY-MM-DD strings; show them like the app's other calendar dates. */
const isoDate = (iso: string | null) => (iso ? formatCalendarDate(new Date(`${iso}T00:00:00Z`)) : "—");

export default async function QuarantinePage() {
  const api = await getApi();
  const [entries, patients] = await Promise.all([load(() => api.imaging.quarantine.list()), load(() => api.imaging.quarantine.patients())]);
  if (isRefusal(entries)) return <Refused message={entries.message} />;
  if (isRefusal(patients)) return <Refused message={patients.message} />;
  const choices = patients.map((p) => ({ id: p.id, label: `${patientName(p)} · ${p.mrn} · born ${formatCalendarDate(p.birthDate)}` }));

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-3">
        <h1 className="text-xl font-semibold">Image quarantine</h1>
        <Link className="link text-sm" href="/imaging/import">Import images</Link>
      </div>
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Studies whose patient details did not match a patient record. Compare the details, then attach each study to the right patient or
        discard it. Nothing here is shown in a patient&apos;s record until it is attached.
      </p>
      <QuarantineStatus>
        {entries.length === 0 ? (
          <p className="card text-sm text-slate-500">No studies are waiting.</p>
        ) : (
          <ul className="space-y-3" aria-label="Quarantined studies">
            {entries.map((q) => {
              const label = `${q.study?.modality ?? "DICOM"} study of ${q.dicomPatientName || "an unnamed patient"}`;
              return (
                <li key={q.id} className="card grid gap-4 md:grid-cols-3">
                  <section aria-label={`Images: ${label}`}>
                    <h2 className="text-base font-semibold">{q.study ? `${q.study.modality} ${isoDate(q.study.studyDate)}` : "DICOM study"}</h2>
                    <p className="text-sm">{q.study?.description || "No description"}</p>
                    <p className="text-xs text-slate-500">
                      {q.numberOfInstances} file{q.numberOfInstances === 1 ? "" : "s"} · received {formatDateTime(q.createdAt)}
                    </p>
                    <p role="note" className="mt-2 text-sm text-amber-800 dark:text-amber-300">{q.reason}</p>
                  </section>
                  <table className="data-table self-start" aria-label="Patient details compared">
                    <thead>
                      <tr>
                        <th scope="col"><span className="sr-only">Detail</span></th>
                        <th scope="col">In the images</th>
                        <th scope="col">Patient record</th>
                      </tr>
                    </thead>
                    <tbody>
                      <tr>
                        <th scope="row" className="label">Name</th>
                        <td>{q.dicomPatientName || "—"}</td>
                        <td>{q.candidate ? patientName(q.candidate) : "—"}</td>
                      </tr>
                      <tr>
                        <th scope="row" className="label">Patient ID / MRN</th>
                        <td>{q.dicomPatientId || "—"}</td>
                        <td>{q.candidate?.mrn ?? "No patient with this MRN"}</td>
                      </tr>
                      <tr>
                        <th scope="row" className="label">Born</th>
                        <td>{isoDate(q.dicomBirthDate)}</td>
                        <td>{q.candidate ? formatCalendarDate(q.candidate.birthDate) : "—"}</td>
                      </tr>
                    </tbody>
                  </table>
                  <QuarantineActions quarantineId={q.id} studyLabel={label} candidatePatientId={choices.some((c) => c.id === q.candidate?.id) ? q.candidate!.id : null} patients={choices} />
                </li>
              );
            })}
          </ul>
        )}
      </QuarantineStatus>
    </div>
  );
}
