/**
 * The FHIR round trip: a signed decision with its outcomes exported as an mCODE Bundle, imported into an empty
 * database, exported again: the same Bundle (but for database ids and the generation time) and the same dataset row.
 */
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrismaClient } from "@/generated/prisma/client";
import type { FhirBundle } from "@/integrations/fhir/mcode-export";
import { validateMcodeBundle } from "@/integrations/fhir/validate-mcode";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { exportDecisionFhir } from "@/server/services/documents/fhir-export";
import { readDataset } from "@/server/services/outcomes/read-dataset";
import type { Database } from "../../database/open-database";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import { createCaller } from "../root";

const JSONSchemaValidator = createRequire(import.meta.url)("@asymmetrik/fhir-json-schema-validator") as new () => { validate(resource: unknown, verbose?: boolean): unknown[] };
const r4 = new JSONSchemaValidator();

const fixture = setUpFixture();
let f: Fixture;
let empty: Database;
beforeAll(async () => {
  f = fixture();
  empty = await createTestDatabase();
});
afterAll(async () => empty?.close());

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** A signed, discussed decision of board A with treatment, status, progression and death recorded. */
async function decidedCaseWithOutcomes(db: PrismaClient) {
  const patient = await db.patient.create({
    data: {
      mrn: "RT-1",
      familyName: "Okafor",
      givenName: "Grace",
      birthDate: day("1958-07-02"),
      sex: "FEMALE",
      researchPseudonym: "CON-RT1",
      conditions: { create: { topographyCode: "C34.3", topographyDisplay: "Lower lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS", diagnosisDate: day("2025-01-10") } },
    },
    include: { conditions: true },
  });
  const kase = await db.case.create({
    data: { patientId: patient.id, boardId: f.boardA.id, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "?", referringUserId: f.users.specialist.id, status: "CLOSED", createdAt: new Date("2025-01-20T09:15:00Z") },
  });
  const decision = await db.decision.create({
    data: {
      caseId: kase.id,
      status: "SIGNED",
      tnmPrefix: "c",
      tCategory: "T2a",
      nCategory: "N2",
      mCategory: "M0",
      stageGroup: "IIIA",
      histology: "Adenocarcinoma, acinar predominant",
      grade: "2",
      ecog: 1,
      biomarkers: [{ marker: "EGFR", value: "exon 19 deletion", method: "NGS" }, { marker: "PD-L1", value: "TPS 60%" }],
      intent: "CURATIVE",
      modalities: ["CHEMORADIATION", "SYSTEMIC_THERAPY"],
      sequence: "Chemoradiation, then osimertinib",
      recommendation: "Definitive chemoradiation followed by osimertinib.",
      rationale: "N2 disease, EGFR mutated.",
      guidelineConcordant: false,
      guidelineDeviationReason: "Trial closed",
      recordedById: f.users.coordinator.id,
      signedById: f.users.chair.id,
      signedAt: new Date("2025-02-03T14:35:00Z"),
      createdAt: new Date("2025-02-03T13:00:00Z"),
    },
  });
  const outcome = (data: Omit<Parameters<PrismaClient["outcome"]["create"]>[0]["data"], "patientId" | "caseId" | "recordedById" | "lineageId" | "id"> & { id: string }) =>
    db.outcome.create({ data: { lineageId: data.id, patientId: patient.id, caseId: kase.id, decisionId: decision.id, recordedById: f.users.coordinator.id, ...data } as never });
  await outcome({ id: "rt-o1", kind: "TREATMENT", occurredOn: day("2025-02-20"), endedOn: day("2025-04-01"), treatment: "RADIOTHERAPY", treatmentIntent: "CURATIVE", followedRecommendation: true });
  await outcome({ id: "rt-o2", kind: "TREATMENT", occurredOn: day("2025-02-20"), treatment: "SYSTEMIC_THERAPY", treatmentIntent: "CURATIVE", followedRecommendation: false, deviationReason: "FITNESS", note: "Carboplatin instead of cisplatin" });
  await outcome({ id: "rt-o3", kind: "DISEASE_STATUS", occurredOn: day("2025-06-01"), diseaseStatus: "RESPONDING", evidence: ["IMAGING", "CLINICAL"] });
  await outcome({ id: "rt-o4", kind: "PROGRESSION", occurredOn: day("2025-09-15") });
  await outcome({ id: "rt-o5", kind: "DEATH", occurredOn: day("2025-11-30"), causeOfDeath: "CANCER" });
  return { decision, patient };
}

