import { Prisma } from "@/generated/prisma/client";
import { datasetRow, type DatasetRow, type DecisionFacts, type OutcomeFact } from "@/domain/outcomes/dataset";
import type { Db } from "../db-types";
import { decisionDiscussedOn, meetingDaySelect } from "../meetings/discussed-on";

/** Outcomes that count: the current version of each, not withdrawn. */
export const CURRENT_OUTCOME = { supersededById: null, retractedAt: null } as const;
/** Outcomes about the patient rather than one treatment course: they belong to every case of the patient. */
const VITAL_KINDS = ["DEATH", "ALIVE", "LOST_TO_FOLLOW_UP"] as const;

const outcomeFactSelect = {
  id: true,
  kind: true,
  occurredOn: true,
  treatment: true,
  followedRecommendation: true,
  deviationReason: true,
  diseaseStatus: true,
  causeOfDeath: true,
} as const;

export interface DatasetReadOptions {
  /** Rows per database round trip: memory stays flat however large the dataset. */
  batchSize?: number;
  /**
   * false: rows without their outcomes (the outcome columns read as if none were recorded), for passes that only
   * count or filter on the decision's columns, e.g. the k-anonymity classes. Skips the two outcome queries per batch.
   */
  outcomes?: boolean;
  /** Only these cases of the boards (e.g. the few a ranking chose), rather than all of them. */
  caseIds?: readonly string[];
}

/**
 * The outcome dataset of these boards, in batches of rows (domain/outcomes/dataset.ts defines a row). Callers audit
 * what they do with it (an export, an analysis); this only reads.
 */
export async function* readDatasetRows(db: Db, boardIds: readonly string[], options: DatasetReadOptions = {}): AsyncGenerator<DatasetRow[]> {
  const batchSize = options.batchSize ?? 1000;
  const withOutcomes = options.outcomes ?? true;
  const noOutcomes = { where: { id: { in: [] as string[] } }, select: outcomeFactSelect };
  // A handful of boards: their slugs once, rather than a join that sends every case's board id back per batch.
  const slugs = new Map((await db.board.findMany({ where: { id: { in: [...boardIds] } }, select: { id: true, slug: true } })).map((b) => [b.id, b.slug]));
  let cursor: string | undefined;
  for (;;) {
    const cases = await db.case.findMany({
      where: {
        boardId: { in: [...boardIds] },
        decisions: { some: { status: "SIGNED" } },
        ...(cursor ? { id: { gt: cursor } } : {}),
        ...(options.caseIds ? { AND: [{ id: { in: [...options.caseIds] } }] } : {}),
      },
      orderBy: { id: "asc" },
      take: batchSize,
      select: {
        id: true,
        createdAt: true,
        boardId: true,
        condition: { select: { topographyCode: true, morphologyCode: true } },
        patient: {
          select: {
            researchPseudonym: true,
            mrn: true,
            familyName: true,
            givenName: true,
            birthDate: true,
            sex: true,
            outcomes: withOutcomes ? { where: { ...CURRENT_OUTCOME, kind: { in: [...VITAL_KINDS] } }, select: outcomeFactSelect } : noOutcomes,
          },
        },
        decisions: { where: { status: "SIGNED" }, orderBy: { version: "desc" }, take: 1, include: { meeting: { select: meetingDaySelect } } },
        agendaItems: { select: { meetingId: true, discussedAt: true } },
        outcomes: withOutcomes ? { where: CURRENT_OUTCOME, select: outcomeFactSelect } : noOutcomes,
      },
    });
    if (cases.length === 0) return;
    cursor = cases[cases.length - 1]!.id;
    const rows = cases.flatMap((c) => {
      const d = c.decisions[0];
      if (!d) return [];
      const facts: DecisionFacts = {
        decisionId: d.id,
        decisionVersion: d.version,
        board: slugs.get(c.boardId) ?? "",
        patient: {
          pseudonym: c.patient.researchPseudonym,
          mrn: c.patient.mrn,
          familyName: c.patient.familyName,
          givenName: c.patient.givenName,
          birthDate: c.patient.birthDate,
          sex: c.patient.sex,
        },
        topographyCode: c.condition?.topographyCode ?? null,
        morphologyCode: c.condition?.morphologyCode ?? null,
        tnmPrefix: d.tnmPrefix,
        tCategory: d.tCategory,
        nCategory: d.nCategory,
        mCategory: d.mCategory,
        stageGroup: d.stageGroup,
        histology: d.histology,
        grade: d.grade,
        biomarkers: biomarkerList(d.biomarkers),
        ecog: d.ecog,
        intent: d.intent,
        modalities: d.modalities,
        trialIdentifier: d.trialIdentifier,
        guidelineConcordant: d.guidelineConcordant,
        guidelineDeviationReason: d.guidelineDeviationReason,
        quorate: d.quorate,
        discussedOn: decisionDiscussedOn(d, c.agendaItems),
        referredOn: c.createdAt,
      };
      // A death recorded on another case of the same patient ends this case's survival too.
      const byId = new Map<string, OutcomeFact>();
      for (const o of [...c.outcomes, ...c.patient.outcomes]) byId.set(o.id, o);
      return [datasetRow(facts, [...byId.values()])];
    });
    yield rows;
    if (cases.length < batchSize) return;
  }
}

