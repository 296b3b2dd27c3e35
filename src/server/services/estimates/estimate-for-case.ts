import { COVARIATE_DEFINITIONS, type AnalysisRow } from "@/domain/cohorts/cohort";
import { DAYS_PER_YEAR, ESTIMATE_YEARS, estimateSentence, OBSERVATIONAL_CAVEAT } from "@/domain/cohorts/treatment-options";
import { ageBand, ageOn, siteOf } from "@/domain/outcomes/dataset";
import { predictSurvival } from "@/domain/statistics/cox";
import { recordAudit } from "../audit/record-audit";
import type { Actor, Db } from "../db-types";
import { readAnalysisRows } from "../cohorts/read-analysis-rows";
import { datasetVersion } from "../outcomes/read-dataset";
import { fitOptionModel, OPTION_MODEL_SPEC, type OptionModel } from "./option-model";

interface CachedModel {
  model: OptionModel;
  modelVersion: string;
  fittedAt: Date;
}

/**
 * Fitted models, one per board + dataset version + site + model spec: a model is fitted once per dataset version and
 * reused by every case page until an outcome or decision changes the dataset. Bounded: the oldest entry goes first.
 */
const modelCache = new Map<string, Promise<CachedModel>>();
const MAX_CACHED_MODELS = 32;
/** A 95% interval wider than this (in survival probability) is reported as too uncertain. */
const MAX_INTERVAL_WIDTH = 0.5;

async function optionModelFor(db: Db, boardId: string, site: string | null): Promise<CachedModel> {
  const version = await datasetVersion(db, [boardId]);
  const key = [boardId, version, site ?? "-", OPTION_MODEL_SPEC].join("|");
  let entry = modelCache.get(key);
  if (!entry) {
    entry = (async () => {
      const rows = (await readAnalysisRows(db, [boardId])).filter((r) => site === null || r.site === site);
      return { model: fitOptionModel(rows), modelVersion: `${OPTION_MODEL_SPEC}@${version}`, fittedAt: new Date() };
    })();
    modelCache.set(key, entry);
    entry.catch(() => modelCache.delete(key));
    while (modelCache.size > MAX_CACHED_MODELS) modelCache.delete(modelCache.keys().next().value!);
  }
  return entry;
}

export interface CaseEstimateInput {
  caseId: string;
  /** The values on the form now (unsaved), when they differ from the saved decision. */
  stageGroup?: string | null;
  ecog?: number | null;
}

/**
 * The estimated overall survival at 1, 2 and 5 years for this case's patient under each treatment option the board
 * has used, from the board's own data (same site), with the model's held-out discrimination and calibration; or why
 * there is none (data too thin, a patient value missing).
 */