/** The bundle without what differs between two databases by nature: ids, fullUrls and the generation time. */
function comparable(bundle: FhirBundle): unknown {
  const urls = new Map(bundle.entry.map((e, i) => [e.fullUrl, `#${i}`]));
  const ids = new Map(bundle.entry.map((e, i) => [e.resource.id, `#${i}`]));
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === "object") {
      return Object.fromEntries(
        Object.entries(node).map(([k, v]) => [k, k === "reference" && typeof v === "string" ? (urls.get(v) ?? v) : k === "id" && typeof v === "string" ? (ids.get(v) ?? v) : walk(v)]),
      );
    }
    return node;
  };
  const { id: _id, timestamp: _timestamp, entry } = bundle;
  return walk(entry.map((e) => e.resource).map((r) => (r.resourceType === "CarePlan" ? { ...r, title: String(r.title).replace(/version \d+/, "version n") } : r)));
}

describe("FHIR round trip of a decision with its outcomes", () => {
  it("exports mCODE outcomes that validate, imports them into an empty database and exports the same again", async () => {
    const { decision, patient } = await decidedCaseWithOutcomes(f.db);
    const first = (await exportDecisionFhir(f.db, f.users.chair, decision.id)).bundle;
    expect(validateMcodeBundle(first)).toEqual({ valid: true, issues: [] });
    expect(r4.validate(first)).toEqual([]);
    const types = first.entry.map((e) => e.resource.resourceType);
    expect(types.filter((t) => t === "Procedure" || t === "MedicationStatement")).toEqual(["Procedure", "MedicationStatement"]);
    expect(first.entry.find((e) => e.resource.resourceType === "Patient")!.resource.deceasedDateTime).toBe("2025-11-30");

    // An empty installation with a board of the same name.
    const db2 = empty.prisma;
    const board = await db2.board.create({ data: { slug: "a", name: "Board A", tumourSite: "thoracic" } });
    const coordinator = await db2.user.create({ data: { email: "coordinator@elsewhere.example", name: "coordinator", role: "COORDINATOR", memberships: { create: { boardId: board.id } } } });
    const caller = createCaller({ db: db2, user: await loadSessionUser(db2, coordinator.id) });
    const result = await caller.historyImport.run({ boardId: board.id, format: "fhir", content: JSON.stringify(first) });
    expect(result.rows[0]!.errors).toEqual([]);
    expect(result.applied).toMatchObject({ patientsCreated: 1, casesCreated: 1, outcomesCreated: 5 });

    const imported = await db2.decision.findFirstOrThrow({ where: { case: { boardId: board.id } } });
    const second = (await exportDecisionFhir(db2, coordinator, imported.id)).bundle;
    // The signer is a user of the first installation: the second knows the decision as signed, not by whom.
    const withoutAuthor = (b: FhirBundle) => ({ ...b, entry: b.entry.map((e) => (e.resource.resourceType === "CarePlan" ? { ...e, resource: { ...e.resource, author: undefined } } : e)) });
    expect(comparable(JSON.parse(JSON.stringify(withoutAuthor(second))) as FhirBundle)).toEqual(comparable(JSON.parse(JSON.stringify(withoutAuthor(first))) as FhirBundle));

    const rowOf = async (db: PrismaClient, boardId: string) => {
      const row = (await readDataset(db, [boardId])).find((r) => r.mrn === patient.mrn)!;
      const { decision_id: _d, pseudonym: _p, ...rest } = row;
      return rest;
    };
    const original = await rowOf(f.db, f.boardA.id);
    expect(original).toMatchObject({ os_event: true, pfs_event: true, treatment_followed_recommendation: false, latest_disease_status: "RESPONDING", days_referral_to_discussion: 14 });
    expect(await rowOf(db2, board.id)).toEqual(original);

    // Importing the same Bundle again changes nothing.
    const again = await caller.historyImport.run({ boardId: board.id, format: "fhir", content: JSON.stringify(first) });
    expect(again.applied).toMatchObject({ casesCreated: 0, outcomesCreated: 0, outcomeVersionsCreated: 0, decisionVersionsCreated: 0, unchanged: 1 });
  });
});
