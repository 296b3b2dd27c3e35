import { ageOn, siteOf, type DatasetRow } from "@/domain/outcomes/dataset";
import { mainStage, mostSimilar, type SimilarityFields } from "@/domain/outcomes/similarity";
import { Prisma } from "@/generated/prisma/client";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";
import { decisionDiscussedOn } from "../meetings/discussed-on";
import { readDatasetRows } from "../outcomes/read-dataset";

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

/**
 * How many decisions each tier of candidates may bring (see candidatesFor): enough that the best matches of a large
 * history are among them, few enough that a case page stays fast and memory stays flat however many decisions a site
 * has signed.
 */
export const CANDIDATES_PER_TIER = 500;
/** The most recent decisions of the site, always compared: matches on ECOG, age or biomarkers alone come from here. */
const RECENT_CANDIDATES = 200;

interface CandidateRow {
  id: string;
  caseId: string;
  meetingId: string | null;
  createdAt: Date;
  stageGroup: string | null;
  histology: string;
  biomarkers: unknown;
  ecog: number | null;
  topographyCode: string | null;
  birthDate: Date;
  startsAt: Date | null;
  startedAt: Date | null;
  discussedAt: Date | null;
}

/** Stage groups that share a main stage with this one (IIIA -> III, IIIA, IIIB, ...): the half-weight stage tier. */
function sameMainStage(stageGroup: string): string[] {
  const main = mainStage(stageGroup);
  const suffixes = ["", "A", "B", "C", "A1", "A2", "A3", "B1", "B2", "B3", "C1", "C2", "C3", "S", "is", "IS"];
  return [...new Set([main, ...suffixes.map((s) => main + s)])].filter((g) => mainStage(g) === main);
}

/**
 * The candidates for "similar": the latest signed decision of each case of these boards and this site, narrowed in
 * SQL by indexed tiers so a history of hundreds of thousands never reaches memory: the most recent decisions with the
 * same stage group, histology and ECOG, with the same stage group and histology, with the same stage group, with the same main stage, with the same histology, and
 * the most recent of the site whatever they hold. Each tier is capped; the domain's scoring then ranks their union.
 */
async function candidatesFor(db: Db, boardIds: readonly string[], target: SimilarityFields, excludeDecisionId: string | null): Promise<CandidateRow[]> {
  if (boardIds.length === 0 || !target.site) return [];
  const boards = Prisma.join([...boardIds]);
  // The site by LIKE on the stored code (upper-case ICD-O-3), not by an expression: the planner has the column's
  // statistics, so it walks a decisions index in signing order and stops at the cap instead of joining every case.
  const tier = (condition: Prisma.Sql, take: number) => Prisma.sql`(
    SELECT d.id, d."caseId", d."meetingId", d."createdAt", d."stageGroup", d.histology, d.biomarkers, d.ecog, c."patientId", cc."topographyCode"
    FROM "Decision" d
    JOIN "Case" c ON c.id = d."caseId" AND c."boardId" IN (${boards})
    JOIN "CancerCondition" cc ON cc.id = c."conditionId" AND cc."topographyCode" LIKE ${`${target.site}%`}
    WHERE d.status = 'SIGNED' AND d.id <> ${excludeDecisionId ?? ""} AND ${condition}
      AND NOT EXISTS (SELECT 1 FROM "Decision" later WHERE later."caseId" = d."caseId" AND later.status = 'SIGNED' AND later.version > d.version)
    ORDER BY d."signedAt" DESC LIMIT ${take})`;
  const histologies = target.histology ? [...new Set([target.histology, target.histology.toLowerCase(), target.histology.toUpperCase(), target.histology[0]!.toUpperCase() + target.histology.slice(1).toLowerCase()])] : [];
  const tiers: Prisma.Sql[] = [];
  if (target.stage_group) {
    if (histologies.length > 0) {
      const stageAndHistology = Prisma.sql`d."stageGroup" = ${target.stage_group} AND d.histology IN (${Prisma.join(histologies)})`;
      // The same ECOG too: in a long history the closest matches are older than the cap of the wider tiers reaches.
      if (target.ecog !== null) tiers.push(tier(Prisma.sql`${stageAndHistology} AND d.ecog = ${target.ecog}`, CANDIDATES_PER_TIER));
      tiers.push(tier(stageAndHistology, CANDIDATES_PER_TIER));
    }
    tiers.push(tier(Prisma.sql`d."stageGroup" = ${target.stage_group}`, CANDIDATES_PER_TIER));
    const siblings = sameMainStage(target.stage_group).filter((g) => g !== target.stage_group);
    if (siblings.length > 0) tiers.push(tier(Prisma.sql`d."stageGroup" IN (${Prisma.join(siblings)})`, CANDIDATES_PER_TIER));
  }
  if (histologies.length > 0) tiers.push(tier(Prisma.sql`d.histology IN (${Prisma.join(histologies)})`, CANDIDATES_PER_TIER));
  tiers.push(tier(Prisma.sql`TRUE`, RECENT_CANDIDATES));
  return db.$queryRaw<CandidateRow[]>`
    WITH candidate AS (${Prisma.join(tiers, " UNION ")})
    SELECT candidate.*, p."birthDate", m."startsAt", m."startedAt", a."discussedAt"
    FROM candidate
    -- Lookups per candidate (LATERAL ... LIMIT 1): a hash join would read the whole Patient and AgendaItem tables.
    CROSS JOIN LATERAL (SELECT "birthDate" FROM "Patient" WHERE id = candidate."patientId" LIMIT 1) p
    LEFT JOIN LATERAL (SELECT "startsAt", "startedAt" FROM "Meeting" WHERE id = candidate."meetingId" LIMIT 1) m ON TRUE
    LEFT JOIN LATERAL (SELECT "discussedAt" FROM "AgendaItem" WHERE "meetingId" = candidate."meetingId" AND "caseId" = candidate."caseId" LIMIT 1) a ON TRUE`;
}

