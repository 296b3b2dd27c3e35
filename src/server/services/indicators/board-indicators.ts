import { emptyQuarter, quarterRange, type QuarterTotals } from "@/domain/indicators/indicators";
import { quarterOf } from "@/domain/outcomes/dataset";
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

  // One statement: the per-case facts are computed once (materialised) and feed the quarterly totals and both lists
  // of reasons, returned as one row per quarter or per (quarter, reason).
  const parts = await db.$queryRaw<{ kind: "quarter" | "guideline" | "treatment"; quarter: string; facts: Record<string, unknown> }[]>`
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
    cases AS MATERIALIZED (
      SELECT c.id, c."patientId", d.first_at::date AS first_on, d.first_at::date - c."createdAt"::date AS referral_days,
             d.times, d.seconds_spent, d.minutes_budget, date_trunc('quarter', d.first_at) AS quarter_start
      FROM discussed d JOIN "Case" c ON c.id = d."caseId"
      WHERE d.first_at >= ${start.toISOString()}::timestamp AND d.first_at < ${end.toISOString()}::timestamp
    ),
    latest AS (
      SELECT dec."caseId", dec."guidelineConcordant", dec."guidelineDeviationReason", dec.quorate
      FROM "Decision" dec JOIN cases ON cases.id = dec."caseId"
      WHERE dec.status = 'SIGNED'
        AND NOT EXISTS (SELECT 1 FROM "Decision" later WHERE later."caseId" = dec."caseId" AND later.status = 'SIGNED' AND later.version > dec.version)
    ),
    treatment AS (
      SELECT o."caseId", min(o."occurredOn") AS first_on,
             min(o."occurredOn") FILTER (WHERE o."occurredOn" >= cases.first_on) AS first_after_on,
             bool_and(o."followedRecommendation") FILTER (WHERE o."followedRecommendation" IS NOT NULL) AS followed,
             array_agg(DISTINCT coalesce(o."deviationReason"::text, 'NOT_STATED')) FILTER (WHERE o."followedRecommendation" = false) AS deviation_reasons
      FROM "Outcome" o JOIN cases ON cases.id = o."caseId"
      WHERE o.kind = 'TREATMENT' AND o."supersededById" IS NULL AND o."retractedAt" IS NULL
      GROUP BY o."caseId"
    ),
    vital AS (
      SELECT cases.id AS "caseId", bool_or(o.kind = 'DEATH') AS died, max(o."occurredOn") AS last_on
      FROM cases JOIN "Outcome" o ON o."patientId" = cases."patientId"
      WHERE o."supersededById" IS NULL AND o."retractedAt" IS NULL
      GROUP BY cases.id
    ),
    facts AS MATERIALIZED (
      SELECT cases.*, l."caseId" IS NOT NULL AS signed, l."guidelineConcordant", l."guidelineDeviationReason", l.quorate,
             t.first_on AS treated_on, t.first_after_on - cases.first_on AS treatment_days, t.followed, t.deviation_reasons,
             coalesce(v.died, false) AS died, v.last_on
      FROM cases
      LEFT JOIN latest l ON l."caseId" = cases.id
      LEFT JOIN treatment t ON t."caseId" = cases.id
      LEFT JOIN vital v ON v."caseId" = cases.id
    ),
    per_quarter AS (
      SELECT quarter_start,
        count(*)::int AS "casesDiscussed",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY referral_days) AS "medianDaysReferralToDiscussion",
        percentile_cont(0.5) WITHIN GROUP (ORDER BY treatment_days) FILTER (WHERE treatment_days IS NOT NULL) AS "medianDaysDiscussionToTreatment",
        count(treated_on)::int AS treated,
        count(*) FILTER (WHERE treated_on >= first_on)::int AS "discussedBeforeTreatment",
        count("guidelineConcordant")::int AS "guidelineStated",
        count(*) FILTER (WHERE "guidelineConcordant")::int AS "guidelineConcordant",
        count(followed)::int AS "followedStated",
        count(*) FILTER (WHERE followed)::int AS followed,
        count(*) FILTER (WHERE signed)::int AS signed,
        count(*) FILTER (WHERE quorate)::int AS "signedWithQuorum",
        count(*) FILTER (WHERE times > 1)::int AS rediscussed,
        count(*) FILTER (WHERE seconds_spent > 0)::int AS "timedCases",
        (avg(seconds_spent) FILTER (WHERE seconds_spent > 0) / 60.0)::float8 AS "meanMinutesSpent",
        (avg(minutes_budget) FILTER (WHERE seconds_spent > 0))::float8 AS "meanMinutesBudget",
        count(*) FILTER (WHERE NOT died)::int AS alive,
        count(*) FILTER (WHERE NOT died AND last_on >= ${recentSince.toISOString().slice(0, 10)}::date)::int AS "aliveWithRecentStatus"
      FROM facts GROUP BY quarter_start
    ),
    guideline AS (
      SELECT quarter_start, "guidelineDeviationReason" AS reason, count(*)::int AS count
      FROM facts WHERE "guidelineConcordant" = false GROUP BY quarter_start, "guidelineDeviationReason"
    ),
    deviation AS (
      SELECT quarter_start, reason, count(*)::int AS count
      FROM facts CROSS JOIN unnest(deviation_reasons) AS reason GROUP BY quarter_start, reason
    )
    SELECT kind, to_char(quarter_start, 'YYYY') || '-Q' || to_char(quarter_start, 'Q') AS quarter, facts FROM (
      SELECT 'quarter' AS kind, quarter_start, 0 AS count, NULL::text AS reason, to_jsonb(q) - 'quarter_start' AS facts FROM per_quarter q
      UNION ALL SELECT 'guideline', quarter_start, count, reason, jsonb_build_object('reason', reason, 'count', count) FROM guideline
      UNION ALL SELECT 'treatment', quarter_start, count, reason, jsonb_build_object('reason', reason, 'count', count) FROM deviation
    ) parts ORDER BY kind, quarter_start, count DESC, reason`;
  const rows = parts.filter((p) => p.kind === "quarter").map((p) => ({ ...(p.facts as Omit<QuarterRow, "quarter">), quarter: p.quarter }));
  const reasons = (kind: "guideline" | "treatment") =>
    parts.filter((p) => p.kind === kind).map((p) => ({ quarter: p.quarter, reason: p.facts.reason as string | null, count: Number(p.facts.count) }));
  const guideline = reasons("guideline");
  const deviations = reasons("treatment").map((d) => ({ ...d, reason: d.reason ?? "NOT_STATED" }));

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
