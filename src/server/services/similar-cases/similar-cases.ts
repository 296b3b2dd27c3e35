import { ageOn, siteOf, type DatasetRow } from "@/domain/outcomes/dataset";
import { mostSimilar, type SimilarityFields } from "@/domain/outcomes/similarity";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { datasetVersion, readDataset } from "../outcomes/read-dataset";

export interface SimilarCase {
  /** Set only when the user may open the patient (a patient of one of their boards). */
  caseId: string | null;
  /** The patient's name when the user may open the patient; otherwise null and only the pseudonym shows. */
  patientName: string | null;
  pseudonym: string;
  board: string;
  decisionQuarter: string;
  stageGroup: string | null;
  histology: string | null;
  biomarkers: string | null;
  ecog: number | null;
  ageBand: string | null;
  intent: string | null;
  modalities: string | null;
  treatmentGiven: string | null;
  treatmentFollowedRecommendation: boolean | null;
  osDays: number | null;
  osEvent: boolean | null;
  pfsDays: number | null;
  pfsEvent: boolean | null;
  vitalStatus: string | null;
  latestDiseaseStatus: string | null;
  score: number;
  reasons: string[];
}

/** Rows of a set of boards, kept while their dataset version stays the same: the case page reads them often. */
const cache = new Map<string, { version: string; rows: DatasetRow[] }>();

async function cachedDataset(db: Db, boardIds: string[]): Promise<DatasetRow[]> {
  const key = [...boardIds].sort().join(",");
  const version = await datasetVersion(db, boardIds);
  const hit = cache.get(key);
  if (hit && hit.version === version) return hit.rows;
  const rows = await readDataset(db, boardIds);
  cache.set(key, { version, rows });
  if (cache.size > 50) cache.delete(cache.keys().next().value!);
  return rows;
}

/**
 * The signed decisions most like a case: from every board that covers the same tumour site (the case's own board
 * first among equals), compared by domain/outcomes/similarity.ts on the dataset's rows. A patient of one of the
 * user's boards comes with name and link; any other patient only by pseudonym. Audited as a read of the case's
 * patient, naming the decisions shown.
 */
export async function similarCases(db: Db, actor: Actor & { boardIds: readonly string[] }, caseId: string, limit = 5): Promise<{ cases: SimilarCase[]; compared: number }> {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      patientId: true,
      ecog: true,
      board: { select: { tumourSite: true } },
      condition: { select: { topographyCode: true, morphologyDisplay: true } },
      patient: { select: { birthDate: true } },
      decisions: { orderBy: { version: "desc" }, take: 1, select: { id: true, stageGroup: true, histology: true, biomarkers: true, ecog: true } },
    },
  });
  const decision = kase.decisions[0];
  const target: SimilarityFields = {
    site: siteOf(kase.condition?.topographyCode ?? null),
    stage_group: decision?.stageGroup ?? null,
    histology: decision?.histology || kase.condition?.morphologyDisplay.replace(/, NOS$/, "") || null,
    biomarkers: biomarkerText(decision?.biomarkers),
    ecog: decision?.ecog ?? kase.ecog,
    age_at_decision: ageOn(kase.patient.birthDate, new Date()),
  };
  const boards = await db.board.findMany({ where: { tumourSite: kase.board.tumourSite }, select: { id: true } });
  const rows = (await cachedDataset(db, boards.map((b) => b.id))).filter((r) => r.decision_id !== decision?.id);
  const ranked = mostSimilar(target, rows, limit);

  const links = await db.decision.findMany({ where: { id: { in: ranked.map((r) => r.decision_id!) } }, select: { id: true, caseId: true, case: { select: { boardId: true, patientId: true } } } });
  const linkOf = new Map(links.map((l) => [l.id, l]));
  const cases = ranked.map((r): SimilarCase => {
    const link = linkOf.get(r.decision_id!);
    const mayOpen = link !== undefined && actor.boardIds.includes(link.case.boardId);
    return {
      caseId: mayOpen ? link.caseId : null,
      patientName: mayOpen ? `${r.family_name?.toUpperCase()}, ${r.given_name}` : null,
      pseudonym: r.pseudonym ?? "",
      board: r.board ?? "",
      decisionQuarter: r.decision_quarter ?? "",
      stageGroup: r.stage_group,
      histology: r.histology,
      biomarkers: r.biomarkers,
      ecog: r.ecog,
      ageBand: r.age_band,
      intent: r.intent,
      modalities: r.modalities,
      treatmentGiven: r.treatment_given,
      treatmentFollowedRecommendation: r.treatment_followed_recommendation,
      osDays: r.os_days,
      osEvent: r.os_event,
      pfsDays: r.pfs_days,
      pfsEvent: r.pfs_event,
      vitalStatus: r.vital_status,
      latestDiseaseStatus: r.latest_disease_status,
      score: r.score,
      reasons: r.reasons,
    };
  });
  await recordAudit(db, actor, { action: "case.similar.read", entityType: "Case", entityId: caseId, patientId: kase.patientId, detail: { shown: ranked.map((r) => r.decision_id!), compared: rows.length } });
  return { cases, compared: rows.length };
}

function biomarkerText(json: unknown): string | null {
  if (!Array.isArray(json)) return null;
  const parts = json.flatMap((b) => (b && typeof b === "object" && typeof b.marker === "string" && typeof b.value === "string" ? [`${b.marker}: ${b.value}`] : []));
  return parts.length > 0 ? parts.join("; ") : null;
}
