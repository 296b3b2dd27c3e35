import { beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "@/domain/readiness/readiness";
import { type Fixture, setUpFixture } from "../../testing/fixture";
import { addCase, addMeeting } from "../../testing/meeting-helpers";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const DAY = 86_400_000;

describe("readiness rules", () => {
  it("starts empty, saves each edit as a new audited version, and refuses an edit from an old version", async () => {
    const chair = await f.callerFor("chair");
    expect(await chair.readiness.rules({ boardId: f.boardA.id })).toMatchObject({ version: 0, rules: [] });
    expect(await chair.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 0, rules: DEFAULT_RULES })).toEqual({ version: 1 });
    const v2 = DEFAULT_RULES.map((r) => (r.key === "ct-chest" ? { ...r, maxAgeDays: 42 } : r));
    expect(await chair.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 1, rules: v2 })).toEqual({ version: 2 });
    await expect(chair.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 1, rules: DEFAULT_RULES })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "The rules were changed by chair while you were editing (now version 2). Reload to see them, then make your change again.",
    });
    const current = await (await f.callerFor("specialist")).readiness.rules({ boardId: f.boardA.id });
    expect(current).toMatchObject({ version: 2, createdBy: "chair" });
    expect(current.rules.find((r) => r.key === "ct-chest")).toMatchObject({ maxAgeDays: 42 });
    expect(await f.db.readinessRuleSet.count({ where: { boardId: f.boardA.id } })).toBe(2);
    expect(await f.db.auditEvent.count({ where: { action: "readiness.rules.save", entityId: f.boardA.id } })).toBe(2);
  });

  it("refuses rules with duplicate keys or nonsense ages, and a specialist", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 2, rules: [DEFAULT_RULES[0]!, DEFAULT_RULES[0]!] })).rejects.toThrow('Rule 2: the key "ct-chest" is used twice.');
    await expect(chair.readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 2, rules: [{ ...DEFAULT_RULES[3]!, kind: "ECOG", maxAgeDays: -1 }] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect((await f.callerFor("specialist")).readiness.saveRules({ boardId: f.boardA.id, expectedVersion: 2, rules: [] })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("case readiness", () => {
  it("marks items current, stale or missing from the patient's studies, slides, findings and ECOG", async () => {
    const kase = await addCase(f);
    await f.db.imagingStudy.create({ data: { patientId: kase.patientId, studyInstanceUid: "2.25.777", modality: "CT", studyDate: new Date(Date.now() - 50 * DAY), description: "CT chest" } });
    await f.db.finding.create({ data: { patientId: kase.patientId, source: "AI", kind: "Lung nodule", description: "8 mm", observedAt: new Date() } });
    await f.db.case.update({ where: { id: kase.id }, data: { ecog: 1, ecogRecordedAt: new Date(Date.now() - 2 * DAY) } });
    const r = await (await f.callerFor("specialist")).readiness.forCase({ caseId: kase.id });
    expect(r.status).toBe("NOT_READY");
    expect(r.items.map((i) => [i.key, i.state])).toEqual([
      ["ct-chest", "STALE"],
      ["pathology", "MISSING"],
      ["ai-reviewed", "MISSING"],
      ["ecog", "CURRENT"],
    ]);
    expect(r.items[0]!.detail).toMatch(/is 50 days old \(limit 42\)$/);
    expect(r.items[1]!.candidates).toEqual([]);
    expect(r.items[0]!.candidates).toEqual([{ id: f.users.specialist.id, name: "radiologist" }]);
    expect(await f.db.auditEvent.count({ where: { action: "readiness.read", entityId: kase.id } })).toBe(1);
  });

  it("requests a missing item from the specialty in one click: a task, a notification, and 'requested' on the agenda", async () => {
    const kase = await addCase(f);
    const meeting = await addMeeting(f, 7, [kase.id]);
    const chair = await f.callerFor("chair");
    const request = await chair.readiness.request({ caseId: kase.id, readinessKey: "ct-chest" });
    expect(request).toMatchObject({ alreadyRequested: false, notified: 1 });
    expect(await f.db.followUpTask.findUniqueOrThrow({ where: { id: request.taskId } })).toMatchObject({
      kind: "READINESS_REQUEST",
      readinessKey: "ct-chest",
      ownerSpecialty: "RADIOLOGY",
      ownerId: null,
      status: "OPEN",
      title: "Needed before the board: CT chest within 56 days",
    });
    expect(await f.db.notification.findFirst({ where: { userId: f.users.specialist.id, kind: "TASK_ASSIGNED" }, orderBy: { createdAt: "desc" } })).toMatchObject({ link: `/cases/${kase.id}` });
    expect(await chair.readiness.request({ caseId: kase.id, readinessKey: "ct-chest" })).toEqual({ taskId: request.taskId, alreadyRequested: true, notified: 0 });

    const item = (await chair.meeting.agenda({ meetingId: meeting.id })).items[0]!;
    expect(item.readiness.items.find((i) => i.key === "ct-chest")).toMatchObject({ state: "MISSING", requested: true });
    expect((await chair.readiness.forCase({ caseId: kase.id })).items[0]!.request).toMatchObject({ ownerLabel: "Radiology" });
  });

  it("asks a named member only when that member has the rule's specialty, and refuses a current item", async () => {
    const kase = await addCase(f);
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.readiness.request({ caseId: kase.id, readinessKey: "ecog", ownerId: f.users.specialist.id })).rejects.toThrow('"ECOG recorded within 30 days" is for medical oncology: ask a member of that specialty.');
    const named = await coordinator.readiness.request({ caseId: kase.id, readinessKey: "ct-chest", ownerId: f.users.specialist.id });
    expect(await f.db.followUpTask.findUniqueOrThrow({ where: { id: named.taskId } })).toMatchObject({ ownerId: f.users.specialist.id });
    await expect(coordinator.readiness.request({ caseId: kase.id, readinessKey: "ai-reviewed" })).rejects.toThrow('"AI findings reviewed" is already current: nothing to request.');
    await expect((await f.callerFor("specialist")).readiness.request({ caseId: kase.id, readinessKey: "ct-chest" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
