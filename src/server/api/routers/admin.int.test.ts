import { beforeAll, describe, expect, it } from "vitest";
import { AUDIT_CSV_COLUMNS } from "@/domain/audit/audit-csv";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("admin", () => {
  it("lists users with their role, specialty and boards", async () => {
    const users = await (await f.callerFor("admin")).admin.users();
    expect(users.find((u) => u.email === "radiologist@test.example")).toMatchObject({ role: "SPECIALIST", specialty: "RADIOLOGY", boards: ["Board A"], active: true });
  });

  it("pages through the audit log newest first and searches by patient MRN or name, user and action", async () => {
    const chair = await f.callerFor("chair");
    await chair.case.get({ caseId: f.caseA.id });
    await chair.case.get({ caseId: f.caseA.id });
    await chair.meeting.agenda({ meetingId: f.meetingA.id });
    await (await f.callerFor("outsiderChair")).case.get({ caseId: f.caseB.id });
    const admin = await f.callerFor("admin");

    const byMrn = await admin.admin.auditLog({ patient: "a-1", user: "chair@test", limit: 10 });
    expect(byMrn.events.map((e) => e.action)).toEqual(["agenda.read", "case.read", "case.read"]);
    expect(byMrn.events[0]).toMatchObject({ actorEmail: "chair@test.example", patient: { id: f.patientA.id, mrn: "A-1", name: "TESTPERSON, A-1" }, ground: "BOARD_MEMBERSHIP" });
    expect(byMrn.nextBefore).toBeNull();
    const byName = await admin.admin.auditLog({ patient: "Testperson A-1", action: "case.read", limit: 10 });
    expect(byName.events).toHaveLength(2);
    expect((await admin.admin.auditLog({ patient: "nobody-like-this", limit: 10 })).events).toEqual([]);

    const page1 = await admin.admin.auditLog({ action: "case.read", limit: 2 });
    expect(page1.events.map((e) => e.actorEmail)).toEqual(["chair-b@test.example", "chair@test.example"]);
    expect(page1.nextBefore).toBe(page1.events[1]!.id);
    const page2 = await admin.admin.auditLog({ action: "case.read", limit: 2, before: page1.nextBefore! });
    expect(page2.events).toHaveLength(1);
    expect(page2.nextBefore).toBeNull();
  });

  it("searches by period, with both days included", async () => {
    const admin = await f.callerFor("admin");
    const today = new Date().toISOString().slice(0, 10);
    expect((await admin.admin.auditLog({ action: "case.read", from: today, to: today, limit: 10 })).events.length).toBeGreaterThan(0);
    expect((await admin.admin.auditLog({ action: "case.read", to: "2000-01-01", limit: 10 })).events).toEqual([]);
  });

  it("shows refusals with their reason, and audits every look at the log against the patient found", async () => {
    await expect((await f.callerFor("outsiderChair")).case.get({ caseId: f.caseA.id })).rejects.toThrow("Not found.");
    const admin = await f.callerFor("admin");
    const { events } = await admin.admin.auditLog({ action: "denied", patient: "A-1", limit: 10 });
    expect(events[0]).toMatchObject({ action: "case.get.denied", actorEmail: "chair-b@test.example", entityType: "Case", entityId: f.caseA.id, reason: "You are not a member of this board.", ground: null });

    const reviews = await admin.admin.auditLog({ action: "audit.search", limit: 1 });
    expect(reviews.events[0]).toMatchObject({ actorEmail: "admin@test.example", ground: "ADMINISTRATION", patientId: f.patientA.id });
    expect(JSON.parse(reviews.events[0]!.detail!)).toEqual({ filter: { patient: "A-1", action: "denied" }, events: 1 });
  });

  it("exports the filtered log as CSV and audits the export", async () => {
    const admin = await f.callerFor("admin");
    const result = await admin.admin.auditExport({ patient: "A-1", action: "case.read" });
    expect(result.filename).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(result).toMatchObject({ events: 2, truncated: false });
    const lines = result.csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe(AUDIT_CSV_COLUMNS.join(","));
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",chair@test.example,case.read,Case,");
    expect(lines[1]).toContain(",A-1,\"TESTPERSON, A-1\",BOARD_MEMBERSHIP,");
    const [exported] = (await admin.admin.auditLog({ action: "audit.export", limit: 1 })).events;
    expect(exported).toMatchObject({ actorEmail: "admin@test.example", patientId: f.patientA.id });
  });

  it("refuses the log and its export to everyone but admins, and audits the refusal", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.admin.auditExport({})).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(chair.admin.auditLog({ limit: 10 })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect((await f.callerFor("anonymous")).admin.auditExport({})).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    const { events } = await (await f.callerFor("admin")).admin.auditLog({ action: "admin.audit", limit: 2 });
    expect(events.map((e) => [e.action, e.actorEmail, e.reason])).toEqual([
      ["admin.auditLog.denied", "chair@test.example", "The chair role may not do this."],
      ["admin.auditExport.denied", "chair@test.example", "The chair role may not do this."],
    ]);
  });
});