/** What the scoring reads of a candidate, built as the dataset builds a row (domain/outcomes/dataset.ts). */
function similarityFieldsOf(c: CandidateRow): SimilarityFields & { decision_id: string; decision_date: string; caseId: string } {
  const discussed = decisionDiscussedOn(
    { caseId: c.caseId, meetingId: c.meetingId, createdAt: c.createdAt, meeting: c.startsAt ? { startsAt: c.startsAt, startedAt: c.startedAt } : null },
    c.meetingId ? [{ meetingId: c.meetingId, discussedAt: c.discussedAt }] : [],
  );
  return {
    decision_id: c.id,
    caseId: c.caseId,
    decision_date: discussed.toISOString().slice(0, 10),
    site: siteOf(c.topographyCode),
    stage_group: c.stageGroup,
    histology: c.histology || null,
    biomarkers: biomarkerText(c.biomarkers),
    ecog: c.ecog,
    age_at_decision: ageOn(c.birthDate, discussed),
  };
}

/**
 * The signed decisions most like a case: from every board that covers the same tumour site (the case's own board
 * first among equals), the candidates chosen in SQL (candidatesFor) and ranked by domain/outcomes/similarity.ts;
 * only the winners' dataset rows are built. `compared` counts the candidates ranked, not every decision of the site.
 * A patient of one of the user's boards comes with name and link; any other patient only by pseudonym. Audited as a
 * read of the case's patient, naming the decisions shown.
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
  const boardIds = (await db.board.findMany({ where: { tumourSite: kase.board.tumourSite }, select: { id: true } })).map((b) => b.id);
  const candidates = (await candidatesFor(db, boardIds, target, decision?.id ?? null)).map(similarityFieldsOf);
  const winners = mostSimilar(target, candidates, limit);
  // The display fields (outcomes, pseudonym) for the winners only, built by the dataset's own rows.
  const rowOf = new Map<string, DatasetRow>();
  for await (const batch of readDatasetRows(db, boardIds, { caseIds: winners.map((w) => w.caseId) })) for (const r of batch) rowOf.set(r.decision_id!, r);
  const ranked = winners.flatMap((w) => {
    const row = rowOf.get(w.decision_id);
    return row ? [{ ...row, score: w.score, reasons: w.reasons }] : [];
  });

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
  await recordAudit(db, actor, { action: "case.similar.read", entityType: "Case", entityId: caseId, patientId: kase.patientId, detail: { shown: ranked.map((r) => r.decision_id!), compared: candidates.length } });
  return { cases, compared: candidates.length };
}

function biomarkerText(json: unknown): string | null {
  if (!Array.isArray(json)) return null;
  const parts = json.flatMap((b) => (b && typeof b === "object" && typeof b.marker === "string" && typeof b.value === "string" ? [`${b.marker}: ${b.value}`] : []));
  return parts.length > 0 ? parts.join("; ") : null;
}
