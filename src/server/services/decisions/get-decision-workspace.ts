import { diffDecisions, prefillFromSigned } from "@/domain/decisions/content";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { decisionDiscussedOn, loadDecisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";
import { contentOf, siteOfCondition } from "./decision-content";
import { measurementsForPatient } from "./decision-measurements";
import { CLINICAL_USER } from "../boards/clinical-members";

/**
 * What the decision form needs for a case: the latest version to edit, every version as a history with what
 * changed, the patient's last signed decision to pre-fill from, the board's members (task owners, dissenters) and
 * the measurements available to the summary. The pre-fill comes only from decisions the user may read already:
 * those of cases on boards they are a member of (a referral to one's own board opens no other board's decisions).
 */
export async function getDecisionWorkspace(db: Db, actor: Actor & { boardIds: string[] }, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      id: true,
      patientId: true,
      boardId: true,
      ecog: true,
      condition: { select: { topographyCode: true } },
      decisions: {
        orderBy: { version: "asc" },
        include: { recordedBy: { select: { name: true } }, signedBy: { select: { name: true } }, meeting: { select: meetingDaySelect } },
      },
      agendaItems: { select: { meetingId: true, discussedAt: true } },
    },
  });
  const [lastSigned, members, measurements] = await Promise.all([
    db.decision.findFirst({
      where: { status: "SIGNED", case: { patientId: kase.patientId, boardId: { in: actor.boardIds } } },
      orderBy: [{ signedAt: "desc" }, { version: "desc" }],
      select: { id: true, caseId: true, meetingId: true, version: true, signedAt: true, createdAt: true, meeting: { select: meetingDaySelect } },
    }),
    db.user.findMany({
      where: { active: true, ...CLINICAL_USER, memberships: { some: { boardId: kase.boardId } } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, role: true, specialty: true },
    }),
    measurementsForPatient(db, kase.patientId),
  ]);
  const lastSignedRow = lastSigned ? await db.decision.findUniqueOrThrow({ where: { id: lastSigned.id } }) : null;
  const lastSignedOn = lastSigned ? await loadDecisionDiscussedOn(db, lastSigned) : null;
  await recordAudit(db, actor, { action: "decision.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });

  const versions = kase.decisions.map((d, i) => {
    const content = contentOf(d);
    const previous = i > 0 ? contentOf(kase.decisions[i - 1]!) : null;
    return {
      id: d.id,
      version: d.version,
      status: d.status,
      revision: d.revision,
      meetingId: d.meetingId,
      meetingStartsAt: d.meeting?.startsAt ?? null,
      content,
      recordedBy: d.recordedBy.name,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      signedBy: d.signedBy?.name ?? null,
      signedAt: d.signedAt,
      correctionReason: d.correctionReason,
      quorate: d.quorate,
      quorumMissing: d.quorumMissing,
      quorumOverrideReason: d.quorumOverrideReason,
      discussedOn: decisionDiscussedOn(d, kase.agendaItems),
      changes: diffDecisions(previous, content),
    };
  });

  return {
    caseId: kase.id,
    site: siteOfCondition(kase.condition),
    versions: versions.reverse(),
    prefill:
      lastSigned && lastSignedRow
        ? { decisionId: lastSigned.id, fromCaseId: lastSigned.caseId, version: lastSigned.version, decidedAt: lastSignedOn ?? lastSigned.createdAt, content: prefillFromSigned(contentOf(lastSignedRow)) }
        : null,
    members,
    measurements,
    /** ECOG recorded at referral: a first decision starts from it. */
    referralEcog: kase.ecog,
  };
}

/** The measurements for the summary, asked for again (the form's "Refresh measurements"). */
export async function pullDecisionMeasurements(db: Db, actor: Actor, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, patientId: true } });
  const measurements = await measurementsForPatient(db, kase.patientId);
  await recordAudit(db, actor, { action: "decision.measurements.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId, detail: { count: measurements.length } });
  return measurements;
}
