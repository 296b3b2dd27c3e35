import { beforeAll, describe, expect, it } from "vitest";
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

  it("pages through the audit log newest first and filters by patient and action", async () => {
    const chair = await f.callerFor("chair");
    await chair.case.get({ caseId: f.caseA.id });
    await chair.case.get({ caseId: f.caseA.id });
    await chair.meeting.agenda({ meetingId: f.meetingA.id });
    const admin = await f.callerFor("admin");

    const all = await admin.admin.auditLog({ patientId: f.patientA.id, limit: 10 });
    expect(all.map((e) => e.action)).toEqual(["agenda.read", "case.read", "case.read"]);
    const reads = await admin.admin.auditLog({ action: "case.", limit: 1 });
    expect(reads).toHaveLength(1);
    const older = await admin.admin.auditLog({ action: "case.", limit: 10, before: reads[0]!.id });
    expect(older).toHaveLength(1);
    expect(older[0]!.actorEmail).toBe("chair@test.example");
  });
});
