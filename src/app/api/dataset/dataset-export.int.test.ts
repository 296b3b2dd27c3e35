/**
 * The research export through the real route.ts files and the dataset router, on a migrated database: pseudonymised
 * columns only, small classes suppressed and reported, identifiable export for a chair with a reason (audited), and
 * a researcher who sees the dataset but no patient.
 */
import { asyncBufferFromFile, parquetReadObjects } from "hyparquet";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PSEUDONYMISED_COLUMNS } from "@/domain/outcomes/dataset";
import type { Context } from "@/server/api/trpc";
import type { Database } from "@/server/database/open-database";
import { loadSessionUser } from "@/server/services/auth/load-session-user";
import { createFixture, type ActorKey, type Fixture } from "@/server/testing/fixture";
import { createTestDatabase } from "@/server/testing/test-database";

let signedIn: Context;
vi.mock("@/server/api/context", () => ({ createContext: async () => signedIn }));
const pseudonymised = await import("./export/[format]/route");
const identifiable = await import("./export/identifiable/[format]/route");

let database: Database;
let f: Fixture;

async function as(actor: ActorKey) {
  signedIn = { db: f.db, user: actor === "anonymous" ? null : await loadSessionUser(f.db, f.users[actor].id) };
}
const params = <P>(p: P) => ({ params: Promise.resolve(p) });
const exportAs = async (actor: ActorKey, format: string, query = "") => {
  await as(actor);
  return pseudonymised.GET(new Request(`http://localhost/api/dataset/export/${format}${query}`), params({ format }));
};
const exportIdentifiable = async (actor: ActorKey, body: unknown, format = "csv") => {
  await as(actor);
  return identifiable.POST(
    new Request(`http://localhost/api/dataset/export/identifiable/${format}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    params({ format }),
  );
};
const csvRows = (text: string) => text.split("\r\n").filter(Boolean).map((line) => line.split(","));

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  // Board A: six women born in 1960, stage IIIA lung, discussed in 2025 (one class of 6), and one man (a class of 1).
  const meeting = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date("2025-06-02T09:00:00Z"), durationMinutes: 60 } });
  for (let i = 0; i < 7; i++) {
    const patient = await f.db.patient.create({
      data: {
        mrn: `DS-${i}`,
        familyName: `Registry${i}`,
        givenName: "Pat",
        birthDate: new Date("1960-03-01T00:00:00Z"),
        sex: i === 6 ? "MALE" : "FEMALE",
        researchPseudonym: `CON-DS${i}`,
        conditions: { create: { topographyCode: "C34.1", topographyDisplay: "Upper lobe, lung", morphologyCode: "8140/3", morphologyDisplay: "Adenocarcinoma, NOS" } },
      },
      include: { conditions: true },
    });
    const kase = await f.db.case.create({
      data: { patientId: patient.id, boardId: f.boardA.id, conditionId: patient.conditions[0]!.id, questionType: "PRIMARY_TREATMENT", clinicalQuestion: "Treatment?", referringUserId: f.users.specialist.id, createdAt: new Date("2025-05-20T00:00:00Z") },
    });
    await f.db.agendaItem.create({ data: { meetingId: meeting.id, caseId: kase.id, position: i + 1 } });
    await f.db.decision.create({
      data: { caseId: kase.id, meetingId: meeting.id, status: "SIGNED", stageGroup: "IIIA", tnmPrefix: "c", ecog: 1, intent: "CURATIVE", modalities: ["SURGERY"], recommendation: "Lobectomy", recordedById: f.users.coordinator.id },
    });
  }
});
afterAll(async () => database.close());

describe("the pseudonymised export", () => {
  it("holds the pseudonymised columns only, suppresses the class smaller than k and says so in its headers", async () => {
    const response = await exportAs("researcher", "csv");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("cache-control")).toContain("no-store");
    expect(response.headers.get("x-dataset-rows")).toBe("6");
    expect(response.headers.get("x-dataset-suppression")).toBe("k=5; rows=7; kept=6; suppressed=1; classes=1");
    const text = await response.text();
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual(PSEUDONYMISED_COLUMNS.map((c) => c.name));
    for (const column of ["mrn", "family_name", "given_name", "birth_date", "decision_date"]) expect(header).not.toContain(column);
    expect(rows).toHaveLength(6);
    expect(text).not.toMatch(/DS-\d|Registry|1960|CON-DS6/);
    expect(rows.map((r) => r[header!.indexOf("age_band")])).toEqual(Array(6).fill("65-69"));
    const [event] = await f.db.auditEvent.findMany({ where: { action: "dataset.export" }, orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ actorId: f.users.researcher.id, entityType: "Dataset", patientId: null, detail: expect.objectContaining({ format: "csv", rows: 6, suppressed: 1, k: 5 }) });
  });

  it("follows the administrator's k", async () => {
    await (await f.callerFor("admin")).settings.updateDatasetPrivacy({ k: 7 });
    try {
      const response = await exportAs("chair", "csv");
      expect(response.headers.get("x-dataset-rows")).toBe("0");
      expect(csvRows(await response.text())).toHaveLength(1);
    } finally {
      await (await f.callerFor("admin")).settings.updateDatasetPrivacy({ k: 5 });
    }
  });

  it("writes a Parquet file that a reader opens, with the same rows", async () => {
    const response = await exportAs("researcher", "parquet");
    expect(response.status).toBe(200);
    const dir = mkdtempSync(path.join(tmpdir(), "concilium-parquet-"));
    try {
      const file = path.join(dir, "export.parquet");
      writeFileSync(file, new Uint8Array(await response.arrayBuffer()));
      const rows = await parquetReadObjects({ file: await asyncBufferFromFile(file) });
      expect(rows).toHaveLength(6);
      expect(Object.keys(rows[0]!)).toEqual(PSEUDONYMISED_COLUMNS.map((c) => c.name));
      expect(rows[0]).toMatchObject({ board: "a", site: "C34", stage_group: "IIIA", age_band: "65-69", sex: "FEMALE", ecog: 1, os_event: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes FHIR NDJSON: one resource per line, no MRN", async () => {
    const response = await exportAs("researcher", "ndjson");
    const lines = (await response.text()).trim().split("\n").map((l) => JSON.parse(l) as { resourceType: string });
    expect(lines.filter((r) => r.resourceType === "Patient")).toHaveLength(6);
    expect(lines.filter((r) => r.resourceType === "CarePlan")).toHaveLength(6);
    expect(JSON.stringify(lines)).not.toContain("DS-");
  });

  it("filters by the query and refuses a board the user is not a member of as not found", async () => {
    expect(csvRows(await (await exportAs("chair", "csv", "?stageGroup=IV")).text())).toHaveLength(1);
    expect((await exportAs("chair", "csv", `?boardId=${f.boardB.id}`)).status).toBe(404);
    expect((await exportAs("chair", "xlsx")).status).toBe(400);
    expect((await exportAs("chair", "csv", "?site=lung")).status).toBe(400);
  });
});

describe("the identifiable export", () => {
  it("is refused to a specialist and a researcher, and the refusal is audited", async () => {
    for (const actor of ["specialist", "researcher"] as const) {
      const response = await exportIdentifiable(actor, { reason: "Linkage with the cancer registry" });
      expect(response.status).toBe(403);
      expect(await f.db.auditEvent.count({ where: { action: "dataset.exportIdentifiable.denied", actorId: f.users[actor].id } })).toBe(1);
    }
  });

  it("needs a reason", async () => {
    const response = await exportIdentifiable("chair", { reason: "" });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/reason/);
  });

  it("gives a chair every column and every row, and audits the reason, the rows and the patients", async () => {
    const response = await exportIdentifiable("chair", { reason: "Linkage with the cancer registry", filters: {} });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toContain("identifiable");
    const [header, ...rows] = csvRows(await response.text());
    expect(header).toContain("mrn");
    expect(header).toContain("birth_date");
    expect(rows).toHaveLength(7);
    expect(rows.map((r) => r[header!.indexOf("mrn")]).sort()).toEqual(["DS-0", "DS-1", "DS-2", "DS-3", "DS-4", "DS-5", "DS-6"]);
    const [event] = await f.db.auditEvent.findMany({ where: { action: "dataset.export.identifiable" }, orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ actorId: f.users.chair.id, reason: "Linkage with the cancer registry", detail: expect.objectContaining({ rows: 7, patients: 7, format: "csv" }) });
  });
});

describe("the dataset page's procedures", () => {
  it("show a researcher the pseudonymised rows, the suppression report and the dictionary, audited as a read", async () => {
    const researcher = await f.callerFor("researcher");
    const preview = await researcher.dataset.preview();
    expect(preview.report).toMatchObject({ totalRows: 7, keptRows: 6, suppressedRows: 1, suppressedClasses: [{ values: expect.objectContaining({ sex: "MALE" }), count: 1 }] });
    expect(preview.rows).toHaveLength(6);
    expect(preview.rows[0]).not.toHaveProperty("mrn");
    expect(preview.can).toEqual({ exportIdentifiable: false });
    expect(preview.facets).toMatchObject({ sites: ["C34"], stageGroups: ["IIIA"], years: [2025] });
    expect((await (await f.callerFor("chair")).dataset.preview()).can).toEqual({ exportIdentifiable: true });
    expect(await f.db.auditEvent.count({ where: { action: "dataset.read", actorId: f.users.researcher.id } })).toBe(1);
    const dictionary = await researcher.dataset.dictionary();
    expect(dictionary.find((c) => c.name === "mrn")).toMatchObject({ pseudonymised: false });
    expect(dictionary.find((c) => c.name === "age_band")).toMatchObject({ pseudonymised: true, quasiIdentifier: true });
  });

  it("refuse a researcher every patient procedure", async () => {
    const researcher = await f.callerFor("researcher");
    await expect(researcher.case.get({ caseId: f.caseA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(researcher.patient.search({ text: "Test", birthDate: null })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(researcher.meeting.agenda({ meetingId: f.meetingA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(researcher.outcome.list()).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
