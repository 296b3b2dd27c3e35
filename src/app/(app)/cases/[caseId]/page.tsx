import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { CaseTimeline } from "@/components/case/case-timeline";
import { FindingImport } from "@/components/findings/finding-import";
import { FindingReview } from "@/components/findings/finding-review";
import { PacsSyncButton } from "@/components/pacs/pacs-sync-button";
import { DecisionForm, type DecisionValues } from "@/components/case/decision-form";
import { CaseDocuments } from "@/components/documents/case-documents";
import { OutcomeForm } from "@/components/case/outcome-form";
import { ageInYears, enumLabel, formatCalendarDate, formatDate, formatDateTime, patientName, SEX_SHORT } from "@/components/format";
import { Refused } from "@/components/refused";
import { DECISION_RECORDERS } from "@/domain/roles";
import { stagingSiteOf } from "@/domain/staging/tnm";
import { createContext } from "@/server/api/context";
import type { CaseDetail } from "@/server/api/routers/case";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Case" };

const EMPTY_DECISION: DecisionValues = {
  tnmPrefix: null,
  tCategory: null,
  nCategory: null,
  mCategory: null,
  stageGroup: null,
  intent: "CURATIVE",
  recommendation: "",
  rationale: "",
};

function timelineHref(target: CaseDetail["timeline"][number]["target"], patientId: string, caseId: string): string | null {
  if (target.slideId) return `/slides/${target.slideId}?case=${caseId}`;
  if (!target.studyInstanceUid) return null;
  const query = new URLSearchParams({ study: target.studyInstanceUid, case: caseId });
  if (target.seriesInstanceUid) query.set("series", target.seriesInstanceUid);
  if (target.sopInstanceUid) query.set("sop", target.sopInstanceUid);
  return `/patients/${patientId}/imaging?${query}`;
}

