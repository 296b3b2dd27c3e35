import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/badge";
import { CaseTimeline } from "@/components/case/case-timeline";
import { FindingImport } from "@/components/findings/finding-import";
import { FindingReview } from "@/components/findings/finding-review";
import { PreloadDicomViewer } from "@/components/viewers/dicom-viewer-loader";
import { PacsSyncButton } from "@/components/pacs/pacs-sync-button";
import { RemoteImages } from "@/components/pacs/remote-images";
import { CaseDocuments } from "@/components/documents/case-documents";
import { DecisionHistory } from "@/components/decisions/decision-history";
import { DecisionPanel } from "@/components/decisions/decision-panel";
import { CaseReadiness } from "@/components/readiness/case-readiness";
import { OutcomeForm } from "@/components/case/outcome-form";
import { OutcomeHistory } from "@/components/case/outcome-history";
import { AttachDocument } from "@/components/case/attach-document";
import { CaseContacts } from "@/components/case/case-contacts";
import { SimilarCasesList } from "@/components/case/similar-cases-list";
import { SecondOpinions } from "@/components/case/second-opinions";
import { ageInYears, enumLabel, formatCalendarDate, formatDate, formatDateTime, patientName, SEX_SHORT } from "@/components/format";
import { Refused } from "@/components/refused";
import type { CaseDetail } from "@/server/api/routers/case";
import { maxDocumentBytes } from "@/server/services/cases/case-documents";
import { getApi, isRefusal, load } from "@/trpc/server";

export const metadata: Metadata = { title: "Case" };

/** Where a timeline item opens; a finding on images names itself, so that the viewer draws its outline. */
function timelineHref(item: CaseDetail["timeline"][number], patientId: string, caseId: string): string | null {
  const { target } = item;
  if (item.kind === "opinion") return "#second-opinions";
  if (target.documentId) return `/api/cases/${caseId}/documents/${target.documentId}`;
  if (target.slideId) return `/slides/${target.slideId}?case=${caseId}`;
  if (!target.studyInstanceUid) return null;
  const query = new URLSearchParams({ study: target.studyInstanceUid, case: caseId });
  if (target.seriesInstanceUid) query.set("series", target.seriesInstanceUid);
  if (target.sopInstanceUid) query.set("sop", target.sopInstanceUid);
  if (item.kind === "finding") query.set("finding", item.id);
  return `/patients/${patientId}/imaging?${query}`;
}

