import { beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DECISION, type DecisionContent } from "@/domain/decisions/content";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { seedOutcomeHistory } from "../../testing/outcome-history";

const fixture = setUpFixture();
let f: Fixture;
let history: Awaited<ReturnType<typeof seedOutcomeHistory>>;
beforeAll(async () => {
  f = fixture();
  // Board A's past: the 228 NCCTG lung patients (1 without ECOG) as signed decisions with real survival times.
  history = await seedOutcomeHistory(f.db, { boardId: f.boardA.id, recordedById: f.users.chair.id, prefix: "h" });
  // One row whose follow-up is inconsistent: a death recorded before the board discussed the case.
  await seedOutcomeHistory(f.db, { boardId: f.boardA.id, recordedById: f.users.chair.id, prefix: "bad", count: 1, firstDiscussion: new Date("2024-06-01T00:00:00Z") });
  await f.db.outcome.update({ where: { id: "bad-out-0" }, data: { kind: "DEATH", occurredOn: new Date("2024-05-01T00:00:00Z") } });
}, 120_000);

const stageThreeLung = { sites: ["C34"], stageGroups: ["III"] };

describe("cohort.survival: Kaplan-Meier curves of a filtered cohort", () => {
  it("draws one curve per group with numbers at risk, medians and a log-rank test, and audits the analysis", async () => {
    const chair = await f.callerFor("chair");
    const result = await chair.cohort.survival({ filter: stageThreeLung, groupBy: "modalities", endpoint: "OS" });
    expect(result.status).toBe("ok");
    // Stage III: two of every three patients; surgery, chemoradiation or systemic therapy.
    expect(result.groups.map((g) => g.label)).toEqual(["CHEMORADIATION", "SURGERY", "SYSTEMIC_THERAPY"]);
    const total = result.groups.reduce((s, g) => s + g.n, 0);
    expect(total).toBe(result.patients);
    expect(total).toBe(152);
    for (const g of result.groups) {
      expect(g.atRisk[0]).toBe(g.n);
      expect(g.atRisk).toHaveLength(result.ticks.length);
      expect(g.steps.at(-1)!.survival).toBeLessThan(g.steps[0]!.survival);
      expect(g.median.estimate).toBeGreaterThan(0);
    }
    expect(result.logRank).toMatchObject({ df: 2 });
    expect(result.logRank!.pValue).toBeGreaterThan(0);
    expect(result.logRank!.pValue).toBeLessThanOrEqual(1);
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "analysis.km", actorId: f.users.chair.id }, orderBy: { id: "desc" } });
    expect(audit.detail).toMatchObject({ filter: stageThreeLung, groupBy: "modalities", endpoint: "OS", rows: 152 });
  });

  it("reproduces R's median survival of the NCCTG cohort (310 days) for the whole board", async () => {
    const result = await (await f.callerFor("specialist")).cohort.survival({ filter: { boards: ["a"] }, groupBy: "none", endpoint: "OS" });
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]).toMatchObject({ n: 228, events: 165, median: { estimate: 310 } });
    expect(result.logRank).toBeNull();
  });

  it("reports a row with inconsistent follow-up by its pseudonym instead of dropping it silently", async () => {
    const result = await (await f.callerFor("chair")).cohort.survival({ filter: {}, groupBy: "none", endpoint: "OS" });
    expect(result.patients).toBe(229);
    expect(result.dataIssues).toEqual([{ pseudonym: "BAD-0000", issue: "death recorded before the decision" }]);
    expect(result.groups[0]!.n).toBe(228);
  });

  it("shows no curve when the filter leaves fewer patients than the export's k", async () => {
    const result = await (await f.callerFor("chair")).cohort.survival({ filter: { ageBands: ["35-39"] }, groupBy: "none", endpoint: "OS" });
    expect(result.patients).toBeLessThan(5);
    expect(result).toMatchObject({ status: "too-few", minimumPatients: 5, groups: [], logRank: null });
  });

  it("sees only the user's boards: board B's chair finds nothing of board A", async () => {
    const result = await (await f.callerFor("outsiderChair")).cohort.survival({ filter: {}, groupBy: "none", endpoint: "OS" });
    expect(result).toMatchObject({ status: "too-few", patients: 0 });
    expect(result.choices.boards).toEqual([]);
  });

  it("lets a researcher of the board analyse pseudonymised rows, never names or MRNs", async () => {
    const caller = await f.callerFor("researcher");
    const result = await caller.cohort.survival({ filter: {}, groupBy: "sex", endpoint: "PFS" });
    expect(result.groups.map((g) => g.label)).toEqual(["FEMALE", "MALE"]);
    const text = JSON.stringify(result);
    expect(text).not.toContain("History");
    expect(text).not.toContain('"h-1"');
    await expect(caller.estimate.forCase({ caseId: f.caseA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("refuses a malformed period with a clear message", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.cohort.survival({ filter: { periodFrom: "2024" }, groupBy: "none", endpoint: "OS" })).rejects.toThrow("A period is a quarter such as 2024-Q1.");
  });
});

describe("cohort.hazards: a Cox model on chosen covariates", () => {
  it("gives hazard ratios with intervals, the concordance and the PH check, and counts who was left out", async () => {
    const result = await (await f.callerFor("chair")).cohort.hazards({ filter: { boards: ["a"] }, endpoint: "OS", covariates: ["age", "sex", "ecog"] });
    expect(result.status).toBe("ok");
    expect(result.leftOutSentence).toBe(`${history.missingEcog} of 228 patients left out: ECOG unknown`);
    expect(result.usedPatients).toBe(227);
    const [age, sex, ecog] = result.model!.coefficients;
    expect(age!.name).toBe("age (per year)");
    // R (exact age, female vs male): sex 0.575, i.e. male vs female 1/0.575 = 1.739; ECOG 1.590. Age here is the
    // band's middle, so close to R, not equal.
    expect(sex!.hazardRatio).toBeGreaterThan(1.65);
    expect(sex!.hazardRatio).toBeLessThan(1.85);
    expect(ecog!.hazardRatio).toBeGreaterThan(1.45);
    expect(ecog!.hazardRatio).toBeLessThan(1.75);
    expect(sex!.lower).toBeLessThan(sex!.hazardRatio);
    expect(result.model!.concordance).toBeGreaterThan(0.6);
    expect(result.model!.proportionalHazards.terms).toHaveLength(3);
    expect(await f.db.auditEvent.count({ where: { action: "analysis.cox" } })).toBeGreaterThan(0);
  });

  it("refuses in plain words below 10 events per covariate", async () => {
    const result = await (await f.callerFor("chair")).cohort.hazards({
      filter: { ageBands: ["70-74"], stageGroups: ["IV"] },
      endpoint: "OS",
      covariates: ["age", "sex", "ecog", "stage_dummies", "radiotherapy"],
    });
    expect(result.status).toBe("refused");
    expect(result.model).toBeNull();
    expect(result.reason).toMatch(/^Only \d+ events for 7 covariates: a Cox model needs at least 10 events per covariate \(70 here\)/);
  });

  it("says so when a model does not converge instead of showing numbers", async () => {
    // Every palliative recommendation was systemic therapy: the indicator is constant, the information matrix singular.
    const result = await (await f.callerFor("chair")).cohort.hazards({ filter: { intents: ["PALLIATIVE"] }, endpoint: "OS", covariates: ["systemic_therapy"] });
    expect(result).toMatchObject({ status: "refused", model: null });
    expect(result.reason).toContain("did not converge");
  });
});

const standard: DecisionContent = {
  ...EMPTY_DECISION,
  tnmPrefix: "c",
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  histology: "Adenocarcinoma",
  ecog: 1,
  intent: "CURATIVE",
  modalities: ["CHEMORADIATION"],
  recommendation: "Concurrent chemoradiation.",
  guidelineConcordant: true,
  rationale: "Unresectable N2 disease.",
};

describe("estimate.forCase: survival per treatment option beside the decision form", () => {
  it("estimates 1, 2 and 5 years per option with intervals, patients, events and held-out validation, and audits it", async () => {
    const chair = await f.callerFor("chair");
    const saved = await chair.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: f.draftA.id, expectedRevision: 0, content: standard });
    expect(saved.revision).toBe(1);
    const estimate = await chair.estimate.forCase({ caseId: f.caseA.id });
    expect(estimate.status).toBe("estimated");
    expect(estimate.inputs).toMatchObject({ site: "C34", stageGroup: "IIIA", ecog: 1, sex: "FEMALE" });
    expect(estimate.options.map((o) => o.label).sort()).toEqual(["Chemoradiation (curative)", "Surgery (curative)", "Systemic therapy (palliative)"]);
    for (const option of estimate.options) {
      expect(option.estimates.map((e) => e.years)).toEqual([1, 2, 5]);
      const one = option.estimates[0]!;
      expect(one.lower!).toBeLessThan(one.survival!);
      expect(one.upper!).toBeGreaterThan(one.survival!);
      expect(option.sentence).toMatch(/^Of \d+ comparable patients who were recommended .+, \d+% \(\d+-\d+%\) were alive at [12] years?/);
      // A number is shown only with a usable interval; otherwise the reason is.
      for (const e of option.estimates) {
        if (e.survival === null) expect(e.note).not.toBeNull();
        else expect(e.upper! - e.lower!).toBeLessThanOrEqual(0.5);
      }
    }
    // NCCTG follow-up ends before 5 years: no estimate beyond the data.
    expect(estimate.options[0]!.estimates[2]).toMatchObject({ survival: null, note: "beyond follow-up" });
    expect(estimate.patients).toBe(227);
    expect(estimate.validation!.folds).toBe(5);
    expect(estimate.validation!.concordance).toBeGreaterThan(0.5);
    expect(estimate.caveat).toContain("does not account for why patients were treated differently");
    const audit = await f.db.auditEvent.findFirstOrThrow({ where: { action: "analysis.estimate" }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ entityId: f.caseA.id, patientId: f.patientA.id });
  });

  it("fits once per dataset version: the same model serves the next call, a new outcome makes a new one", async () => {
    const chair = await f.callerFor("chair");
    const first = await chair.estimate.forCase({ caseId: f.caseA.id });
    // A draft saved as someone types is not part of the dataset: the model stays.
    await chair.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, decisionId: f.draftA.id, expectedRevision: 1, content: { ...standard, rationale: "Typed on." } });
    const again = await chair.estimate.forCase({ caseId: f.caseA.id, ecog: 2 });
    expect(again.fittedAt).toEqual(first.fittedAt);
    expect(again.modelVersion).toBe(first.modelVersion);
    expect(again.options[0]!.estimates[0]!.survival).toBeLessThan(first.options[0]!.estimates[0]!.survival!);
    await f.db.outcome.create({
      data: { id: "extra-out", lineageId: "extra-out", patientId: "h-pat-3", caseId: "h-case-3", kind: "ALIVE", occurredOn: new Date("2019-01-01T00:00:00Z"), recordedById: f.users.chair.id },
    });
    const refitted = await chair.estimate.forCase({ caseId: f.caseA.id });
    expect(refitted.modelVersion).not.toBe(first.modelVersion);
    expect(refitted.fittedAt.getTime()).toBeGreaterThanOrEqual(first.fittedAt.getTime());
  });

  it("says why there is no estimate when the patient's ECOG is unknown", async () => {
    const estimate = await (await f.callerFor("coordinator")).estimate.forCase({ caseId: f.caseA.id, ecog: null });
    expect(estimate).toMatchObject({ status: "unavailable", options: [] });
    expect(estimate.reason).toContain("ECOG unknown");
  });

  it("says the data are too thin for a board without history", async () => {
    const estimate = await (await f.callerFor("outsiderChair")).estimate.forCase({ caseId: f.caseB.id });
    expect(estimate.status).toBe("unavailable");
    expect(estimate.reason).toContain("No treatment option was recommended to at least 10");
  });

  it("keeps the estimate shown with the decision when the chair signs it", async () => {
    const chair = await f.callerFor("chair");
    const shown = await chair.estimate.forCase({ caseId: f.caseA.id });
    const rev = (await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).revision;
    await chair.decision.sign({ decisionId: f.draftA.id, expectedRevision: rev, withoutQuorumReason: "Pathology report already in the file" });
    const signed = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    const kept = signed.estimateAtSigning as { modelVersion: string; inputs: unknown; options: { label: string; estimates: unknown[] }[] };
    expect(kept.modelVersion).toBe(shown.modelVersion);
    expect(kept.inputs).toEqual(shown.inputs);
    expect(kept.options.map((o) => [o.label, o.estimates])).toEqual(shown.options.map((o) => [o.label, o.estimates]));
  });
});
