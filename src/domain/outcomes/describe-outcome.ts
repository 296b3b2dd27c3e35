import {
  CAUSE_OF_DEATH_LABELS,
  DEVIATION_REASON_LABELS,
  DISEASE_STATUS_EVIDENCE_LABELS,
  DISEASE_STATUS_LABELS,
  OUTCOME_KIND_LABELS,
  OUTCOME_TREATMENT_LABELS,
  type CauseOfDeathName,
  type DeviationReasonName,
  type DiseaseStatusEvidenceName,
  type DiseaseStatusName,
  type OutcomeKindName,
  type OutcomeTreatmentName,
} from "./vocabulary";
import { formatCalendarDate } from "../dates/format-date";

export interface DescribableOutcome {
  kind: OutcomeKindName;
  endedOn?: Date | null;
  treatment?: OutcomeTreatmentName | null;
  treatmentIntent?: string | null;
  followedRecommendation?: boolean | null;
  deviationReason?: DeviationReasonName | null;
  diseaseStatus?: DiseaseStatusName | null;
  evidence?: readonly DiseaseStatusEvidenceName[];
  causeOfDeath?: CauseOfDeathName | null;
}

/** One line for tables and histories: "Surgery, curative, until 03 Mar 2026; did not follow the recommendation (fitness)". */
export function describeOutcome(o: DescribableOutcome): string {
  switch (o.kind) {
    case "TREATMENT": {
      const parts = [o.treatment ? OUTCOME_TREATMENT_LABELS[o.treatment] : "Treatment"];
      if (o.treatmentIntent && o.treatmentIntent !== "NONE") parts.push(o.treatmentIntent.toLowerCase());
      if (o.endedOn) parts.push(`until ${formatCalendarDate(o.endedOn)}`);
      const followed =
        o.followedRecommendation === true
          ? "followed the recommendation"
          : o.followedRecommendation === false
            ? `did not follow the recommendation${o.deviationReason ? ` (${DEVIATION_REASON_LABELS[o.deviationReason].toLowerCase()})` : ""}`
            : null;
      return followed ? `${parts.join(", ")}; ${followed}` : parts.join(", ");
    }
    case "DISEASE_STATUS":
    case "PROGRESSION":
    case "RECURRENCE": {
      const head = o.kind === "DISEASE_STATUS" && o.diseaseStatus ? DISEASE_STATUS_LABELS[o.diseaseStatus] : OUTCOME_KIND_LABELS[o.kind];
      const evidence = (o.evidence ?? []).map((e) => DISEASE_STATUS_EVIDENCE_LABELS[e].toLowerCase());
      return evidence.length > 0 ? `${head} (${evidence.join(", ")})` : head;
    }
    case "DEATH":
      return `Died${o.causeOfDeath ? ` (${CAUSE_OF_DEATH_LABELS[o.causeOfDeath].toLowerCase()})` : ""}`;
    default:
      return OUTCOME_KIND_LABELS[o.kind];
  }
}