/** All rows at once, for analyses of one board's dataset (thousands of rows, not an export of a registry). */
export async function readDataset(db: Db, boardIds: readonly string[]): Promise<DatasetRow[]> {
  const rows: DatasetRow[] = [];
  for await (const batch of readDatasetRows(db, boardIds)) rows.push(...batch);
  return rows;
}

/**
 * A fingerprint of these boards' dataset that changes whenever a row could: a fitted model or a computed table can
 * be reused while it stays the same.
 */
export async function datasetVersion(db: Db, boardIds: readonly string[]): Promise<string> {
  if (boardIds.length === 0) return "";
  // One round trip, both aggregates reached from the boards' cases (Case(boardId) index, then Decision(caseId,
  // version) and Outcome(caseId)); timestamps as text so nothing is lost to rounding. Signed decisions only: the
  // dataset holds no draft, and a draft autosaving as someone types must not make every cached model stale.
  const [v] = await db.$queryRaw<{ decisions: number; decisionUpdated: string | null; outcomes: number; outcomeCreated: string | null; outcomeRetracted: string | null }[]>`
    WITH board_cases AS (SELECT id FROM "Case" WHERE "boardId" IN (${Prisma.join([...boardIds])}))
    SELECT d.n AS decisions, d.updated AS "decisionUpdated", o.n AS outcomes, o.created AS "outcomeCreated", o.retracted AS "outcomeRetracted"
    FROM (SELECT count(*)::int AS n, max(dec."updatedAt")::text AS updated FROM "Decision" dec WHERE dec.status = 'SIGNED' AND dec."caseId" IN (SELECT id FROM board_cases)) d,
         (SELECT count(*)::int AS n, max(o."createdAt")::text AS created, max(o."retractedAt")::text AS retracted FROM "Outcome" o WHERE o."caseId" IN (SELECT id FROM board_cases)) o`;
  return [[...boardIds].sort().join(","), v!.decisions, v!.decisionUpdated ?? 0, v!.outcomes, v!.outcomeCreated ?? 0, v!.outcomeRetracted ?? 0].join(":");
}

function biomarkerList(json: unknown): { marker: string; value: string }[] {
  if (!Array.isArray(json)) return [];
  return json.flatMap((b) =>
    b && typeof b === "object" && typeof (b as { marker?: unknown }).marker === "string" && typeof (b as { value?: unknown }).value === "string"
      ? [{ marker: (b as { marker: string }).marker, value: (b as { value: string }).value }]
      : [],
  );
}
