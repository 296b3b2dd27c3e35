import type { SpecialtyName } from "../roles";

/**
 * Readiness rules are data a board's chair edits (stored as JSON in ReadinessRuleSet, versioned): each says what a
 * case needs before the board can discuss it, how fresh it must be and which specialty must act when it is not there.
 */
export const READINESS_KINDS = ["IMAGING", "PATHOLOGY", "AI_FINDINGS_REVIEWED", "ECOG"] as const;
export type ReadinessKind = (typeof READINESS_KINDS)[number];

interface RuleBase {
  /** Stable identifier within the board's rules, e.g. "ct-chest"; requests and tasks refer to it. */
  key: string;
  /** What people read, e.g. "CT chest within 56 days". */
  label: string;
  responsibleSpecialty: SpecialtyName;
}

export type ReadinessRule =
  | (RuleBase & { kind: "IMAGING"; modality: string; bodyPart?: string | null; maxAgeDays: number })
  | (RuleBase & { kind: "PATHOLOGY"; maxAgeDays?: number | null })
  | (RuleBase & { kind: "AI_FINDINGS_REVIEWED" })
  | (RuleBase & { kind: "ECOG"; maxAgeDays: number });

/** What is known about one case, loaded for many cases at once. */
export interface ReadinessFacts {
  studies: readonly { modality: string; description: string; studyDate: Date }[];
  /** Slides and pathology findings, by the date they were made. */
  pathology: readonly { date: Date; label: string }[];
  pendingAiFindings: number;
  ecog: { value: number | null; recordedAt: Date | null };
  /** Open readiness requests (tasks) of the case, by rule key. */
  openRequests: readonly { readinessKey: string; ownerLabel: string; createdAt: Date }[];
}

export type ItemState = "CURRENT" | "STALE" | "MISSING";
export type ReadinessStatus = "READY" | "STALE" | "NOT_READY";

export interface ReadinessItem {
  key: string;
  label: string;
  kind: ReadinessKind;
  state: ItemState;
  /** Why, in words: "CT of 02 Nov 2026, 20 days old", "3 AI findings await review". */
  detail: string;
  responsibleSpecialty: SpecialtyName;
  /** The date of the evidence used, when there is one. */
  evidenceDate: Date | null;
  /** An open request to the responsible specialty, when one was made. */
  request: { ownerLabel: string; createdAt: Date } | null;
}

export interface Readiness {
  status: ReadinessStatus;
  items: ReadinessItem[];
  missing: number;
  stale: number;
}

const DAY_MS = 86_400_000;
const ageInDays = (date: Date, now: Date) => Math.floor((now.getTime() - date.getTime()) / DAY_MS);
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** "02 Nov 2026", the same on every machine (ICU versions differ on "Sep"/"Sept"). */
const dateFmt = { format: (d: Date) => `${String(d.getUTCDate()).padStart(2, "0")} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}` };
const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

function newest<T extends { date: Date }>(list: readonly T[]): T | null {
  let best: T | null = null;
  for (const x of list) if (!best || x.date > best.date) best = x;
  return best;
}

/** Whether a study matches an imaging rule: same modality (PT matches PET-CT too), and the body part in its description. */
export function studyMatches(rule: { modality: string; bodyPart?: string | null }, study: { modality: string; description: string }): boolean {
  const modality = rule.modality.trim().toUpperCase();
  const studyModalities = study.modality.toUpperCase().split(/[\\/,\s]+/);
  if (!studyModalities.includes(modality)) return false;
  const part = rule.bodyPart?.trim().toLowerCase();
  return !part || study.description.toLowerCase().includes(part);
}

