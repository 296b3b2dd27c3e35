import { readFileSync } from "node:fs";
import path from "node:path";
import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { readDataset } from "@/server/services/outcomes/read-dataset";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { NOT_FOUND_MESSAGE } from "../access";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const HEADER =
  "case_external_id,mrn,family_name,given_name,birth_date,sex,topography_code,morphology_code,referral_date,discussion_date,tnm_prefix,t_category,n_category,m_category,stage_group,intent,modalities,recommendation,treatment_given,treatment_start_date,treatment_followed_recommendation,disease_status,disease_status_date,vital_status,vital_status_date,cause_of_death";
const row = (over: Partial<Record<string, string>> = {}) => {
  const values: Record<string, string> = {
    case_external_id: "H-1",
    mrn: "H-MRN-1",
    family_name: "Historia",
    given_name: "Ada",
    birth_date: "1950-02-03",
    sex: "FEMALE",
    topography_code: "C34.1",
    morphology_code: "8140/3",
    referral_date: "2023-01-02",
    discussion_date: "2023-01-12",
    tnm_prefix: "c",
    t_category: "T2a",
    n_category: "N2",
    m_category: "M0",
    stage_group: "IIIA",
    intent: "CURATIVE",
    modalities: "CHEMORADIATION",
    recommendation: "Concurrent chemoradiation",
    treatment_given: "RADIOTHERAPY",
    treatment_start_date: "2023-02-01",
    treatment_followed_recommendation: "yes",
    disease_status: "RESPONDING",
    disease_status_date: "2023-06-01",
    vital_status: "DEAD",
    vital_status_date: "2024-03-01",
    cause_of_death: "CANCER",
    ...over,
  };
  return HEADER.split(",")
    .map((h) => values[h] ?? "")
    .map((v) => (v.includes(",") ? `"${v}"` : v))
    .join(",");
};
const csv = (...rows: string[]) => [HEADER, ...rows].join("\n");

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
    return null;
  } catch (error) {
    return error instanceof TRPCError ? { code: error.code, message: error.message } : error;
  }
}

