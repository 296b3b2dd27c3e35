"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState, type FormEvent } from "react";
import { formatCalendarDate, patientName } from "@/components/format";
import { errorText } from "@/components/meetings/error-text";
import { useTRPC } from "@/trpc/react";

const QUESTIONS = [
  ["DIAGNOSIS", "Diagnosis"],
  ["STAGING", "Staging"],
  ["PRIMARY_TREATMENT", "Primary treatment plan"],
  ["RECURRENCE", "Recurrence"],
  ["FOLLOW_UP", "Follow-up"],
  ["OTHER", "Other"],
] as const;
const ATTACHMENT_KINDS = [
  ["IMAGING", "Imaging"],
  ["PATHOLOGY", "Pathology"],
  ["LABORATORY", "Laboratory"],
  ["LETTER", "Letter"],
  ["OTHER", "Other"],
] as const;
type AttachmentKind = (typeof ATTACHMENT_KINDS)[number][0];
const when = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** Refer a patient to a board: who, which cancer, the structured question, urgency and what is attached. */
export function ReferralForm({ boards }: { boards: { id: string; name: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.referral.create.mutationOptions());
  const [boardId, setBoardId] = useState(boards[0]?.id ?? "");
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query.trim());
  const search = useQuery(trpc.referral.findPatients.queryOptions({ query: deferred }, { enabled: deferred.length >= 2 }));
  const [patientId, setPatientId] = useState<string | null>(null);
  const [newPatient, setNewPatient] = useState({ mrn: "", familyName: "", givenName: "", birthDate: "", sex: "FEMALE" as "FEMALE" | "MALE" | "OTHER" | "UNKNOWN" });
  const [conditionChoice, setConditionChoice] = useState<string>("new");
  const [condition, setCondition] = useState({ topographyCode: "", topographyDisplay: "", morphologyCode: "", morphologyDisplay: "", diagnosisDate: "" });
  const [questionType, setQuestionType] = useState<(typeof QUESTIONS)[number][0]>("PRIMARY_TREATMENT");
  const [question, setQuestion] = useState("");
  const [urgency, setUrgency] = useState<"ROUTINE" | "URGENT">("ROUTINE");
  const [ecog, setEcog] = useState("");
  const [physician, setPhysician] = useState({ name: "", address: "" });
  const [attachments, setAttachments] = useState<{ kind: AttachmentKind; label: string }[]>([]);
  const [result, setResult] = useState<{ alert: boolean; text: string; caseId?: string } | null>(null);

  const chosen = search.data?.find((p) => p.id === patientId) ?? null;
  // A condition of a patient no longer chosen does not apply: describe a new one.
  const choice = chosen || conditionChoice === "none" ? conditionChoice : "new";

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    try {
      const patient = chosen
        ? { kind: "existing" as const, patientId: chosen.id }
        : { kind: "new" as const, ...newPatient, birthDate: new Date(`${newPatient.birthDate}T00:00:00Z`) };
      if (!chosen && !newPatient.birthDate) return setResult({ alert: true, text: "Give the patient's birth date, or choose an existing patient." });
      const cond =
        chosen && choice !== "new" && choice !== "none"
          ? { kind: "existing" as const, conditionId: choice }
          : choice === "none"
            ? null
            : { kind: "new" as const, ...condition, diagnosisDate: condition.diagnosisDate ? new Date(`${condition.diagnosisDate}T00:00:00Z`) : null };
      const r = await create.mutateAsync({
        boardId,
        patient,
        condition: cond,
        questionType,
        clinicalQuestion: question,
        urgency,
        attachments: attachments.filter((a) => a.label.trim()).map((a) => ({ ...a, ref: null })),
        ecog: ecog === "" ? null : Number(ecog),
        referringPhysicianName: physician.name || null,
        referringPhysicianAddress: physician.address || null,
      });
      setResult({
        alert: false,
        caseId: r.caseId,
        text: r.meeting ? `Referral saved. The case is on the agenda of ${when.format(r.meeting.startsAt)}.` : "Referral saved. No meeting takes referrals yet: the case is on the chair's waiting list.",
      });
      router.refresh();
    } catch (error) {
      setResult({ alert: true, text: errorText(error) });
    }
  }

  const text = (id: string, label: string, value: string, onChange: (v: string) => void, props: Record<string, unknown> = {}) => (
    <div>
      <label className="label" htmlFor={id}>{label}</label>
      <input id={id} className="field" value={value} onChange={(e) => onChange(e.target.value)} {...props} />
    </div>
  );

  return (
    <form onSubmit={submit} aria-label="New referral" className="space-y-4">
      <div className="grid grid-cols-1 gap-3 md:grid-cols-3">
        <div>
          <label className="label" htmlFor="referral-board">Board</label>
          <select id="referral-board" className="field" value={boardId} onChange={(e) => setBoardId(e.target.value)}>
            {boards.map((b) => <option key={b.id} value={b.id}>{b.name}</option>)}
          </select>
        </div>
        <div>
          <label className="label" htmlFor="referral-urgency">Urgency</label>
          <select id="referral-urgency" className="field" value={urgency} onChange={(e) => setUrgency(e.target.value as "ROUTINE" | "URGENT")}>
            <option value="ROUTINE">Routine</option>
            <option value="URGENT">Urgent</option>
          </select>
        </div>
      </div>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Patient</legend>
        {text("patient-search", "Find a patient (MRN or family name)", query, (v) => { setQuery(v); setPatientId(null); }, { autoComplete: "off" })}
        {search.data && search.data.length > 0 && !chosen && (
          <ul aria-label="Matching patients" className="text-sm">
            {search.data.map((p) => (
              <li key={p.id}>
                <button type="button" className="link" onClick={() => { setPatientId(p.id); setConditionChoice(p.conditions[0]?.id ?? "new"); }}>
                  {patientName(p)} · MRN {p.mrn} · born {formatCalendarDate(p.birthDate)}
                </button>
              </li>
            ))}
          </ul>
        )}
        {chosen ? (
          <p className="text-sm" role="status">
            Referring <strong>{patientName(chosen)}</strong>, MRN {chosen.mrn}.{" "}
            <button type="button" className="link" onClick={() => { setPatientId(null); setConditionChoice("new"); }}>Choose another</button>
          </p>
        ) : (
          <div className="grid grid-cols-1 gap-2 md:grid-cols-5">
            <p className="text-xs text-slate-500 md:col-span-5">Or a patient new to Concilium:</p>
            {text("new-mrn", "MRN", newPatient.mrn, (v) => setNewPatient((p) => ({ ...p, mrn: v })))}
            {text("new-family", "Family name", newPatient.familyName, (v) => setNewPatient((p) => ({ ...p, familyName: v })))}
            {text("new-given", "Given name", newPatient.givenName, (v) => setNewPatient((p) => ({ ...p, givenName: v })))}
            {text("new-birth", "Birth date", newPatient.birthDate, (v) => setNewPatient((p) => ({ ...p, birthDate: v })), { type: "date" })}
            <div>
              <label className="label" htmlFor="new-sex">Sex</label>
              <select id="new-sex" className="field" value={newPatient.sex} onChange={(e) => setNewPatient((p) => ({ ...p, sex: e.target.value as typeof p.sex }))}>
                <option value="FEMALE">Female</option>
                <option value="MALE">Male</option>
                <option value="OTHER">Other</option>
                <option value="UNKNOWN">Unknown</option>
              </select>
            </div>
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Cancer condition</legend>
        <div className="max-w-md">
          <label className="label" htmlFor="condition-choice">Condition</label>
          <select id="condition-choice" className="field" value={choice} onChange={(e) => setConditionChoice(e.target.value)}>
            {chosen?.conditions.map((c) => <option key={c.id} value={c.id}>{c.morphologyDisplay}, {c.topographyDisplay} ({c.topographyCode})</option>)}
            <option value="new">A new condition…</option>
            <option value="none">Not known yet (diagnosis question)</option>
          </select>
        </div>
        {choice === "new" && (
          <div className="grid grid-cols-1 gap-2 md:grid-cols-5">
            {text("topography-code", "Topography (ICD-O-3)", condition.topographyCode, (v) => setCondition((c) => ({ ...c, topographyCode: v })), { placeholder: "C34.1" })}
            {text("topography-display", "Site", condition.topographyDisplay, (v) => setCondition((c) => ({ ...c, topographyDisplay: v })), { placeholder: "Upper lobe, lung" })}
            {text("morphology-code", "Morphology (ICD-O-3)", condition.morphologyCode, (v) => setCondition((c) => ({ ...c, morphologyCode: v })), { placeholder: "8140/3" })}
            {text("morphology-display", "Histology", condition.morphologyDisplay, (v) => setCondition((c) => ({ ...c, morphologyDisplay: v })), { placeholder: "Adenocarcinoma, NOS" })}
            {text("diagnosis-date", "Diagnosis date", condition.diagnosisDate, (v) => setCondition((c) => ({ ...c, diagnosisDate: v })), { type: "date" })}
          </div>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Question for the board</legend>
        <div className="grid grid-cols-1 gap-2 md:grid-cols-4">
          <div>
            <label className="label" htmlFor="question-type">Question type</label>
            <select id="question-type" className="field" value={questionType} onChange={(e) => setQuestionType(e.target.value as typeof questionType)}>
              {QUESTIONS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
            </select>
          </div>
          <div>
            <label className="label" htmlFor="ecog">ECOG performance status</label>
            <select id="ecog" className="field" value={ecog} onChange={(e) => setEcog(e.target.value)}>
              <option value="">Not recorded</option>
              {[0, 1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{n}</option>)}
            </select>
          </div>
        </div>
        <div>
          <label className="label" htmlFor="clinical-question">Clinical question</label>
          <textarea id="clinical-question" className="field" rows={3} required value={question} onChange={(e) => setQuestion(e.target.value)} />
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Attached</legend>
        {attachments.map((a, i) => (
          <div key={i} className="flex items-end gap-2">
            <div>
              <label className="label" htmlFor={`attachment-kind-${i}`}>Kind</label>
              <select id={`attachment-kind-${i}`} className="field" value={a.kind} onChange={(e) => setAttachments((list) => list.map((x, j) => (j === i ? { ...x, kind: e.target.value as AttachmentKind } : x)))}>
                {ATTACHMENT_KINDS.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select>
            </div>
            <div className="grow">
              <label className="label" htmlFor={`attachment-label-${i}`}>Description</label>
              <input id={`attachment-label-${i}`} className="field" value={a.label} onChange={(e) => setAttachments((list) => list.map((x, j) => (j === i ? { ...x, label: e.target.value } : x)))} />
            </div>
            <button type="button" className="btn" onClick={() => setAttachments((list) => list.filter((_, j) => j !== i))} aria-label={`Remove attachment ${i + 1}`}>✕</button>
          </div>
        ))}
        <button type="button" className="btn" onClick={() => setAttachments((list) => [...list, { kind: "IMAGING", label: "" }])}>Add attachment</button>
      </fieldset>

      <fieldset className="grid grid-cols-1 gap-2 md:grid-cols-2">
        <legend className="text-sm font-semibold">Letter goes to (optional)</legend>
        {text("physician-name", "Referring physician", physician.name, (v) => setPhysician((p) => ({ ...p, name: v })))}
        {text("physician-address", "Address", physician.address, (v) => setPhysician((p) => ({ ...p, address: v })))}
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={create.isPending}>{create.isPending ? "Saving…" : "Refer to the board"}</button>
        {result && (
          <p role={result.alert ? "alert" : "status"} className="text-sm">
            {result.text} {result.caseId && <Link className="link" href={`/cases/${result.caseId}`}>Open the case</Link>}
          </p>
        )}
      </div>
    </form>
  );
}
