"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { TRPCClientError } from "@trpc/client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useDeferredValue, useState, type FormEvent, type ReactNode } from "react";
import { errorId, FieldError } from "@/components/decisions/decision-fields";
import { formatCalendarDate, patientName } from "@/components/format";
import { errorText } from "@/components/meetings/error-text";
import { RELATIONSHIP_KINDS, RELATIONSHIP_LABELS, relationshipNeedsStatement, type RelationshipKindName } from "@/domain/referrals/outside-patients";
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
type Sex = "FEMALE" | "MALE" | "OTHER" | "UNKNOWN";
const when = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });

/** Examples in the condition fields, for the chosen board's tumour site. */
const CONDITION_EXAMPLES: Record<string, { topographyCode: string; topographyDisplay: string; morphologyCode: string; morphologyDisplay: string }> = {
  thoracic: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" },
  breast: { topographyCode: "C50.4", topographyDisplay: "Upper-outer quadrant of breast", morphologyCode: "8500/3", morphologyDisplay: "Infiltrating duct carcinoma, NOS" },
  colorectal: { topographyCode: "C18.7", topographyDisplay: "Sigmoid colon", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" },
};
const NO_EXAMPLE = { topographyCode: "C00.0", topographyDisplay: "Site", morphologyCode: "0000/3", morphologyDisplay: "Histology" };

interface ChosenPatient {
  id: string;
  mrn: string;
  familyName: string;
  givenName: string;
  conditions: { id: string; topographyCode: string; topographyDisplay: string; morphologyDisplay: string }[];
}

const EMPTY_NEW_PATIENT = { mrn: "", familyName: "", givenName: "", birthDate: "", sex: "FEMALE" as Sex };
const EMPTY_CONDITION = { topographyCode: "", topographyDisplay: "", morphologyCode: "", morphologyDisplay: "", diagnosisDate: "" };
const calendarDate = (value: string) => new Date(`${value}T00:00:00Z`);

/** Field names of the API's input problems (zod paths) as this form names its fields. */
const FIELD_OF_PATH: Record<string, string> = {
  "patient.mrn": "mrn",
  "patient.familyName": "familyName",
  "patient.givenName": "givenName",
  "patient.birthDate": "birthDate",
  "condition.topographyCode": "topographyCode",
  "condition.topographyDisplay": "topographyDisplay",
  "condition.morphologyCode": "morphologyCode",
  "condition.morphologyDisplay": "morphologyDisplay",
  clinicalQuestion: "clinicalQuestion",
};

/**
 * Refer a patient to a board: who, which cancer, the structured question, urgency and what is attached. A patient
 * of one's boards is found by MRN or name; one of other boards only by MRN and birth date, and referring them asks
 * for the treatment relationship. A new patient who shares name and birth date with a known one is flagged first.
 */
export function ReferralForm({ boards }: { boards: { id: string; name: string; tumourSite: string }[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.referral.create.mutationOptions());
  const lookup = useMutation(trpc.referral.lookup.mutationOptions());
  const similarCheck = useMutation(trpc.referral.similarPatients.mutationOptions());
  const [boardId, setBoardId] = useState(boards[0]?.id ?? "");
  const [outsideMode, setOutsideMode] = useState(false);
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query.trim());
  const search = useQuery(trpc.referral.findPatients.queryOptions({ query: deferred }, { enabled: !outsideMode && deferred.length >= 2 }));
  const [chosen, setChosen] = useState<ChosenPatient | null>(null);
  const [newPatient, setNewPatient] = useState(EMPTY_NEW_PATIENT);
  const [outside, setOutside] = useState({ mrn: "", birthDate: "" });
  const [found, setFound] = useState<{ handle: string | null } | null>(null);
  const [relationship, setRelationship] = useState<{ kind: RelationshipKindName | ""; statement: string }>({ kind: "", statement: "" });
  const [similar, setSimilar] = useState<{ onYourBoards: ChosenPatient[]; elsewhere: boolean } | null>(null);
  const [differentPerson, setDifferentPerson] = useState(false);
  const [conditionChoice, setConditionChoice] = useState<string>("new");
  const [condition, setCondition] = useState(EMPTY_CONDITION);
  const [questionType, setQuestionType] = useState<(typeof QUESTIONS)[number][0]>("PRIMARY_TREATMENT");
  const [question, setQuestion] = useState("");
  const [urgency, setUrgency] = useState<"ROUTINE" | "URGENT">("ROUTINE");
  const [ecog, setEcog] = useState("");
  const [physician, setPhysician] = useState({ name: "", address: "" });
  const [attachments, setAttachments] = useState<{ kind: AttachmentKind; label: string }[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  // A field's message goes as soon as the field is edited.
  const clearError = (field: string) => setErrors((e) => (field in e ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)) : e));
  const [result, setResult] = useState<{ alert: boolean; text: string; caseId?: string } | null>(null);

  const example = CONDITION_EXAMPLES[boards.find((b) => b.id === boardId)?.tumourSite ?? ""] ?? NO_EXAMPLE;
  const foundHandle = outsideMode ? (found?.handle ?? null) : null;
  // A condition of a patient no longer chosen does not apply (and one found outside shows none): describe a new one.
  const choice = (chosen && !outsideMode) || conditionChoice === "none" ? conditionChoice : "new";

  function choose(p: ChosenPatient) {
    setChosen(p);
    setConditionChoice(p.conditions[0]?.id ?? "new");
    setSimilar(null);
    setResult(null);
  }

  function switchMode(toOutside: boolean) {
    setOutsideMode(toOutside);
    setChosen(null);
    setFound(null);
    setErrors({});
    setResult(null);
    if (toOutside && newPatient.birthDate) setOutside((o) => ({ ...o, birthDate: newPatient.birthDate }));
  }

  function clearForm() {
    setOutsideMode(false);
    setQuery("");
    setChosen(null);
    setNewPatient(EMPTY_NEW_PATIENT);
    setOutside({ mrn: "", birthDate: "" });
    setFound(null);
    setRelationship({ kind: "", statement: "" });
    setSimilar(null);
    setDifferentPerson(false);
    setConditionChoice("new");
    setCondition(EMPTY_CONDITION);
    setQuestionType("PRIMARY_TREATMENT");
    setQuestion("");
    setUrgency("ROUTINE");
    setEcog("");
    setPhysician({ name: "", address: "" });
    setAttachments([]);
    setErrors({});
  }

  /** What is missing, per field, before anything is sent. */
  function missing(): Record<string, string> {
    const e: Record<string, string> = {};
    if (outsideMode) {
      if (!foundHandle) e.outsideMrn = "Find the patient by MRN and birth date first.";
      else if (!relationship.kind) e.relationship = "Declare your treatment relationship with this patient.";
      else if (relationshipNeedsStatement(relationship.kind) && relationship.statement.trim().length < 3) e.relationshipStatement = "Say who requested it, or on what ground.";
    } else if (!chosen) {
      if (!newPatient.mrn.trim()) e.mrn = "Give the patient's MRN, or choose a patient above.";
      if (!newPatient.familyName.trim()) e.familyName = "Give the family name.";
      if (!newPatient.givenName.trim()) e.givenName = "Give the given name.";
      if (!newPatient.birthDate) e.birthDate = "Give the birth date.";
    }
    if (choice === "new") {
      if (!condition.topographyCode.trim()) e.topographyCode = "Give the ICD-O-3 topography code.";
      if (!condition.topographyDisplay.trim()) e.topographyDisplay = "Describe the site.";
      if (!condition.morphologyCode.trim()) e.morphologyCode = "Give the ICD-O-3 morphology code.";
      if (!condition.morphologyDisplay.trim()) e.morphologyDisplay = "Describe the histology.";
    }
    if (!question.trim()) e.clinicalQuestion = "Write the question for the board.";
    return e;
  }

  async function findOutside() {
    setFound(null);
    setResult(null);
    const e: Record<string, string> = {};
    if (!outside.mrn.trim()) e.outsideMrn = "Give the patient's MRN.";
    if (!outside.birthDate) e.outsideBirthDate = "Give the patient's birth date.";
    setErrors(e);
    if (Object.keys(e).length) return;
    try {
      setFound(await lookup.mutateAsync({ mrn: outside.mrn, birthDate: calendarDate(outside.birthDate) }));
    } catch (error) {
      setResult({ alert: true, text: errorText(error) });
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setResult(null);
    const e = missing();
    setErrors(e);
    if (Object.keys(e).length) return setResult({ alert: true, text: `Please complete the marked fields: ${Object.values(e).join(" ")}` });
    try {
      const asNew = !outsideMode && !chosen;
      if (asNew && !differentPerson) {
        // A patient with this name and birth date may be known already: offer them before creating a duplicate.
        const same = await similarCheck.mutateAsync({ familyName: newPatient.familyName, givenName: newPatient.givenName, birthDate: calendarDate(newPatient.birthDate) });
        if (same.onYourBoards.length || same.elsewhere) return setSimilar(same);
      }
      const patient = outsideMode
        ? { kind: "found" as const, handle: foundHandle!, relationship: relationship.kind ? { kind: relationship.kind, statement: relationship.statement || null } : null }
        : chosen
          ? { kind: "existing" as const, patientId: chosen.id }
          : { kind: "new" as const, ...newPatient, birthDate: calendarDate(newPatient.birthDate), differentPerson };
      const cond =
        choice !== "new" && choice !== "none"
          ? { kind: "existing" as const, conditionId: choice }
          : choice === "none"
            ? null
            : { kind: "new" as const, ...condition, diagnosisDate: condition.diagnosisDate ? calendarDate(condition.diagnosisDate) : null };
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
      clearForm();
      setResult({
        alert: false,
        caseId: r.caseId,
        text: r.meeting ? `Referral saved. The case is on the agenda of ${when.format(r.meeting.startsAt)}.` : "Referral saved. No meeting takes referrals yet: the case is on the chair's waiting list.",
      });
      router.refresh();
    } catch (error) {
      const problems = error instanceof TRPCClientError ? (error.data as { zodError?: { path: string; message: string }[] | null } | undefined)?.zodError : null;
      if (problems?.length) {
        setErrors(Object.fromEntries(problems.map((p) => [FIELD_OF_PATH[p.path] ?? p.path, p.message])));
        setResult({ alert: true, text: `Please correct the marked fields: ${problems.map((p) => p.message).join(" ")}` });
      } else {
        setResult({ alert: true, text: errorText(error) });
      }
    }
  }

  const text = (id: string, field: string, label: string, value: string, onChange: (v: string) => void, props: Record<string, unknown> = {}) => (
    <div>
      <label className="label" htmlFor={id}>{label}</label>
      <input
        id={id}
        className="field"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          clearError(field);
        }}
        aria-invalid={errors[field] ? true : undefined}
        aria-describedby={errors[field] ? errorId(id) : undefined}
        {...props}
      />
      <FieldError id={id} message={errors[field]} />
    </div>
  );

  return (
    <form onSubmit={submit} noValidate aria-label="New referral" className="space-y-4">
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
        {outsideMode ? (
          <OutsidePatient
            outside={outside}
            setOutside={setOutside}
            found={found}
            finding={lookup.isPending}
            onFind={findOutside}
            relationship={relationship}
            setRelationship={(update) => {
              setRelationship(update);
              clearError("relationship");
            }}
            errors={errors}
            text={text}
            onBack={() => switchMode(false)}
          />
        ) : (
          <>
            {text("patient-search", "patient", "Find a patient (MRN or family name)", query, (v) => { setQuery(v); setChosen(null); }, { autoComplete: "off" })}
            {search.data && search.data.length > 0 && !chosen && (
              <ul aria-label="Matching patients" className="text-sm">
                {search.data.map((p) => (
                  <li key={p.id}>
                    <button type="button" className="link" onClick={() => choose(p)}>
                      {patientName(p)} · MRN {p.mrn} · born {formatCalendarDate(p.birthDate)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <p className="text-xs text-slate-500">
              This search covers the patients of your boards.{" "}
              <button type="button" className="link" onClick={() => switchMode(true)}>Patient of another board? Search by MRN and birth date</button>
            </p>
            {chosen ? (
              <p className="text-sm" role="status">
                Referring <strong>{patientName(chosen)}</strong>, MRN {chosen.mrn}.{" "}
                <button type="button" className="link" onClick={() => { setChosen(null); setConditionChoice("new"); }}>Choose another</button>
              </p>
            ) : (
              <div className="grid grid-cols-1 gap-2 md:grid-cols-5">
                <p className="text-xs text-slate-500 md:col-span-5">Or a patient new to Concilium:</p>
                {text("new-mrn", "mrn", "MRN", newPatient.mrn, (v) => setNewPatient((p) => ({ ...p, mrn: v })))}
                {text("new-family", "familyName", "Family name", newPatient.familyName, (v) => { setNewPatient((p) => ({ ...p, familyName: v })); setSimilar(null); })}
                {text("new-given", "givenName", "Given name", newPatient.givenName, (v) => { setNewPatient((p) => ({ ...p, givenName: v })); setSimilar(null); })}
                {text("new-birth", "birthDate", "Birth date", newPatient.birthDate, (v) => { setNewPatient((p) => ({ ...p, birthDate: v })); setSimilar(null); }, { type: "date" })}
                <div>
                  <label className="label" htmlFor="new-sex">Sex</label>
                  <select id="new-sex" className="field" value={newPatient.sex} onChange={(e) => setNewPatient((p) => ({ ...p, sex: e.target.value as Sex }))}>
                    <option value="FEMALE">Female</option>
                    <option value="MALE">Male</option>
                    <option value="OTHER">Other</option>
                    <option value="UNKNOWN">Unknown</option>
                  </select>
                </div>
                {similar && (
                  <div role="alert" aria-label="Possible duplicate" className="rounded border border-amber-400 bg-amber-50 p-2 text-sm md:col-span-5 dark:bg-amber-950">
                    {similar.onYourBoards.length > 0 && (
                      <>
                        <p>A patient of your boards has this name and birth date. Is it them?</p>
                        <ul>
                          {similar.onYourBoards.map((p) => (
                            <li key={p.id}>
                              <button type="button" className="link" onClick={() => choose(p)}>Use {patientName(p)}, MRN {p.mrn}</button>
                            </li>
                          ))}
                        </ul>
                      </>
                    )}
                    {similar.elsewhere && (
                      <p>
                        A patient with this name and birth date exists; give the MRN to refer them.{" "}
                        <button type="button" className="link" onClick={() => switchMode(true)}>Search by MRN and birth date</button>
                      </p>
                    )}
                    <label className="mt-1 flex items-center gap-2">
                      <input type="checkbox" checked={differentPerson} onChange={(e) => setDifferentPerson(e.target.checked)} />
                      This is a different person: refer as a new patient
                    </label>
                  </div>
                )}
              </div>
            )}
          </>
        )}
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-semibold">Cancer condition</legend>
        <div className="max-w-md">
          <label className="label" htmlFor="condition-choice">Condition</label>
          <select id="condition-choice" className="field" value={choice} onChange={(e) => setConditionChoice(e.target.value)}>
            {!outsideMode && chosen?.conditions.map((c) => <option key={c.id} value={c.id}>{c.morphologyDisplay}, {c.topographyDisplay} ({c.topographyCode})</option>)}
            <option value="new">A new condition…</option>
            <option value="none">Not known yet (diagnosis question)</option>
          </select>
        </div>
        {choice === "new" && (
          <div className="grid grid-cols-1 gap-2 md:grid-cols-5">
            {text("topography-code", "topographyCode", "Topography (ICD-O-3)", condition.topographyCode, (v) => setCondition((c) => ({ ...c, topographyCode: v })), { placeholder: example.topographyCode })}
            {text("topography-display", "topographyDisplay", "Site", condition.topographyDisplay, (v) => setCondition((c) => ({ ...c, topographyDisplay: v })), { placeholder: example.topographyDisplay })}
            {text("morphology-code", "morphologyCode", "Morphology (ICD-O-3)", condition.morphologyCode, (v) => setCondition((c) => ({ ...c, morphologyCode: v })), { placeholder: example.morphologyCode })}
            {text("morphology-display", "morphologyDisplay", "Histology", condition.morphologyDisplay, (v) => setCondition((c) => ({ ...c, morphologyDisplay: v })), { placeholder: example.morphologyDisplay })}
            {text("diagnosis-date", "diagnosisDate", "Diagnosis date", condition.diagnosisDate, (v) => setCondition((c) => ({ ...c, diagnosisDate: v })), { type: "date" })}
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
          <textarea
            id="clinical-question"
            className="field"
            rows={3}
            value={question}
            onChange={(e) => {
              setQuestion(e.target.value);
              clearError("clinicalQuestion");
            }}
            aria-invalid={errors.clinicalQuestion ? true : undefined}
            aria-describedby={errors.clinicalQuestion ? errorId("clinical-question") : undefined}
          />
          <FieldError id="clinical-question" message={errors.clinicalQuestion} />
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
        {text("physician-name", "referringPhysicianName", "Referring physician", physician.name, (v) => setPhysician((p) => ({ ...p, name: v })))}
        {text("physician-address", "referringPhysicianAddress", "Address", physician.address, (v) => setPhysician((p) => ({ ...p, address: v })))}
      </fieldset>

      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="btn-primary" disabled={create.isPending || similarCheck.isPending}>{create.isPending ? "Saving…" : "Refer to the board"}</button>
        {result && (
          <p role={result.alert ? "alert" : "status"} aria-label={result.alert ? "Referral problem" : "Referral result"} className="text-sm">
            {result.text} {result.caseId && <Link className="link" href={`/cases/${result.caseId}`}>Open the case</Link>}
          </p>
        )}
      </div>
    </form>
  );
}

type TextField = (id: string, field: string, label: string, value: string, onChange: (v: string) => void, props?: Record<string, unknown>) => ReactNode;

/** A patient of other boards: MRN and birth date together, an answer that only says "exists", and the declared relationship. */
function OutsidePatient(props: {
  outside: { mrn: string; birthDate: string };
  setOutside: (update: (o: { mrn: string; birthDate: string }) => { mrn: string; birthDate: string }) => void;
  found: { handle: string | null } | null;
  finding: boolean;
  onFind: () => void;
  relationship: { kind: RelationshipKindName | ""; statement: string };
  setRelationship: (update: (r: { kind: RelationshipKindName | ""; statement: string }) => { kind: RelationshipKindName | ""; statement: string }) => void;
  errors: Record<string, string>;
  text: TextField;
  onBack: () => void;
}) {
  const { outside, setOutside, found, relationship, setRelationship, errors, text } = props;
  return (
    <div className="space-y-2">
      <p className="text-xs text-slate-500">
        Patients of other boards are found by MRN and birth date together, and you see only whether they exist. These searches are counted (at most 20 in 10 minutes).{" "}
        <button type="button" className="link" onClick={props.onBack}>Back to your boards&apos; patients</button>
      </p>
      <div className="flex flex-wrap items-end gap-2">
        {text("outside-mrn", "outsideMrn", "Their MRN", outside.mrn, (v) => setOutside((o) => ({ ...o, mrn: v })), { autoComplete: "off" })}
        {text("outside-birth", "outsideBirthDate", "Their birth date", outside.birthDate, (v) => setOutside((o) => ({ ...o, birthDate: v })), { type: "date" })}
        <button type="button" className="btn" onClick={props.onFind} disabled={props.finding}>{props.finding ? "Searching…" : "Find patient"}</button>
      </div>
      {found && (
        <p role="status" aria-label="Search outside your boards" className="text-sm">
          {found.handle ? "A patient with this MRN and birth date exists." : "No patient has this MRN and birth date."}
        </p>
      )}
      {found?.handle && (
        <div className="grid grid-cols-1 gap-2 md:grid-cols-2">
          <p className="text-xs text-slate-500 md:col-span-2">
            If this patient has no case on your boards, referring them opens their record to your board. Say why you treat them: your declaration is recorded, the privacy officer reviews it,
            and the chairs of the patient&apos;s boards are told.
          </p>
          <div>
            <label className="label" htmlFor="relationship-kind">Your treatment relationship</label>
            <select
              id="relationship-kind"
              className="field"
              value={relationship.kind}
              onChange={(e) => setRelationship((r) => ({ ...r, kind: e.target.value as RelationshipKindName | "" }))}
              aria-invalid={errors.relationship ? true : undefined}
              aria-describedby={errors.relationship ? errorId("relationship-kind") : undefined}
            >
              <option value="">Choose…</option>
              {RELATIONSHIP_KINDS.map((k) => <option key={k} value={k}>{RELATIONSHIP_LABELS[k]}</option>)}
            </select>
            <FieldError id="relationship-kind" message={errors.relationship} />
          </div>
          {relationship.kind && relationshipNeedsStatement(relationship.kind) &&
            text("relationship-statement", "relationshipStatement", relationship.kind === "SECOND_OPINION" ? "Requested by (name and role)" : "Ground", relationship.statement, (v) => setRelationship((r) => ({ ...r, statement: v })))}
        </div>
      )}
    </div>
  );
}
