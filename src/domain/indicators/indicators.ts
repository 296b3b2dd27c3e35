/**
 * Quality indicators of a tumour board, per quarter, as national cancer audits measure them. The database totals
 * each quarter (services/indicators/board-indicators.ts); this module says what each indicator is, computes shares
 * from the totals and writes the CSV, so that the page, the CSV and the tests read one definition.
 */

/** The totals of one quarter, as the SQL returns them. Medians and means are null when no case contributes. */
export interface QuarterTotals {
  /** "2025-Q3" */
  quarter: string;
  casesDiscussed: number;
  medianDaysReferralToDiscussion: number | null;
  medianDaysDiscussionToTreatment: number | null;
  /** Cases with a recorded treatment, and how many of them started it on or after the first discussion. */
  treated: number;
  discussedBeforeTreatment: number;
  /** Signed decisions that state guideline concordance, and how many follow the guideline. */
  guidelineStated: number;
  guidelineConcordant: number;
  /** Cases whose treatment records say whether it followed the recommendation, and how many did. */
  followedStated: number;
  followed: number;
  signed: number;
  signedWithQuorum: number;
  /** Cases discussed at more than one meeting. */
  rediscussed: number;
  /** Cases with time recorded in presentation mode: their mean minutes spent and mean minutes budgeted. */
  timedCases: number;
  meanMinutesSpent: number | null;
  meanMinutesBudget: number | null;
  /** Living patients (no death recorded) and those with an outcome recorded in the 6 months before today. */
  alive: number;
  aliveWithRecentStatus: number;
}

export type IndicatorUnit = "cases" | "days" | "%" | "minutes";

export interface IndicatorDefinition {
  key: string;
  label: string;
  unit: IndicatorUnit;
  /** What it measures, in a sentence for the page and the CSV. */
  meaning: string;
  value: (q: QuarterTotals) => number | null;
  /** "n of N" behind a share, shown in the table. */
  basis?: (q: QuarterTotals) => { numerator: number; denominator: number };
}

/** A share in percent, one decimal; null when nothing counts. */
export function percent(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((1000 * numerator) / denominator) / 10;
}

const share = (num: (q: QuarterTotals) => number, den: (q: QuarterTotals) => number) => ({
  value: (q: QuarterTotals) => percent(num(q), den(q)),
  basis: (q: QuarterTotals) => ({ numerator: num(q), denominator: den(q) }),
});

export const INDICATORS: readonly IndicatorDefinition[] = [
  { key: "casesDiscussed", label: "Cases discussed", unit: "cases", meaning: "Cases first discussed in the quarter.", value: (q) => q.casesDiscussed },
  { key: "referralToDiscussion", label: "Referral to discussion", unit: "days", meaning: "Median days from referral to the first discussion.", value: (q) => q.medianDaysReferralToDiscussion },
  { key: "discussionToTreatment", label: "Discussion to treatment", unit: "days", meaning: "Median days from the first discussion to the start of the first treatment after it.", value: (q) => q.medianDaysDiscussionToTreatment },
  { key: "discussedBeforeTreatment", label: "Discussed before treatment", unit: "%", meaning: "Share of treated patients whose treatment started on or after the first discussion.", ...share((q) => q.discussedBeforeTreatment, (q) => q.treated) },
  { key: "guidelineConcordant", label: "Recommendation follows the guideline", unit: "%", meaning: "Share of signed decisions stating concordance that follow the guideline.", ...share((q) => q.guidelineConcordant, (q) => q.guidelineStated) },
  { key: "recommendationFollowed", label: "Recommendation followed", unit: "%", meaning: "Share of treated patients whose treatment followed the board's recommendation.", ...share((q) => q.followed, (q) => q.followedStated) },
  { key: "signedWithQuorum", label: "Signed with quorum", unit: "%", meaning: "Share of signed decisions made with the board's quorum present.", ...share((q) => q.signedWithQuorum, (q) => q.signed) },
  { key: "rediscussed", label: "Re-discussion rate", unit: "%", meaning: "Share of cases discussed at more than one meeting.", ...share((q) => q.rediscussed, (q) => q.casesDiscussed) },
  { key: "minutesPerCase", label: "Minutes per case", unit: "minutes", meaning: "Mean minutes spent per case in presentation mode (against the mean budget).", value: (q) => q.meanMinutesSpent },
  { key: "outcomeCompleteness", label: "Outcome completeness", unit: "%", meaning: "Share of living patients with an outcome recorded in the last 6 months.", ...share((q) => q.aliveWithRecentStatus, (q) => q.alive) },
];

/** The quarters from `from` to `to` inclusive, e.g. 2025-Q3, 2025-Q4, 2026-Q1: quarters without cases still show. */
export function quarterRange(from: string, to: string): string[] {
  const parse = (q: string) => {
    const m = /^(\d{4})-Q([1-4])$/.exec(q);
    if (!m) throw new Error(`"${q}" is not a quarter like 2025-Q3`);
    return Number(m[1]) * 4 + Number(m[2]) - 1;
  };
  const out: string[] = [];
  for (let i = parse(from); i <= parse(to); i++) out.push(`${Math.floor(i / 4)}-Q${(i % 4) + 1}`);
  return out;
}

/** Totals of a quarter without cases. */
export function emptyQuarter(quarter: string): QuarterTotals {
  return {
    quarter, casesDiscussed: 0, medianDaysReferralToDiscussion: null, medianDaysDiscussionToTreatment: null, treated: 0, discussedBeforeTreatment: 0,
    guidelineStated: 0, guidelineConcordant: 0, followedStated: 0, followed: 0, signed: 0, signedWithQuorum: 0, rediscussed: 0,
    timedCases: 0, meanMinutesSpent: null, meanMinutesBudget: null, alive: 0, aliveWithRecentStatus: 0,
  };
}

const csvCell = (v: string | number | null) => {
  if (v === null) return "";
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per quarter and indicator: value, unit, and the numerator and denominator of shares. */
export function indicatorsCsv(board: string, quarters: readonly QuarterTotals[]): string {
  const lines = [["board", "quarter", "indicator", "value", "unit", "numerator", "denominator", "meaning"].join(",")];
  for (const q of quarters) {
    for (const d of INDICATORS) {
      const basis = d.basis?.(q);
      lines.push([board, q.quarter, d.label, d.value(q), d.unit, basis?.numerator ?? null, basis?.denominator ?? null, d.meaning].map(csvCell).join(","));
    }
  }
  return `${lines.join("\n")}\n`;
}
