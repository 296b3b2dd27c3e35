import { emptyQuarter, quarterRange, type QuarterTotals } from "@/domain/indicators/indicators";
import { quarterOf } from "@/domain/outcomes/dataset";
import { Prisma } from "@/generated/prisma/client";
import type { Actor, Db } from "../db-types";
import { recordAudit } from "../audit/record-audit";

export interface BoardIndicators {
  board: { id: string; slug: string; name: string };
  quarters: QuarterTotals[];
  /** Why recommendations departed from the guideline, and why treatment departed from the recommendation. */
  guidelineDeviations: { quarter: string; reason: string; count: number }[];
  treatmentDeviations: { quarter: string; reason: string; count: number }[];
}

export interface IndicatorOptions {
  /** First and last quarter shown, e.g. "2023-Q1"; by default the 16 quarters up to today's. */
  from?: string;
  to?: string;
  now?: Date;
}

type QuarterRow = Omit<QuarterTotals, "quarter"> & { quarter: string };

/**
 * The quality indicators of one board per quarter of the first discussion. Every total is computed by PostgreSQL in
 * one pass over the board's cases (PGlite and PostgreSQL alike): nothing is looped over in JavaScript but the
 * quarters. Audited as a read of the board's aggregate data (no patient named).
 */
export async function boardIndicators(db: Db, actor: Actor, boardId: string, options: IndicatorOptions = {}): Promise<BoardIndicators> {
  const now = options.now ?? new Date();
  const to = options.to ?? quarterOf(now);
  const from = options.from ?? quarterRange("2000-Q1", to).slice(-16)[0]!;
  const quarters = quarterRange(from, to);
  const start = quarterStart(from);
  const end = quarterStart(nextQuarter(to));
  const recentSince = new Date(now.getTime() - 183 * 86_400_000);
  const board = await db.board.findUniqueOrThrow({ where: { id: boardId }, select: { id: true, slug: true, name: true } });

  const perCase = Prisma.sql`
    WITH discussed AS (
      SELECT ai."caseId",
             min(coalesce(ai."discussedAt", m."startedAt", m."startsAt")) AS first_at,
             count(*) AS times,
             sum(ai."secondsSpent") AS seconds_spent,
             sum(ai."minutesBudget") AS minutes_budget
      FROM "AgendaItem" ai JOIN "Meeting" m ON m.id = ai."meetingId"
      WHERE m."boardId" = ${boardId} AND ai.status = 'DISCUSSED'
      GROUP BY ai."caseId"
    ),
    cases AS (
      SELECT c.id, c."patientId", c."createdAt" AS referred_at, d.first_at, d.times, d.seconds_spent, d.minutes_budget,
             to_char(d.first_at, 'YYYY') || '-Q' || to_char(d.first_at, 'Q') AS quarter
      FROM discussed d JOIN "Case" c ON c.id = d."caseId"
      WHERE d.first_at >= ${start.toISOString()}::timestamp AND d.first_at < ${end.toISOString()}::timestamp
    ),
    latest AS (
      SELECT DISTINCT ON (dec."caseId") dec."caseId", dec."guidelineConcordant", dec."guidelineDeviationReason", dec.quorate
      FROM "Decision" dec JOIN cases ON cases.id = dec."caseId"
      WHERE dec.status = 'SIGNED'
      ORDER BY dec."caseId", dec.version DESC
    ),
    treatment AS (
      SELECT o."caseId", min(o."occurredOn") AS first_on,
             min(o."occurredOn") FILTER (WHERE o."occurredOn" >= cases.first_at::date) AS first_after_on,
             bool_and(o."followedRecommendation") FILTER (WHERE o."followedRecommendation" IS NOT NULL) AS followed,
             string_agg(DISTINCT o."deviationReason"::text, ';') AS deviation_reasons
      FROM "Outcome" o JOIN cases ON cases.id = o."caseId"
      WHERE o.kind = 'TREATMENT' AND o."supersededById" IS NULL AND o."retractedAt" IS NULL
      GROUP BY o."caseId"
    ),
    vital AS (
      SELECT o."patientId", bool_or(o.kind = 'DEATH') AS died, max(o."occurredOn") AS last_on
      FROM "Outcome" o JOIN (SELECT DISTINCT "patientId" FROM cases) p ON p."patientId" = o."patientId"
      WHERE o."supersededById" IS NULL AND o."retractedAt" IS NULL
      GROUP BY o."patientId"
    )`;

  const [rows, guideline, deviations] = await Promise.all([
    db.$queryRaw<QuarterRow[]>`${perCase}
      SELECT cases.quarter,
        count(*)::int AS "casesDiscussed",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY (cases.first_at::date - cases.referred_at::date)) AS "medianDaysReferralToDiscussion",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY (t.first_after_on - cases.first_at::date)) FILTER (WHERE t.first_after_on IS NOT NULL) AS "medianDaysDiscussionToTreatment",
        count(t.first_on)::int AS treated,
        count(*) FILTER (WHERE t.first_on >= cases.first_at::date)::int AS "discussedBeforeTreatment",
        count(l."guidelineConcordant")::int AS "guidelineStated",
        count(*) FILTER (WHERE l."guidelineConcordant")::int AS "guidelineConcordant",
        count(t.followed)::int AS "followedStated",
        count(*) FILTER (WHERE t.followed)::int AS followed,
        count(l."caseId")::int AS signed,
        count(*) FILTER (WHERE l.quorate)::int AS "signedWithQuorum",
        count(*) FILTER (WHERE cases.times > 1)::int AS rediscussed,
        count(*) FILTER (WHERE cases.seconds_spent > 0)::int AS "timedCases",
        (avg(cases.seconds_spent) FILTER (WHERE cases.seconds_spent > 0) / 60.0)::float8 AS "meanMinutesSpent",
        (avg(cases.minutes_budget) FILTER (WHERE cases.seconds_spent > 0))::float8 AS "meanMinutesBudget",
        count(*) FILTER (WHERE NOT coalesce(v.died, false))::int AS alive,
        count(*) FILTER (WHERE NOT coalesce(v.died, false) AND v.last_on >= ${recentSince.toISOString().slice(0, 10)}::date)::int AS "aliveWithRecentStatus"
      FROM cases
      LEFT JOIN latest l ON l."caseId" = cases.id
      LEFT JOIN treatment t ON t."caseId" = cases.id
      LEFT JOIN vital v ON v."patientId" = cases."patientId"
      GROUP BY cases.quarter`,
    db.$queryRaw<{ quarter: string; reason: string; count: number }[]>`${perCase}
      SELECT cases.quarter, l."guidelineDeviationReason" AS reason, count(*)::int AS count
      FROM cases JOIN latest l ON l."caseId" = cases.id
      WHERE l."guidelineConcordant" = false
      GROUP BY cases.quarter, l."guidelineDeviationReason"
      ORDER BY cases.quarter, count DESC`,
    db.$queryRaw<{ quarter: string; reason: string; count: number }[]>`${perCase}
      SELECT cases.quarter, coalesce(o."deviationReason"::text, 'NOT_STATED') AS reason, count(DISTINCT o."caseId")::int AS count
      FROM cases JOIN "Outcome" o ON o."caseId" = cases.id
      WHERE o.kind = 'TREATMENT' AND o."followedRecommendation" = false AND o."supersededById" IS NULL AND o."retractedAt" IS NULL
      GROUP BY cases.quarter, o."deviationReason"
      ORDER BY cases.quarter, count DESC`,
  ]);

  const byQuarter = new Map(rows.map((r) => [r.quarter, r]));
  const totals = quarters.map((q) => {
    const r = byQuarter.get(q);
    if (!r) return emptyQuarter(q);
    return {
      ...r,
      medianDaysReferralToDiscussion: numberOrNull(r.medianDaysReferralToDiscussion),
      medianDaysDiscussionToTreatment: numberOrNull(r.medianDaysDiscussionToTreatment),
      meanMinutesSpent: roundOrNull(r.meanMinutesSpent),
      meanMinutesBudget: roundOrNull(r.meanMinutesBudget),
    };
  });
  await recordAudit(db, actor, { action: "indicators.read", entityType: "Board", entityId: boardId, detail: { from, to, cases: totals.reduce((s, q) => s + q.casesDiscussed, 0) } });
  return { board, quarters: totals, guidelineDeviations: guideline.map((g) => ({ ...g, reason: g.reason ?? "Not stated" })), treatmentDeviations: deviations };
}

const numberOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const roundOrNull = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

function quarterStart(quarter: string): Date {
  const [year, q] = quarter.split("-Q").map(Number) as [number, number];
  return new Date(Date.UTC(year, (q - 1) * 3, 1));
}

function nextQuarter(quarter: string): string {
  const [year, q] = quarter.split("-Q").map(Number) as [number, number];
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}