export default async function CasePage({ params, searchParams }: { params: Promise<{ caseId: string }>; searchParams: Promise<{ meeting?: string }> }) {
  const [{ caseId }, { meeting }] = await Promise.all([params, searchParams]);
  const api = await getApi();
  const kase = await load(() => api.case.get({ caseId }));
  if (isRefusal(kase)) return <Refused message={kase.message} />;
  const { user } = await createContext();
  const [findings, pacs] = await Promise.all([api.finding.listForPatient({ patientId: kase.patient.id }), api.pacs.status()]);
  const canReviewFindings = user?.role === "CHAIR" || user?.role === "SPECIALIST";

  const { patient, condition } = kase;
  const latestMeeting = [...kase.meetings].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
  const meetingId = kase.meetings.some((m) => m.meetingId === meeting) ? (meeting ?? null) : (latestMeeting?.meetingId ?? null);
  const latest = kase.decisions[0];
  const draft = latest?.status === "DRAFT" ? latest : null;
  // A new version starts from the last one, so what still holds need not be typed again.
  const initial: DecisionValues = latest
    ? { tnmPrefix: latest.tnmPrefix, tCategory: latest.tCategory, nCategory: latest.nCategory, mCategory: latest.mCategory, stageGroup: latest.stageGroup, intent: latest.intent, recommendation: latest.recommendation, rationale: latest.rationale }
    : EMPTY_DECISION;
  const lockedForMeeting = latest?.status === "SIGNED" && latest.meetingId === meetingId;
  const canRecord = !!user && (DECISION_RECORDERS as readonly string[]).includes(user.role) && !lockedForMeeting;

  return (
    <div className="space-y-4">
      <section className="card" aria-labelledby="patient-heading">
        <p className="text-sm">
          <Link className="link" href={meetingId ? `/meetings/${meetingId}` : "/meetings"}>{meetingId ? "Agenda" : "Meetings"}</Link> / {kase.board.name}
        </p>
        <div className="flex flex-wrap items-baseline gap-x-4">
          <h1 id="patient-heading" className="text-xl font-semibold">{patientName(patient)}</h1>
          <span className="text-sm text-slate-600 dark:text-slate-400">
            MRN {patient.mrn} · born {formatCalendarDate(patient.birthDate)} ({ageInYears(patient.birthDate)} {SEX_SHORT[patient.sex]}) · research ID {patient.researchPseudonym}
          </span>
        </div>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-2 text-sm md:grid-cols-3">
          <div>
            <dt className="label">Diagnosis</dt>
            <dd>
              {condition ? `${condition.morphologyDisplay} (${condition.morphologyCode}), ${condition.topographyDisplay} (${condition.topographyCode})` : "Not recorded"}
              {condition?.diagnosisDate && <span className="text-slate-500"> · diagnosed {formatCalendarDate(condition.diagnosisDate)}</span>}
            </dd>
          </div>
          <div>
            <dt className="label">Clinical question ({enumLabel(kase.questionType)})</dt>
            <dd>{kase.clinicalQuestion}</dd>
          </div>
          <div>
            <dt className="label">Referral</dt>
            <dd>
              {kase.referrer.name}, {formatDate(kase.createdAt)} {kase.urgency === "URGENT" && <Badge tone="warn">Urgent</Badge>} <Badge>{enumLabel(kase.status)}</Badge>
            </dd>
          </div>
        </dl>
      </section>

      <CaseTimeline
        rows={kase.timeline.map((item) => ({ ...item, dateLabel: formatDate(item.date), time: item.date.getTime(), href: timelineHref(item.target, patient.id, kase.id) }))}
      />

      <div className="flex flex-wrap items-center gap-3">
        <Link className="btn" href={`/patients/${patient.id}/imaging?case=${kase.id}`}>Open images</Link>
        <Link className="btn" href={`/slides?case=${kase.id}`}>Slides</Link>
        {pacs.configured && pacs.name && <PacsSyncButton patientId={patient.id} pacsName={pacs.name} />}
      </div>

      <section className="card space-y-3" aria-label="Findings">
        <FindingReview patientId={patient.id} findings={findings} canReview={canReviewFindings} />
        <details>
          <summary className="cursor-pointer text-sm">Import AI results (DICOM SR TID 1500, SEG or JSON)</summary>
          <div className="mt-2">
            <FindingImport patientId={patient.id} />
          </div>
        </details>
      </section>

      <section className="card space-y-3" aria-labelledby="decision-heading">
        <h2 id="decision-heading" className="text-base font-semibold">Board decision</h2>
        {kase.decisions.length > 0 && (
          <table className="data-table" aria-label="Decision versions">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Status</th>
                <th scope="col">Staging</th>
                <th scope="col">Intent</th>
                <th scope="col">Recommendation</th>
                <th scope="col">Recorded / signed</th>
              </tr>
            </thead>
            <tbody>
              {kase.decisions.map((d) => (
                <tr key={d.id}>
                  <td>{d.version}</td>
                  <td><Badge tone={d.status === "SIGNED" ? "good" : "warn"}>{d.status === "SIGNED" ? "Signed" : "Draft"}</Badge></td>
                  <td>
                    {d.tnmPrefix ? `${d.tnmPrefix}${d.tCategory ?? ""} ${d.nCategory ?? ""} ${d.mCategory ?? ""}` : "—"}
                    {d.stageGroup && <div className="text-xs">Stage {d.stageGroup}</div>}
                  </td>
                  <td>{enumLabel(d.intent)}</td>
                  <td className="max-w-lg">{d.recommendation}{d.rationale && <div className="text-xs text-slate-500">{d.rationale}</div>}</td>
                  <td className="text-xs">
                    {d.recordedBy}
                    {d.signedBy && d.signedAt && <div>Signed by {d.signedBy}, {formatDateTime(d.signedAt)}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canRecord ? (
          <DecisionForm
            caseId={kase.id}
            meetingId={meetingId}
            site={condition ? stagingSiteOf(condition.topographyCode) : null}
            initial={initial}
            draftId={draft?.id ?? null}
            canSign={user?.role === "CHAIR"}
          />
        ) : (
          <p className="text-sm text-slate-500">
            {lockedForMeeting ? "The decision for this meeting is signed and locked." : kase.decisions.length === 0 ? "No decision recorded yet." : ""}
          </p>
        )}
      </section>

      <section className="card space-y-3" aria-labelledby="documents-heading">
        <h2 id="documents-heading" className="text-base font-semibold">Letters and exports</h2>
        <CaseDocuments caseId={kase.id} canSend={!!user && (DECISION_RECORDERS as readonly string[]).includes(user.role)} />
      </section>

      <section className="card space-y-3" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading" className="text-base font-semibold">Outcomes</h2>
        {kase.outcomes.length > 0 ? (
          <ul className="text-sm" aria-label="Recorded outcomes">
            {kase.outcomes.map((o) => (
              <li key={o.id}>
                {formatCalendarDate(o.occurredOn)} — {enumLabel(o.kind)}{o.note ? `: ${o.note}` : ""}
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-slate-500">No outcomes recorded.</p>
        )}
        {kase.decisions.length > 0 && <OutcomeForm caseId={kase.id} today={new Date().toISOString().slice(0, 10)} />}
      </section>
    </div>
  );
}