describe("history import", () => {
  it("previews without writing: line-numbered errors for each bad row, and what would be created", async () => {
    const coordinator = await f.callerFor("coordinator");
    const before = await f.db.case.count();
    const content = csv(
      row(),
      row({ case_external_id: "H-2", mrn: "H-MRN-2", topography_code: "X99", t_category: "T9" }),
      row({ case_external_id: "H-3", mrn: "H-MRN-3", discussion_date: "2999-01-01" }),
      row({ case_external_id: "H-1", mrn: "H-MRN-4" }),
      row({ case_external_id: "H-5", mrn: "A-1", family_name: "Someoneelse", birth_date: "1970-01-01" }),
    );
    const preview = await coordinator.historyImport.preview({ boardId: f.boardA.id, format: "csv", content });
    expect(preview.counts).toMatchObject({ rows: 5, valid: 1, refused: 4, casesToCreate: 1, patientsToCreate: 1, outcomes: 3 });
    expect(preview.rows.map((r) => [r.line, r.errors.length > 0])).toEqual([[2, false], [3, true], [4, true], [5, true], [6, true]]);
    // A refused row is named by its case id as written, also when the row could not be read into a record.
    expect(preview.rows.map((r) => r.caseExternalId)).toEqual(["H-1", "H-2", "H-3", "H-1", "H-5"]);
    expect(preview.rows[1]!.errors).toContain('topography_code "X99" is not an ICD-O-3 topography code such as C34.1.');
    expect(preview.rows[2]!.errors).toEqual(expect.arrayContaining(["discussion_date 2999-01-01 is in the future."]));
    expect(preview.rows[3]!.errors).toEqual(["case_external_id H-1 is already used on line 2."]);
    expect(preview.rows[4]!.errors[0]).toMatch(/^The MRN A-1 belongs to a patient with another family name and birth date/);
    expect(preview.refusal).toMatch(/4 of 5 rows have errors/);
    expect(await f.db.case.count()).toBe(before);
    expect(await f.db.auditEvent.count({ where: { action: "history.import.preview", entityId: f.boardA.id } })).toBeGreaterThan(0);
  });

  it("refuses an unknown TNM category through the staging domain, and a wrong header for the whole file", async () => {
    const chair = await f.callerFor("chair");
    const bad = await chair.historyImport.preview({ boardId: f.boardA.id, format: "csv", content: csv(row({ t_category: "T7" })) });
    expect(bad.rows[0]!.errors).toEqual(["T7 is not a T category of AJCC 8th edition lung staging."]);
    const header = await chair.historyImport.preview({ boardId: f.boardA.id, format: "csv", content: `${HEADER},shoe_size\n${row()},42` });
    expect(header.fileErrors).toEqual(["Line 1: Unknown column: shoe_size. The columns are listed in the README (Import history)."]);
  });

  it("imports all or nothing, or the valid rows when asked; nothing of a refused row is written", async () => {
    const coordinator = await f.callerFor("coordinator");
    const content = csv(row({ case_external_id: "AON-1", mrn: "AON-MRN-1" }), row({ case_external_id: "AON-2", mrn: "AON-MRN-2", sex: "X" }));
    const refused = await coordinator.historyImport.run({ boardId: f.boardA.id, format: "csv", content });
    expect(refused).toMatchObject({ imported: false, applied: null });
    expect(await f.db.patient.count({ where: { mrn: { in: ["AON-MRN-1", "AON-MRN-2"] } } })).toBe(0);

    const valid = await coordinator.historyImport.run({ boardId: f.boardA.id, format: "csv", content, validRowsOnly: true });
    expect(valid).toMatchObject({ imported: true, applied: { patientsCreated: 1, casesCreated: 1, outcomesCreated: 3 } });
    expect(await f.db.patient.count({ where: { mrn: { in: ["AON-MRN-1", "AON-MRN-2"] } } })).toBe(1);
    const kase = await f.db.case.findUniqueOrThrow({ where: { boardId_externalId: { boardId: f.boardA.id, externalId: "AON-1" } }, include: { decisions: true, outcomes: true } });
    expect(kase).toMatchObject({ source: "CSV_IMPORT", createdAt: new Date("2023-01-02T00:00:00Z"), decisions: [{ status: "SIGNED", signedAt: new Date("2023-01-12T00:00:00Z"), stageGroup: "IIIA" }] });
    expect(kase.outcomes.every((o) => o.source === "CSV_IMPORT")).toBe(true);
    expect(await f.db.auditEvent.count({ where: { action: "history.import", entityId: f.boardA.id } })).toBe(1);
    expect(await f.db.auditEvent.count({ where: { action: "case.import", entityId: kase.id, patientId: kase.patientId } })).toBe(1);
    expect(await f.db.auditEvent.count({ where: { action: "patient.create", patientId: kase.patientId } })).toBe(1);

    // The row is in the outcome dataset with its historical dates.
    const datasetRow = (await readDataset(f.db, [f.boardA.id])).find((r) => r.mrn === "AON-MRN-1");
    expect(datasetRow).toMatchObject({
      decision_date: "2023-01-12",
      days_referral_to_discussion: 10,
      stage_group: "IIIA",
      site: "C34",
      intent: "CURATIVE",
      modalities: "CHEMORADIATION",
      treatment_given: "RADIOTHERAPY",
      days_to_treatment: 20,
      treatment_followed_recommendation: true,
      os_days: 414,
      os_event: true,
      vital_status: "DEAD",
      cause_of_death: "CANCER",
      latest_disease_status: "RESPONDING",
      age_at_decision: 72,
    });
  });

  it("re-imports idempotently by external id: unchanged rows write nothing, changed outcomes get a new version", async () => {
    const chair = await f.callerFor("chair");
    const content = csv(row({ case_external_id: "IDEM-1", mrn: "IDEM-MRN-1", vital_status: "ALIVE", cause_of_death: "" }));
    expect((await chair.historyImport.run({ boardId: f.boardA.id, format: "csv", content })).applied).toMatchObject({ casesCreated: 1, outcomesCreated: 3 });
    expect((await chair.historyImport.run({ boardId: f.boardA.id, format: "csv", content })).applied).toMatchObject({ casesCreated: 0, casesUpdated: 0, outcomesCreated: 0, outcomeVersionsCreated: 0, unchanged: 1 });

    const changed = csv(row({ case_external_id: "IDEM-1", mrn: "IDEM-MRN-1", vital_status: "ALIVE", vital_status_date: "2024-09-01", cause_of_death: "", recommendation: "Chemoradiation, then durvalumab" }));
    const again = await chair.historyImport.run({ boardId: f.boardA.id, format: "csv", content: changed });
    expect(again.rows[0]).toMatchObject({ action: "update", patient: "existing" });
    expect(again.applied).toMatchObject({ casesCreated: 0, casesUpdated: 1, decisionVersionsCreated: 1, outcomesCreated: 0, outcomeVersionsCreated: 1 });
    const kase = await f.db.case.findFirstOrThrow({ where: { externalId: "IDEM-1" }, include: { decisions: { orderBy: { version: "asc" } } } });
    expect(kase.decisions.map((d) => [d.version, d.status, d.recommendation])).toEqual([
      [1, "SIGNED", "Concurrent chemoradiation"],
      [2, "SIGNED", "Chemoradiation, then durvalumab"],
    ]);
    const vital = await f.db.outcome.findMany({ where: { caseId: kase.id, kind: "ALIVE" }, orderBy: { version: "asc" } });
    expect(vital.map((o) => [o.version, o.occurredOn.toISOString().slice(0, 10), o.supersededById === null])).toEqual([
      [1, "2024-03-01", false],
      [2, "2024-09-01", true],
    ]);
    expect(await f.db.case.count({ where: { externalId: "IDEM-1" } })).toBe(1);
  });

  it("refuses a patient of another board found by MRN, and a case id re-imported for another MRN", async () => {
    const chair = await f.callerFor("chair");
    const preview = await chair.historyImport.preview({
      boardId: f.boardA.id,
      format: "csv",
      content: csv(row({ case_external_id: "OTHER-1", mrn: "B-1", family_name: "Testperson", birth_date: "1960-01-01" }), row({ case_external_id: "IDEM-1", mrn: "SOMEONE-ELSE" })),
    });
    expect(preview.rows[0]!.errors[0]).toMatch(/belongs to a patient of another board/);
    expect(preview.rows[1]!.errors[0]).toMatch(/cannot move a case to another patient/);
  });

  it("lets only the board's chairs and coordinators import: specialists, researchers and other boards are refused", async () => {
    const content = csv(row({ case_external_id: "DENY-1", mrn: "DENY-MRN-1" }));
    expect(await refusal((await f.callerFor("specialist")).historyImport.run({ boardId: f.boardA.id, format: "csv", content }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await refusal((await f.callerFor("outsiderChair")).historyImport.run({ boardId: f.boardA.id, format: "csv", content }))).toEqual({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
    const caller = await f.callerFor("researcher");
    expect(await refusal(caller.historyImport.preview({ boardId: f.boardA.id, format: "csv", content }))).toMatchObject({ code: "FORBIDDEN" });
    expect(await f.db.patient.count({ where: { mrn: "DENY-MRN-1" } })).toBe(0);
  });

  it("imports the example file of the README", async () => {
    const content = readFileSync(path.resolve(import.meta.dirname, "../../../../docs/examples/history-import.csv"), "utf8");
    const result = await (await f.callerFor("coordinator")).historyImport.run({ boardId: f.boardA.id, format: "csv", content });
    expect(result.rows.flatMap((r) => r.errors)).toEqual([]);
    expect(result.applied).toMatchObject({ casesCreated: 3, patientsCreated: 3 });
  });

  it("lists what a Bundle that is not mCODE is missing", async () => {
    const bundle = { resourceType: "Bundle", type: "collection", entry: [{ fullUrl: "urn:uuid:1", resource: { resourceType: "Patient", id: "p", name: [{ family: "Nocode" }] } }] };
    const preview = await (await f.callerFor("chair")).historyImport.preview({ boardId: f.boardA.id, format: "fhir", content: JSON.stringify(bundle) });
    expect(preview.rows[0]!.errors).toEqual([
      "Missing for mCODE: Patient.identifier: the medical record number (type MR).",
      "Missing for mCODE: Patient.name.given.",
      "Missing for mCODE: Patient.birthDate.",
      "Missing for mCODE: Patient.gender.",
      "Missing for mCODE: Condition: a PrimaryCancerCondition (mcode-primary-cancer-condition).",
      "Missing for mCODE: CarePlan: the board's recommendation.",
    ]);
  });
});
