import { outcomeCompleteness } from "@/domain/outcomes/schedule";
import type { Db } from "../db-types";
import { CURRENT_OUTCOME } from "./read-dataset";

/**
 * Outcome completeness of one board: of the living patients with a signed decision (not dead, not lost to follow-up),
 * how many have an outcome dated in the last six months. Counts only: no patient data leaves this function.
 */
export async function boardOutcomeCompleteness(db: Db, boardId: string, now = new Date()) {
  const cases = await db.case.findMany({
    where: { boardId, decisions: { some: { status: "SIGNED" } } },
    select: {
      patientId: true,
      outcomes: { where: CURRENT_OUTCOME, select: { kind: true, occurredOn: true } },
      patient: { select: { outcomes: { where: { ...CURRENT_OUTCOME, kind: { in: ["DEATH", "ALIVE", "LOST_TO_FOLLOW_UP"] } }, select: { kind: true, occurredOn: true } } } },
    },
  });
  // A patient with two cases on the board counts once, with everything recorded on either.
  const byPatient = new Map<string, { kind: (typeof cases)[number]["outcomes"][number]["kind"]; occurredOn: Date }[]>();
  for (const c of cases) byPatient.set(c.patientId, [...(byPatient.get(c.patientId) ?? []), ...c.outcomes, ...c.patient.outcomes]);
  return { months: 6, ...outcomeCompleteness([...byPatient.values()].map((outcomes) => ({ outcomes })), now) };
}
