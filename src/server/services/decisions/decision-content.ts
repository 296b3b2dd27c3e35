import type { Decision, Prisma } from "@/generated/prisma/client";
import type { BiomarkerResult } from "@/domain/decisions/catalogue";
import type { DecisionContent, Dissent, MeasurementLine } from "@/domain/decisions/content";
import { stagingSiteOf, type StagingSite } from "@/domain/staging/tnm";

// The JSON columns are written by this app only, but read them defensively: a malformed row shows as empty.
const objects = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => !!x && typeof x === "object") : []);
const str = (v: unknown) => (typeof v === "string" ? v : null);

function biomarkersOf(v: unknown): BiomarkerResult[] {
  return objects(v).flatMap((o) => {
    const marker = str(o.marker);
    const value = str(o.value);
    if (!marker || !value) return [];
    const method = str(o.method);
    return [method ? { marker, value, method } : { marker, value }];
  });
}

function dissentsOf(v: unknown): Dissent[] {
  return objects(v).flatMap((o) => {
    const name = str(o.name);
    const opinion = str(o.opinion);
    return name && opinion ? [{ userId: str(o.userId), name, specialty: str(o.specialty), opinion }] : [];
  });
}

function measurementsOf(v: unknown): MeasurementLine[] {
  return objects(v).flatMap((o) => {
    const label = str(o.label);
    const unit = str(o.unit);
    const value = typeof o.value === "number" && Number.isFinite(o.value) ? o.value : null;
    return label && unit !== null && value !== null ? [{ findingId: str(o.findingId), label, value, unit }] : [];
  });
}

/** A stored decision's recorded fields, in the shape the domain and the form use. */
export function contentOf(d: Decision): DecisionContent {
  return {
    tnmPrefix: d.tnmPrefix,
    tCategory: d.tCategory,
    nCategory: d.nCategory,
    mCategory: d.mCategory,
    stageGroup: d.stageGroup,
    stageGroupOverrideReason: d.stageGroupOverrideReason,
    histology: d.histology,
    grade: d.grade,
    ecog: d.ecog,
    biomarkers: biomarkersOf(d.biomarkers),
    intent: d.intent,
    modalities: d.modalities,
    trialIdentifier: d.trialIdentifier,
    sequence: d.sequence,
    recommendation: d.recommendation,
    guidelineConcordant: d.guidelineConcordant,
    guidelineDeviationReason: d.guidelineDeviationReason,
    rationale: d.rationale,
    dissents: dissentsOf(d.dissents),
    measurementSummary: measurementsOf(d.measurementSummary),
  };
}

/** The columns to write for a decision's content. */
export function columnsOf(c: DecisionContent) {
  return {
    tnmPrefix: c.tnmPrefix,
    tCategory: c.tCategory,
    nCategory: c.nCategory,
    mCategory: c.mCategory,
    stageGroup: c.stageGroup,
    stageGroupOverrideReason: c.stageGroupOverrideReason,
    histology: c.histology,
    grade: c.grade,
    ecog: c.ecog,
    biomarkers: c.biomarkers as unknown as Prisma.InputJsonValue,
    intent: c.intent,
    modalities: c.modalities,
    trialIdentifier: c.trialIdentifier,
    sequence: c.sequence,
    recommendation: c.recommendation,
    guidelineConcordant: c.guidelineConcordant,
    guidelineDeviationReason: c.guidelineDeviationReason,
    rationale: c.rationale,
    dissents: c.dissents as unknown as Prisma.InputJsonValue,
    measurementSummary: c.measurementSummary as unknown as Prisma.InputJsonValue,
  };
}

export const siteOfCondition = (condition: { topographyCode: string } | null): StagingSite | null => (condition ? stagingSiteOf(condition.topographyCode) : null);
