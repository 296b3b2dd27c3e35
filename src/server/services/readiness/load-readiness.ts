import { evaluateReadiness, type Readiness, type ReadinessFacts, type ReadinessRule } from "@/domain/readiness/readiness";
import { SPECIALTY_LABELS } from "@/domain/roles";
import type { Db } from "../db-types";
import { rulesOfBoards } from "./rule-sets";

/**
 * Readiness of many cases at once, in a constant number of queries whatever their number: cases, rules, studies,
 * slides, pathology findings, pending AI findings and open requests are each loaded in one query.
 */
export async function readinessOfCases(db: Db, caseIds: readonly string[], now: Date): Promise<Map<string, Readiness>> {
  const result = new Map<string, Readiness>();
  if (caseIds.length === 0) return result;
  const cases = await db.case.findMany({ where: { id: { in: [...caseIds] } }, select: { id: true, boardId: true, patientId: true, ecog: true, ecogRecordedAt: true } });
  const patientIds = [...new Set(cases.map((c) => c.patientId))];
  const [rules, studies, slides, pathologyFindings, pendingAi, requests] = await Promise.all([
    rulesOfBoards(db, [...new Set(cases.map((c) => c.boardId))]),
    db.imagingStudy.findMany({ where: { patientId: { in: patientIds } }, select: { patientId: true, modality: true, description: true, studyDate: true } }),
    db.slide.findMany({ where: { patientId: { in: patientIds }, importStatus: "READY" }, select: { patientId: true, acquiredAt: true, stain: true } }),
    db.finding.findMany({ where: { patientId: { in: patientIds }, slideId: { not: null }, review: { not: "REJECTED" } }, select: { patientId: true, observedAt: true, kind: true } }),
    db.finding.groupBy({ by: ["patientId"], where: { patientId: { in: patientIds }, source: "AI", review: "PENDING" }, _count: { _all: true } }),
    db.followUpTask.findMany({
      where: { caseId: { in: [...caseIds] }, kind: "READINESS_REQUEST", status: "OPEN" },
      select: { caseId: true, readinessKey: true, ownerSpecialty: true, createdAt: true, owner: { select: { name: true } } },
    }),
  ]);
  const group = <T extends { patientId: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) map.set(row.patientId, [...(map.get(row.patientId) ?? []), row]);
    return map;
  };
  const studiesBy = group(studies);
  const slidesBy = group(slides);
  const pathologyBy = group(pathologyFindings);
  const pendingBy = new Map(pendingAi.map((p) => [p.patientId, p._count._all]));

  for (const c of cases) {
    const facts: ReadinessFacts = {
      studies: studiesBy.get(c.patientId) ?? [],
      pathology: [
        ...(slidesBy.get(c.patientId) ?? []).map((s) => ({ date: s.acquiredAt, label: `Slide (${s.stain})` })),
        ...(pathologyBy.get(c.patientId) ?? []).map((f) => ({ date: f.observedAt, label: f.kind })),
      ],
      pendingAiFindings: pendingBy.get(c.patientId) ?? 0,
      ecog: { value: c.ecog, recordedAt: c.ecogRecordedAt },
      openRequests: requests
        .filter((r) => r.caseId === c.id && r.readinessKey)
        .map((r) => ({ readinessKey: r.readinessKey!, ownerLabel: r.owner?.name ?? (r.ownerSpecialty ? SPECIALTY_LABELS[r.ownerSpecialty] : "someone"), createdAt: r.createdAt })),
    };
    result.set(c.id, evaluateReadiness(rules.get(c.boardId) ?? ([] as ReadinessRule[]), facts, now));
  }
  return result;
}