export async function computeCaseEstimate(db: Db, input: CaseEstimateInput, now = new Date()) {
  const kase = await db.case.findUniqueOrThrow({
    where: { id: input.caseId },
    select: {
      boardId: true,
      patientId: true,
      ecog: true,
      condition: { select: { topographyCode: true } },
      patient: { select: { birthDate: true, sex: true } },
      decisions: { orderBy: { version: "desc" }, take: 1, select: { stageGroup: true, ecog: true } },
    },
  });
  const decision = kase.decisions[0];
  const site = siteOf(kase.condition?.topographyCode ?? null);
  const stageGroup = input.stageGroup !== undefined ? input.stageGroup : (decision?.stageGroup ?? null);
  // As the form shows it: the decision's ECOG once there is a decision, the referral's before.
  const ecog = input.ecog !== undefined ? input.ecog : decision ? decision.ecog : (kase.ecog ?? null);
  // The patient as the model sees every patient: age by its 5-year band, as in the pseudonymised rows.
  const band = ageBand(ageOn(kase.patient.birthDate, now));
  const inputs = { site, stageGroup, ecog, ageBand: band, sex: kase.patient.sex };
  const cached = await optionModelFor(db, kase.boardId, site);
  const { model } = cached;
  const common = { modelVersion: cached.modelVersion, fittedAt: cached.fittedAt, inputs, caveat: OBSERVATIONAL_CAVEAT, patientId: kase.patientId };

  if (model.status === "thin") {
    return { ...common, status: "unavailable" as const, reason: model.reason, patients: model.patients, events: model.events, validation: null, options: [], notEstimated: model.notEstimated };
  }
  const asRow = { stage_group: stageGroup, ecog, age_band: band, sex: kase.patient.sex } as AnalysisRow;
  const adjustment: number[] = [];
  for (const c of ["stage_ordinal", "age", "sex", "ecog"] as const) {
    const v = COVARIATE_DEFINITIONS[c].values(asRow);
    if (v === null) {
      return {
        ...common,
        status: "unavailable" as const,
        reason: `No estimate for this patient: ${COVARIATE_DEFINITIONS[c].missing}. The model adjusts for stage, age, sex and ECOG; record them in the decision.`,
        patients: model.patients,
        events: model.events,
        validation: model.validation,
        options: [],
        notEstimated: model.notEstimated,
      };
    }
    adjustment.push(...v);
  }
  const times = ESTIMATE_YEARS.map((y) => Math.round(y * DAYS_PER_YEAR));
  const lastFollowUp = model.fit.baselineCumulativeHazard.at(-1)?.time ?? 0;
  const options = model.options.map((option, i) => {
    const x = [...adjustment, ...model.options.slice(1).map((_, j) => (j === i - 1 ? 1 : 0))];
    const predicted = predictSurvival(model.fit, x, times);
    const estimates = ESTIMATE_YEARS.map((years, k) => {
      const p = predicted[k]!;
      // Beyond the board's longest follow-up the curve is flat by construction: not an estimate. An interval wider
      // than half the scale says nothing a clinician could use: it is named, not shown as a number.
      const note = times[k]! > lastFollowUp ? ("beyond follow-up" as const) : p.upper - p.lower > MAX_INTERVAL_WIDTH ? ("too uncertain" as const) : null;
      return note ? { years, survival: null, lower: null, upper: null, note } : { years, survival: p.survival, lower: p.lower, upper: p.upper, note };
    });
    // The sentence speaks of 2 years, or of 1 year when 2 years cannot be estimated.
    const said = estimates.slice(0, 2).reverse().find((e) => e.survival !== null);
    return {
      key: option.key,
      label: option.label,
      patients: option.patients,
      events: option.events,
      estimates,
      sentence: said ? estimateSentence(option, { years: said.years, survival: said.survival!, lower: said.lower!, upper: said.upper! }) : null,
    };
  });
  return { ...common, status: "estimated" as const, reason: null, patients: model.patients, events: model.events, validation: model.validation, options, notEstimated: model.notEstimated };
}

export type CaseEstimate = Awaited<ReturnType<typeof computeCaseEstimate>>;

/** The estimate beside the decision form: audited as an analysis of the board's dataset about this patient. */
export async function estimateForCase(db: Db, actor: Actor, input: CaseEstimateInput) {
  const estimate = await computeCaseEstimate(db, input);
  await recordAudit(db, actor, {
    action: "analysis.estimate",
    entityType: "Case",
    entityId: input.caseId,
    patientId: estimate.patientId,
    detail: { modelVersion: estimate.modelVersion, status: estimate.status, rows: estimate.patients, inputs: { stageGroup: estimate.inputs.stageGroup, ecog: estimate.inputs.ecog } },
  });
  return estimate;
}

/** What is kept with a signed decision: the estimate as shown then, so that it can be compared with what followed. */
export async function estimateAtSigning(db: Db, caseId: string) {
  try {
    const e = await computeCaseEstimate(db, { caseId });
    return {
      modelVersion: e.modelVersion,
      computedAt: new Date().toISOString(),
      inputs: e.inputs,
      status: e.status,
      reason: e.reason,
      patients: e.patients,
      events: e.events,
      validation: e.validation,
      options: e.options.map((o) => ({ key: o.key, label: o.label, patients: o.patients, events: o.events, estimates: o.estimates })),
    };
  } catch (error) {
    // Signing never fails for want of an estimate; that it failed is kept instead.
    return { modelVersion: OPTION_MODEL_SPEC, computedAt: new Date().toISOString(), status: "failed" as const, reason: error instanceof Error ? error.name : "unknown" };
  }
}
