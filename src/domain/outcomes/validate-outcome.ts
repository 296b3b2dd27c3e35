/**
 * What an outcome must say, per kind, and the dates it may carry. Pure: the service gathers the context (today in the
 * user's time zone, the patient's birth, the death already recorded, the latest other event) and refuses with these
 * messages, one per field.
 *
 * Rules: no date in the future; none before the patient's birth; a treatment ends on or after its start; nothing
 * happens after a recorded death; a patient dies once; a death cannot precede an outcome already recorded.
 */
import type {
  CauseOfDeathName,
  DeviationReasonName,
  DiseaseStatusEvidenceName,
  DiseaseStatusName,
  OutcomeKindName,
  OutcomeTreatmentName,
} from "./vocabulary";
import { formatCalendarDate } from "../dates/format-date";
import type { IntentName } from "../decisions/catalogue";

export interface OutcomeFacts {
  kind: OutcomeKindName;
  /** YYYY-MM-DD: treatment start, status date, progression, last contact alive, death, lost. */
  occurredOn: string;
  endedOn?: string | null;
  treatment?: OutcomeTreatmentName | null;
  treatmentIntent?: IntentName | null;
  followedRecommendation?: boolean | null;
  deviationReason?: DeviationReasonName | null;
  diseaseStatus?: DiseaseStatusName | null;
  evidence?: readonly DiseaseStatusEvidenceName[];
  causeOfDeath?: CauseOfDeathName | null;
  note?: string;
}

export interface OutcomeContext {
  /** YYYY-MM-DD in the user's time zone. */
  today: string;
  birthDate: string;
  /** The patient's recorded death (another record than the one being corrected), if any. */
  deathOn: string | null;
  /** The latest date of the patient's other current outcomes (for a death dated before them). */
  latestOtherEventOn: string | null;
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** The calendar day of an instant in a time zone (falls back to UTC for an unknown zone). */
export function calendarDayIn(instant: Date, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
  } catch {
    return instant.toISOString().slice(0, 10);
  }
}

const show = (iso: string) => formatCalendarDate(new Date(`${iso}T00:00:00Z`));

/** Keeps only the fields that mean something for the kind, so that a switched form leaves nothing stray behind. */
export function normaliseOutcome(facts: OutcomeFacts): Required<OutcomeFacts> {
  const treatment = facts.kind === "TREATMENT";
  const followed = treatment ? (facts.followedRecommendation ?? null) : null;
  return {
    kind: facts.kind,
    occurredOn: facts.occurredOn,
    endedOn: treatment ? (facts.endedOn ?? null) : null,
    treatment: treatment ? (facts.treatment ?? null) : null,
    treatmentIntent: treatment ? (facts.treatmentIntent ?? null) : null,
    followedRecommendation: followed,
    deviationReason: followed === false ? (facts.deviationReason ?? null) : null,
    diseaseStatus: facts.kind === "DISEASE_STATUS" ? (facts.diseaseStatus ?? null) : null,
    evidence: facts.kind === "DISEASE_STATUS" || facts.kind === "PROGRESSION" || facts.kind === "RECURRENCE" ? [...new Set(facts.evidence ?? [])] : [],
    causeOfDeath: facts.kind === "DEATH" ? (facts.causeOfDeath ?? null) : null,
    note: (facts.note ?? "").trim(),
  };
}

/** Every problem with an outcome, empty when it may be recorded. */
export function outcomeProblems(raw: OutcomeFacts, context: OutcomeContext): FieldProblem[] {
  const facts = normaliseOutcome(raw);
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  for (const [field, value] of [["occurredOn", facts.occurredOn], ["endedOn", facts.endedOn]] as const) {
    if (!value) continue;
    if (value > context.today) add(field, `${show(value)} is in the future (today is ${show(context.today)}).`);
    else if (value < context.birthDate) add(field, `${show(value)} is before the patient's birth (${show(context.birthDate)}).`);
  }
  if (facts.endedOn && facts.endedOn < facts.occurredOn) add("endedOn", "The treatment cannot end before it started.");

  if (facts.kind === "DEATH") {
    if (context.deathOn) add("kind", `The patient's death is already recorded (${show(context.deathOn)}): correct that record instead.`);
    else if (context.latestOtherEventOn && facts.occurredOn < context.latestOtherEventOn) {
      add("occurredOn", `An outcome is recorded on ${show(context.latestOtherEventOn)}, after this date: the death cannot come before it.`);
    }
  } else if (context.deathOn) {
    const latest = facts.endedOn && facts.endedOn > facts.occurredOn ? facts.endedOn : facts.occurredOn;
    if (latest > context.deathOn) add(latest === facts.occurredOn ? "occurredOn" : "endedOn", `The patient died on ${show(context.deathOn)}: nothing can be recorded after that.`);
  }

  switch (facts.kind) {
    case "TREATMENT":
      if (!facts.treatment) add("treatment", "Say which treatment was given.");
      if (facts.followedRecommendation === null) add("followedRecommendation", "Say whether the treatment followed the board's recommendation.");
      else if (facts.followedRecommendation === false && !facts.deviationReason) add("deviationReason", "Say why the recommendation was not followed.");
      break;
    case "DISEASE_STATUS":
      if (!facts.diseaseStatus) add("diseaseStatus", "Choose the disease status.");
      else if (facts.diseaseStatus !== "NOT_ASSESSED" && facts.evidence.length === 0) add("evidence", "Say what the status rests on: imaging, pathology or clinical.");
      break;
    case "DEATH":
      if (!facts.causeOfDeath) add("causeOfDeath", "Choose the cause of death (cancer, other or unknown).");
      break;
    default:
      break;
  }
  return problems;
}
