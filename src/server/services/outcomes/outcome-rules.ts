import { answers, checkpointByKey, TREATMENT_START } from "@/domain/outcomes/schedule";
import { calendarDayIn, normaliseOutcome, outcomeProblems, type OutcomeFacts } from "@/domain/outcomes/validate-outcome";
import type { Actor, Db } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";
import { CURRENT_OUTCOME } from "./read-dataset";

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
export const dayOf = (iso: string) => new Date(`${iso}T00:00:00Z`);

/**
 * Checks an outcome against the patient's record (birth, recorded death, other events) and today in the user's time
 * zone; refuses with one message per field. `replacing` is the lineage being corrected, left out of the comparison.
 */
export async function checkOutcome(tx: Db, patientId: string, facts: OutcomeFacts, options: { timeZone?: string; now: Date; replacingLineage?: string }) {
  const [patient, others] = await Promise.all([
    tx.patient.findUniqueOrThrow({ where: { id: patientId }, select: { birthDate: true } }),
    tx.outcome.findMany({
      where: { patientId, ...CURRENT_OUTCOME, ...(options.replacingLineage ? { lineageId: { not: options.replacingLineage } } : {}) },
      select: { kind: true, occurredOn: true, endedOn: true },
    }),
  ]);
  const death = others.find((o) => o.kind === "DEATH");
  const latest = others
    .filter((o) => o.kind !== "DEATH")
    .flatMap((o) => [o.occurredOn, o.endedOn].filter((d): d is Date => !!d))
    .reduce<Date | null>((a, b) => (!a || b > a ? b : a), null);
  const problems = outcomeProblems(facts, {
    today: calendarDayIn(options.now, options.timeZone),
    birthDate: isoDay(patient.birthDate),
    deathOn: death ? isoDay(death.occurredOn) : null,
    latestOtherEventOn: latest ? isoDay(latest) : null,
  });
  if (problems.length > 0) throw new ServiceError("BAD_REQUEST", problems.map((p) => p.message).join(" "), problems);
  const n = normaliseOutcome(facts);
  return {
    kind: n.kind,
    occurredOn: dayOf(n.occurredOn),
    endedOn: n.endedOn ? dayOf(n.endedOn) : null,
    treatment: n.treatment,
    treatmentIntent: n.treatmentIntent,
    followedRecommendation: n.followedRecommendation,
    deviationReason: n.deviationReason,
    diseaseStatus: n.diseaseStatus,
    evidence: [...n.evidence],
    causeOfDeath: n.causeOfDeath,
    note: n.note,
  };
}

/**
 * Closes the open OUTCOME_DUE tasks an outcome answers: a treatment answers "treatment start", a status the follow-up
 * checkpoint whose window it falls in; a death or loss to follow-up ends the schedule, so it closes them all.
 */
export async function completeAnsweredTasks(tx: Db, actor: Actor, outcome: { id: string; caseId: string; patientId: string; kind: OutcomeFacts["kind"]; occurredOn: Date }, now: Date) {
  const ends = outcome.kind === "DEATH" || outcome.kind === "LOST_TO_FOLLOW_UP";
  const tasks = await tx.followUpTask.findMany({
    where: { kind: "OUTCOME_DUE", status: "OPEN", ...(outcome.kind === "DEATH" ? { case: { patientId: outcome.patientId } } : { caseId: outcome.caseId }) },
    select: { id: true, outcomeCheckpoint: true, decision: { select: { signedAt: true } }, case: { select: { board: { select: { treatmentStartWeeks: true, followUpMonths: true } } } } },
  });
  const answered = tasks.filter((t) => {
    if (ends) return true;
    if (!t.outcomeCheckpoint || !t.decision?.signedAt) return false;
    const checkpoint = checkpointByKey(t.decision.signedAt, t.case.board, t.outcomeCheckpoint);
    // A checkpoint that the board's schedule no longer has is answered by any outcome of its sort.
    if (!checkpoint) return (t.outcomeCheckpoint === TREATMENT_START) === (outcome.kind === "TREATMENT");
    return answers(checkpoint, outcome);
  });
  if (answered.length === 0) return;
  await tx.followUpTask.updateMany({ where: { id: { in: answered.map((t) => t.id) }, status: "OPEN" }, data: { status: "DONE", completedAt: now } });
  await recordAudit(
    tx,
    actor,
    answered.map((t) => ({ action: "task.complete", entityType: "FollowUpTask", entityId: t.id, patientId: outcome.patientId, detail: { answeredBy: outcome.id, checkpoint: t.outcomeCheckpoint } })),
  );
}