export default async function CasePage({ params, searchParams }: { params: Promise<{ caseId: string }>; searchParams: Promise<{ meeting?: string; edit?: string }> }) {
  const [{ caseId }, { meeting, edit }] = await Promise.all([params, searchParams]);
  // "Add the GP" in the letters panel links here with ?edit=gp: the form opens ready to fill in.
  const editing = edit === "gp" || edit === "referrer" ? edit : null;
  const api = await getApi();
  const kase = await load(() => api.case.get({ caseId }));
  if (isRefusal(kase)) return <Refused message={kase.message} />;
  // The letters' recipients and the readiness come with the page: loaded in the browser, they pushed the timeline
  // down under the reader's pointer a moment after it appeared. One the reader may not see is left to the browser,
  // whose query says why.
  const firstRender = <T,>(call: Promise<T>) => call.catch(() => undefined);
  const [findings, pacs, remoteNodes, workspace, tasks, outcomes, similar, contacts, readiness] = await Promise.all([
    api.finding.listForPatient({ patientId: kase.patient.id }),
    api.pacs.status(),
    api.remote.nodes(),
    api.decision.workspace({ caseId }),
    api.task.listForCase({ caseId }),
    api.outcome.history({ caseId }),
    api.similarCases.forCase({ caseId }),
    firstRender(api.case.contacts({ caseId })),
    firstRender(api.readiness.forCase({ caseId })),
  ]);

  const { patient, condition } = kase;
  const latestMeeting = [...kase.meetings].sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime())[0];
  const meetingId = kase.meetings.some((m) => m.meetingId === meeting) ? (meeting ?? null) : (latestMeeting?.meetingId ?? null);
  const latest = workspace.versions[0];
  const prefilledLabel = workspace.prefill ? `from ${formatDate(workspace.prefill.decidedAt)} decision, check` : null;
  const signedLabel = latest?.signedBy && latest.signedAt ? `signed by ${latest.signedBy}, ${formatDateTime(latest.signedAt)}` : null;
  const today = new Date().toISOString().slice(0, 10);

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

      <section id="contacts" className="card space-y-3" aria-labelledby="contacts-heading">
        <h2 id="contacts-heading" className="text-base font-semibold">Letters go to</h2>
        <CaseContacts key={editing ?? "none"} caseId={kase.id} initiallyEditing={editing} initial={contacts} />
      </section>

      <CaseReadiness caseId={kase.id} canRequest={kase.can.requestReadiness} initial={readiness} />

      <CaseTimeline
        rows={kase.timeline.map((item) => ({ ...item, dateLabel: formatDate(item.date), time: item.date.getTime(), href: timelineHref(item, patient.id, kase.id) }))}
      />

      {kase.can.seePatients && (
        <section className="card space-y-2" aria-labelledby="attach-heading">
          <h2 id="attach-heading" className="text-base font-semibold">Attach document</h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">Reports and letters are stored with the case and shown on the timeline (Documents).</p>
          <AttachDocument caseId={kase.id} maxBytes={maxDocumentBytes()} />
        </section>
      )}

      <div className="flex flex-wrap items-center gap-3">
        <Link className="btn" href={`/patients/${patient.id}/imaging?case=${kase.id}`}>Open images</Link>
        <PreloadDicomViewer />
        <Link className="btn" href={`/slides?case=${kase.id}`}>Slides</Link>
        {pacs.configured && pacs.name && <PacsSyncButton patientId={patient.id} pacsName={pacs.name} />}
      </div>

      {remoteNodes.length > 0 && kase.can.seePatients && <RemoteImages patientId={patient.id} mrn={patient.mrn} nodes={remoteNodes} />}

      <section className="card space-y-3" aria-label="Findings">
        <FindingReview patientId={patient.id} caseId={kase.id} findings={findings} canReview={kase.can.review} />
        <details>
          <summary className="cursor-pointer text-sm">Import AI results (DICOM SR TID 1500, SEG or JSON)</summary>
          <div className="mt-2">
            <FindingImport patientId={patient.id} />
          </div>
        </details>
      </section>

      <section className="card space-y-3" aria-labelledby="decision-heading">
        <h2 id="decision-heading" className="text-base font-semibold">Board decision</h2>
        <DecisionPanel
          caseId={kase.id}
          meetingId={meetingId}
          workspace={workspace}
          tasks={tasks}
          canRecord={kase.can.recordDecision}
          canSign={kase.can.sign}
          prefilledLabel={prefilledLabel}
          signedLabel={signedLabel}
          today={today}
        />
        {/* The hospital's time zone is the server's: the history formats its times in it on both sides. */}
        <DecisionHistory caseId={kase.id} initial={workspace} timeZone={Intl.DateTimeFormat().resolvedOptions().timeZone} />
      </section>

      <section id="second-opinions" className="card space-y-3" aria-labelledby="second-opinions-heading">
        <h2 id="second-opinions-heading" className="text-base font-semibold">Second opinions</h2>
        <SecondOpinions caseId={kase.id} clinicalQuestion={kase.clinicalQuestion} />
      </section>

      <section className="card space-y-3" aria-labelledby="similar-heading">
        <h2 id="similar-heading" className="text-base font-semibold">Similar past cases</h2>
        <SimilarCasesList cases={similar.cases} compared={similar.compared} />
      </section>

      <section className="card space-y-3" aria-labelledby="documents-heading">
        <h2 id="documents-heading" className="text-base font-semibold">Letters and exports</h2>
        <CaseDocuments caseId={kase.id} canSend={kase.can.sendLetters} />
      </section>

      <section className="card space-y-3" aria-labelledby="outcomes-heading">
        <h2 id="outcomes-heading" className="text-base font-semibold">Outcomes</h2>
        <OutcomeHistory lineages={outcomes} canChange={kase.can.seePatients} today={today} />
        {kase.decisions.length > 0 && kase.can.seePatients && <OutcomeForm caseId={kase.id} today={today} />}
      </section>
    </div>
  );
}
