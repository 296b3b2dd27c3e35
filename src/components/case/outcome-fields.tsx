"use client";

import { errorId, FieldError } from "@/components/decisions/decision-fields";
import { INTENTS } from "@/domain/decisions/catalogue";
import {
  CAUSE_OF_DEATH_LABELS,
  CAUSES_OF_DEATH,
  DEVIATION_REASON_LABELS,
  DEVIATION_REASONS,
  DISEASE_STATUS_EVIDENCE,
  DISEASE_STATUS_EVIDENCE_LABELS,
  DISEASE_STATUS_LABELS,
  DISEASE_STATUSES,
  OUTCOME_TREATMENT_LABELS,
  OUTCOME_TREATMENTS,
  type CauseOfDeathName,
  type DeviationReasonName,
  type DiseaseStatusEvidenceName,
  type DiseaseStatusName,
  type OutcomeKindName,
  type OutcomeTreatmentName,
} from "@/domain/outcomes/vocabulary";
import type { IntentName } from "@/domain/decisions/catalogue";

/** The form's state: every field of every kind; the server keeps only those of the chosen kind. */
export interface OutcomeDraft {
  kind: OutcomeKindName;
  occurredOn: string;
  endedOn: string;
  treatment: OutcomeTreatmentName | "";
  treatmentIntent: IntentName | "";
  followedRecommendation: "yes" | "no" | "";
  deviationReason: DeviationReasonName | "";
  diseaseStatus: DiseaseStatusName | "";
  evidence: DiseaseStatusEvidenceName[];
  causeOfDeath: CauseOfDeathName | "";
  note: string;
}

export const DATE_LABELS: Record<OutcomeKindName, string> = {
  TREATMENT: "Start date",
  DISEASE_STATUS: "Status date",
  PROGRESSION: "Progression date",
  RECURRENCE: "Recurrence date",
  ALIVE: "Last contact",
  DEATH: "Date of death",
  LOST_TO_FOLLOW_UP: "Last known contact",
};

const INTENT_LABELS: Record<IntentName, string> = { CURATIVE: "Curative", PALLIATIVE: "Palliative", NONE: "Not applicable" };

/** The API's shape of a draft: empty strings become null, the yes/no answer a boolean. */
export function draftToFacts(d: OutcomeDraft) {
  return {
    occurredOn: d.occurredOn,
    endedOn: d.endedOn || null,
    treatment: d.treatment || null,
    treatmentIntent: d.treatmentIntent || null,
    followedRecommendation: d.followedRecommendation === "" ? null : d.followedRecommendation === "yes",
    deviationReason: d.deviationReason || null,
    diseaseStatus: d.diseaseStatus || null,
    evidence: d.evidence,
    causeOfDeath: d.causeOfDeath || null,
    note: d.note,
  };
}

type Errors = Partial<Record<string, string>>;
const described = (errors: Errors, id: string, field: string) => (errors[field] ? { "aria-invalid": true, "aria-describedby": errorId(id) } : {});