function evaluateRule(rule: ReadinessRule, facts: ReadinessFacts, now: Date): Omit<ReadinessItem, "request" | "key" | "label" | "kind" | "responsibleSpecialty"> {
  switch (rule.kind) {
    case "IMAGING": {
      const hit = newest(facts.studies.filter((s) => studyMatches(rule, s)).map((s) => ({ ...s, date: s.studyDate })));
      const what = `${rule.modality}${rule.bodyPart ? ` ${rule.bodyPart}` : ""}`;
      if (!hit) return { state: "MISSING", detail: `No ${what} study`, evidenceDate: null };
      const age = ageInDays(hit.date, now);
      return age > rule.maxAgeDays
        ? { state: "STALE", detail: `${what} of ${dateFmt.format(hit.date)} is ${days(age)} old (limit ${rule.maxAgeDays})`, evidenceDate: hit.date }
        : { state: "CURRENT", detail: `${what} of ${dateFmt.format(hit.date)}, ${days(age)} old`, evidenceDate: hit.date };
    }
    case "PATHOLOGY": {
      const hit = newest(facts.pathology);
      if (!hit) return { state: "MISSING", detail: "No slide or pathology report", evidenceDate: null };
      const age = ageInDays(hit.date, now);
      if (rule.maxAgeDays != null && age > rule.maxAgeDays) {
        return { state: "STALE", detail: `${hit.label} of ${dateFmt.format(hit.date)} is ${days(age)} old (limit ${rule.maxAgeDays})`, evidenceDate: hit.date };
      }
      return { state: "CURRENT", detail: `${hit.label} of ${dateFmt.format(hit.date)}`, evidenceDate: hit.date };
    }
    case "AI_FINDINGS_REVIEWED":
      return facts.pendingAiFindings > 0
        ? { state: "MISSING", detail: `${facts.pendingAiFindings} AI finding${facts.pendingAiFindings === 1 ? "" : "s"} await review`, evidenceDate: null }
        : { state: "CURRENT", detail: "No AI findings await review", evidenceDate: null };
    case "ECOG": {
      const { value, recordedAt } = facts.ecog;
      if (value == null || !recordedAt) return { state: "MISSING", detail: "ECOG not recorded", evidenceDate: null };
      const age = ageInDays(recordedAt, now);
      return age > rule.maxAgeDays
        ? { state: "STALE", detail: `ECOG ${value} recorded ${days(age)} ago (limit ${rule.maxAgeDays})`, evidenceDate: recordedAt }
        : { state: "CURRENT", detail: `ECOG ${value}, recorded ${dateFmt.format(recordedAt)}`, evidenceDate: recordedAt };
    }
  }
}

/** Evaluates a board's rules against one case's facts: each item current, stale or missing, and the case's status. */
export function evaluateReadiness(rules: readonly ReadinessRule[], facts: ReadinessFacts, now: Date): Readiness {
  const items = rules.map((rule): ReadinessItem => {
    const result = evaluateRule(rule, facts, now);
    const open = result.state === "CURRENT" ? undefined : facts.openRequests.find((r) => r.readinessKey === rule.key);
    return {
      key: rule.key,
      label: rule.label,
      kind: rule.kind,
      responsibleSpecialty: rule.responsibleSpecialty,
      ...result,
      request: open ? { ownerLabel: open.ownerLabel, createdAt: open.createdAt } : null,
    };
  });
  const missing = items.filter((i) => i.state === "MISSING").length;
  const stale = items.filter((i) => i.state === "STALE").length;
  return { status: missing > 0 ? "NOT_READY" : stale > 0 ? "STALE" : "READY", items, missing, stale };
}

export interface RuleProblem {
  index: number;
  message: string;
}

/** Checks a rule set before it is saved: unique keys, sensible ages, a label for people. */
export function checkRules(rules: readonly ReadinessRule[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((rule, index) => {
    const n = index + 1;
    if (!/^[a-z0-9][a-z0-9-]{0,39}$/.test(rule.key)) problems.push({ index, message: `Rule ${n}: the key must be 1-40 lower-case letters, digits or dashes.` });
    if (seen.has(rule.key)) problems.push({ index, message: `Rule ${n}: the key "${rule.key}" is used twice.` });
    seen.add(rule.key);
    if (!rule.label.trim()) problems.push({ index, message: `Rule ${n}: give it a label people understand.` });
    if ("maxAgeDays" in rule && rule.maxAgeDays != null && (!Number.isInteger(rule.maxAgeDays) || rule.maxAgeDays < 1 || rule.maxAgeDays > 3650)) {
      problems.push({ index, message: `Rule ${n}: the maximum age must be between 1 and 3650 days.` });
    }
    if (rule.kind === "IMAGING" && !/^[A-Z]{2}$/.test(rule.modality)) problems.push({ index, message: `Rule ${n}: the modality must be a DICOM modality code such as CT, MR or PT.` });
  });
  return problems;
}

/** A sensible start for a new board: what most tumour boards ask for. */
export const DEFAULT_RULES: ReadinessRule[] = [
  { key: "ct-chest", label: "CT chest within 56 days", kind: "IMAGING", modality: "CT", bodyPart: "chest", maxAgeDays: 56, responsibleSpecialty: "RADIOLOGY" },
  { key: "pathology", label: "Pathology report or slide", kind: "PATHOLOGY", responsibleSpecialty: "PATHOLOGY" },
  { key: "ai-reviewed", label: "AI findings reviewed", kind: "AI_FINDINGS_REVIEWED", responsibleSpecialty: "RADIOLOGY" },
  { key: "ecog", label: "ECOG recorded within 30 days", kind: "ECOG", maxAgeDays: 30, responsibleSpecialty: "MEDICAL_ONCOLOGY" },
];

export const READINESS_STATUS_LABELS: Record<ReadinessStatus, string> = { READY: "Ready", STALE: "Out of date", NOT_READY: "Not ready" };
export const ITEM_STATE_LABELS: Record<ItemState, string> = { CURRENT: "Current", STALE: "Stale", MISSING: "Missing" };
