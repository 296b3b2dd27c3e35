import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

const versionSelect = {
  id: true,
  lineageId: true,
  version: true,
  kind: true,
  occurredOn: true,
  endedOn: true,
  treatment: true,
  treatmentIntent: true,
  followedRecommendation: true,
  deviationReason: true,
  diseaseStatus: true,
  evidence: true,
  causeOfDeath: true,
  note: true,
  correctionReason: true,
  retractedAt: true,
  retractionReason: true,
  source: true,
  createdAt: true,
  supersededById: true,
  recordedBy: { select: { name: true } },
} as const;

/**
 * A case's outcomes as their history: one entry per lineage with its current version (the one no later version
 * replaces; withdrawn ones stay, marked) and every older version, newest first. Vital status recorded on another case
 * of the patient (a death) is shown too, as it ends this case's follow-up.
 */
export async function listCaseOutcomes(db: Db, actor: Actor, caseId: string) {
  const kase = await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { id: true, patientId: true } });
  const rows = await db.outcome.findMany({
    where: { OR: [{ caseId }, { patientId: kase.patientId, kind: "DEATH", caseId: { not: caseId } }] },
    orderBy: [{ lineageId: "asc" }, { version: "desc" }],
    select: { ...versionSelect, caseId: true },
  });
  await recordAudit(db, actor, { action: "outcomes.read", entityType: "Case", entityId: kase.id, patientId: kase.patientId });

  const lineages = new Map<string, typeof rows>();
  for (const row of rows) lineages.set(row.lineageId, [...(lineages.get(row.lineageId) ?? []), row]);
  return [...lineages.values()]
    .map((versions) => {
      const current = versions.find((v) => !v.supersededById) ?? versions[0]!;
      const view = (v: (typeof rows)[number]) => ({ ...v, recordedBy: v.recordedBy.name });
      return {
        lineageId: current.lineageId,
        fromOtherCase: current.caseId !== caseId,
        current: view(current),
        corrected: versions.length > 1,
        withdrawn: !!current.retractedAt,
        olderVersions: versions.filter((v) => v.id !== current.id).map(view),
      };
    })
    .sort((a, b) => b.current.occurredOn.getTime() - a.current.occurredOn.getTime() || b.current.createdAt.getTime() - a.current.createdAt.getTime());
}
