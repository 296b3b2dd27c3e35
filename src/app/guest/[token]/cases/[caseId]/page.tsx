import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { enumLabel, formatDate, patientName, SEX_SHORT } from "@/components/format";
import { toStudyChoice } from "@/components/viewers/data-source";
import { requestSourceOf } from "@/server/api/request-source";
import { getPrisma } from "@/server/db";
import { guestSessionOf } from "@/server/services/meeting-guests/guest-access";
import { loadGuestCase } from "@/server/services/meeting-guests/guest-meeting";
import { REFUSALS } from "@/domain/expert-opinion/share-rules";
// The second-opinion page's read-only viewers: a guest, like the outside expert, reads and never annotates.
import { ExpertImages } from "../../../../opinion/[token]/expert-images";
import { SharedSlides } from "../../../../opinion/[token]/shared-slides";
import { GuestRefusal } from "../../guest-shell";

export const metadata: Metadata = { title: "Case (meeting guest)", robots: { index: false } };

/** One case of the guest's meeting, read-only: the patient as on the agenda, the question and the diagnosis. */
export default async function GuestCasePage({ params }: { params: Promise<{ token: string; caseId: string }> }) {
  const { token, caseId } = await params;
  const [db, requestHeaders] = await Promise.all([getPrisma(), headers()]);
  const source = requestSourceOf(requestHeaders);
  const check = await guestSessionOf(db, requestHeaders.get("cookie"), "case.read", source, token);
  if (!check) return <GuestRefusal message={REFUSALS.sessionEnded} />;
  if (!check.ok) return <GuestRefusal message={check.message} />;
  const result = await loadGuestCase(db, check.session, caseId, source);
  if (!result.ok) return <GuestRefusal message={result.message} />;
  const { view } = result;
  const studies = view.studies.map((s) => toStudyChoice(s, formatDate));
  return (
    <main className="mx-auto max-w-6xl space-y-4 px-4 py-6">
      <p className="text-sm"><Link className="link" href={`/guest/${token}`}>Back to the agenda</Link></p>
      <section className="card space-y-2" aria-labelledby="case-heading">
        <h1 id="case-heading" className="text-xl font-semibold">{patientName(view.patient)}</h1>
        <p className="text-sm text-slate-600 dark:text-slate-400">{SEX_SHORT[view.patient.sex]}, born {formatDate(view.patient.birthDate)} · referred by {view.referrer} · {enumLabel(view.urgency)}</p>
        <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-2">
          <div>
            <dt className="label">Clinical question</dt>
            <dd>{enumLabel(view.questionType)}: {view.clinicalQuestion}</dd>
          </div>
          <div>
            <dt className="label">Diagnosis</dt>
            <dd>{view.condition ? `${view.condition.morphologyDisplay} (${view.condition.morphologyCode}), ${view.condition.topographyDisplay} (${view.condition.topographyCode})` : "Not recorded"}</dd>
          </div>
        </dl>
      </section>
      <section className="card space-y-2" aria-labelledby="images-heading">
        <h2 id="images-heading" className="text-base font-semibold">Images</h2>
        {studies.length > 0 ? <ExpertImages studies={studies} /> : <p className="text-sm text-slate-500">No images for this patient.</p>}
      </section>
      <SharedSlides slides={view.slides} />
    </main>
  );
}