/** The fields that matter for one kind of outcome; ids are prefixed so that two forms can share a page. */
export function OutcomeFields({ prefix, draft, set, errors, today }: { prefix: string; draft: OutcomeDraft; set: (patch: Partial<OutcomeDraft>) => void; errors: Errors; today: string }) {
  const id = (name: string) => `${prefix}-${name}`;
  const evidenceApplies = draft.kind === "DISEASE_STATUS" || draft.kind === "PROGRESSION" || draft.kind === "RECURRENCE";
  return (
    <>
      <div>
        <label className="label" htmlFor={id("date")}>{DATE_LABELS[draft.kind]}</label>
        <input id={id("date")} type="date" className="field" required max={today} value={draft.occurredOn} onChange={(e) => set({ occurredOn: e.target.value })} {...described(errors, id("date"), "occurredOn")} />
        <FieldError id={id("date")} message={errors.occurredOn} />
      </div>

      {draft.kind === "TREATMENT" && (
        <>
          <div>
            <label className="label" htmlFor={id("treatment")}>Treatment</label>
            <select id={id("treatment")} className="field" required value={draft.treatment} onChange={(e) => set({ treatment: e.target.value as OutcomeDraft["treatment"] })} {...described(errors, id("treatment"), "treatment")}>
              <option value="">Choose…</option>
              {OUTCOME_TREATMENTS.map((t) => <option key={t} value={t}>{OUTCOME_TREATMENT_LABELS[t]}</option>)}
            </select>
            <FieldError id={id("treatment")} message={errors.treatment} />
          </div>
          <div>
            <label className="label" htmlFor={id("ended")}>End date</label>
            <input id={id("ended")} type="date" className="field" max={today} min={draft.occurredOn || undefined} value={draft.endedOn} onChange={(e) => set({ endedOn: e.target.value })} {...described(errors, id("ended"), "endedOn")} />
            <FieldError id={id("ended")} message={errors.endedOn} />
          </div>
          <div>
            <label className="label" htmlFor={id("intent")}>Intent</label>
            <select id={id("intent")} className="field" value={draft.treatmentIntent} onChange={(e) => set({ treatmentIntent: e.target.value as OutcomeDraft["treatmentIntent"] })}>
              <option value="">Not recorded</option>
              {INTENTS.map((i) => <option key={i} value={i}>{INTENT_LABELS[i]}</option>)}
            </select>
          </div>
          <fieldset {...described(errors, id("followed"), "followedRecommendation")}>
            <legend className="label">Followed the board&apos;s recommendation?</legend>
            <div className="flex gap-3 pt-1 text-sm">
              {(["yes", "no"] as const).map((v) => (
                <label key={v} className="flex items-center gap-1">
                  <input type="radio" name={id("followed")} value={v} checked={draft.followedRecommendation === v} onChange={() => set({ followedRecommendation: v })} />
                  {v === "yes" ? "Yes" : "No"}
                </label>
              ))}
            </div>
            <FieldError id={id("followed")} message={errors.followedRecommendation} />
          </fieldset>
          {draft.followedRecommendation === "no" && (
            <div>
              <label className="label" htmlFor={id("deviation")}>Why not?</label>
              <select id={id("deviation")} className="field" required value={draft.deviationReason} onChange={(e) => set({ deviationReason: e.target.value as OutcomeDraft["deviationReason"] })} {...described(errors, id("deviation"), "deviationReason")}>
                <option value="">Choose…</option>
                {DEVIATION_REASONS.map((r) => <option key={r} value={r}>{DEVIATION_REASON_LABELS[r]}</option>)}
              </select>
              <FieldError id={id("deviation")} message={errors.deviationReason} />
            </div>
          )}
        </>
      )}

      {draft.kind === "DISEASE_STATUS" && (
        <div>
          <label className="label" htmlFor={id("status")}>Disease status</label>
          <select id={id("status")} className="field" required value={draft.diseaseStatus} onChange={(e) => set({ diseaseStatus: e.target.value as OutcomeDraft["diseaseStatus"] })} {...described(errors, id("status"), "diseaseStatus")}>
            <option value="">Choose…</option>
            {DISEASE_STATUSES.map((s) => <option key={s} value={s}>{DISEASE_STATUS_LABELS[s]}</option>)}
          </select>
          <FieldError id={id("status")} message={errors.diseaseStatus} />
        </div>
      )}

      {evidenceApplies && (
        <fieldset {...described(errors, id("evidence"), "evidence")}>
          <legend className="label">Evidence</legend>
          <div className="flex gap-3 pt-1 text-sm">
            {DISEASE_STATUS_EVIDENCE.map((e) => (
              <label key={e} className="flex items-center gap-1">
                <input
                  type="checkbox"
                  checked={draft.evidence.includes(e)}
                  onChange={(event) => set({ evidence: event.target.checked ? [...draft.evidence, e] : draft.evidence.filter((x) => x !== e) })}
                />
                {DISEASE_STATUS_EVIDENCE_LABELS[e]}
              </label>
            ))}
          </div>
          <FieldError id={id("evidence")} message={errors.evidence} />
        </fieldset>
      )}

      {draft.kind === "DEATH" && (
        <div>
          <label className="label" htmlFor={id("cause")}>Cause of death</label>
          <select id={id("cause")} className="field" required value={draft.causeOfDeath} onChange={(e) => set({ causeOfDeath: e.target.value as OutcomeDraft["causeOfDeath"] })} {...described(errors, id("cause"), "causeOfDeath")}>
            <option value="">Choose…</option>
            {CAUSES_OF_DEATH.map((c) => <option key={c} value={c}>{CAUSE_OF_DEATH_LABELS[c]}</option>)}
          </select>
          <FieldError id={id("cause")} message={errors.causeOfDeath} />
        </div>
      )}

      <div className="min-w-56 flex-1">
        <label className="label" htmlFor={id("note")}>Note</label>
        <input id={id("note")} className="field" maxLength={2000} value={draft.note} onChange={(e) => set({ note: e.target.value })} />
      </div>
    </>
  );
}
