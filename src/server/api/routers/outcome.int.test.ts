import { TRPCError } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { raiseDueOutcomeTasks } from "@/server/services/outcomes/raise-due-outcome-tasks";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
};

describe("recording outcomes", () => {
  it("records each kind with the fields that matter, against the latest decision, audited", async () => {
    const coordinator = await f.callerFor("coordinator");
    const treatment = await coordinator.outcome.record({
      caseId: f.caseA.id,
      kind: "TREATMENT",
      occurredOn: "2026-02-01",
      endedOn: "2026-02-03",
      treatment: "SURGERY",
      treatmentIntent: "CURATIVE",
      followedRecommendation: false,
      deviationReason: "FITNESS",
      // A status on a treatment is dropped, not stored.
      diseaseStatus: "STABLE",
      note: "Wedge resection instead of lobectomy",
    });
    expect(await f.db.outcome.findUniqueOrThrow({ where: { id: treatment.id } })).toMatchObject({
      decisionId: f.draftA.id,
      patientId: f.patientA.id,
      lineageId: treatment.id,
      version: 1,
      treatment: "SURGERY",
      followedRecommendation: false,
      deviationReason: "FITNESS",
      diseaseStatus: null,
      endedOn: day("2026-02-03"),
    });
    await coordinator.outcome.record({ caseId: f.caseA.id, kind: "DISEASE_STATUS", occurredOn: "2026-04-01", diseaseStatus: "NO_EVIDENCE_OF_DISEASE", evidence: ["IMAGING", "CLINICAL"] });
    await coordinator.outcome.record({ caseId: f.caseA.id, kind: "RECURRENCE", occurredOn: "2026-06-01", evidence: ["PATHOLOGY"] });
    await coordinator.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "2026-07-01" });
    expect(await f.db.auditEvent.count({ where: { action: "outcome.create", patientId: f.patientA.id } })).toBe(4);

    const [row] = (await coordinator.outcome.list()).rows;
    expect(row?.outcomes.map((o) => o.summary)).toEqual([
      "Surgery, curative, until 03 Feb 2026; did not follow the recommendation (fitness)",
      "No evidence of disease (imaging, clinical)",
      "Recurrence (pathology)",
      "Alive at last contact",
    ]);
    expect((await coordinator.outcome.list({ latestKind: "ALIVE" })).rows.map((r) => r.caseId)).toEqual([f.caseA.id]);
    expect((await coordinator.outcome.list({ latestKind: "DEATH" })).rows).toEqual([]);
  });

  it("keeps other boards' cases out of the list, and filters by board", async () => {
    await f.db.decision.create({ data: { caseId: f.caseB.id, intent: "PALLIATIVE", recommendation: "Endocrine therapy", recordedById: f.users.outsiderChair.id } });
    expect((await (await f.callerFor("chair")).outcome.list()).rows.map((r) => r.caseId)).toEqual([f.caseA.id]);
    expect((await (await f.callerFor("chair")).outcome.list({ boardId: f.boardB.id })).rows.map((r) => r.caseId)).toEqual([]);
    expect((await (await f.callerFor("outsiderChair")).outcome.list()).rows.map((r) => r.caseId)).toEqual([f.caseB.id]);
  });

  it("refuses the future of the user's day, missing fields, an end before the start and a date before birth, writing nothing", async () => {
    const chair = await f.callerFor("chair");
    const before = await f.db.outcome.count();
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: tomorrow })).rejects.toThrow(/is in the future \(today is/);
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "TREATMENT", occurredOn: "2026-02-01", treatment: "RADIOTHERAPY", followedRecommendation: false })).rejects.toThrow(
      "Say why the recommendation was not followed.",
    );
    await expect(
      chair.outcome.record({ caseId: f.caseA.id, kind: "TREATMENT", occurredOn: "2026-02-01", endedOn: "2026-01-01", treatment: "RADIOTHERAPY", followedRecommendation: true }),
    ).rejects.toThrow("The treatment cannot end before it started.");
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "DISEASE_STATUS", occurredOn: "2026-02-01", diseaseStatus: "STABLE" })).rejects.toThrow(/imaging, pathology or clinical/);
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "1959-06-01" })).rejects.toThrow(/before the patient's birth/);
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "2026-13-01" })).rejects.toThrow(/Give the date as a date/);
    expect(await f.db.outcome.count()).toBe(before);

    const undecided = await f.db.case.create({
      data: { patientId: f.patientA.id, boardId: f.boardA.id, questionType: "OTHER", clinicalQuestion: "?", referringUserId: f.users.specialist.id },
    });
    await expect(chair.outcome.record({ caseId: undecided.id, kind: "ALIVE", occurredOn: "2026-01-01" })).rejects.toThrow("Record the board's decision before its outcomes.");
  });
});

describe("correcting and withdrawing outcomes", () => {
  it("writes a correction as the next version with its reason, audited, and shows the history", async () => {
    const coordinator = await f.callerFor("coordinator");
    const v1 = await coordinator.outcome.record({ caseId: f.caseA.id, kind: "DISEASE_STATUS", occurredOn: "2026-08-01", diseaseStatus: "STABLE", evidence: ["IMAGING"] });
    const v2 = await coordinator.outcome.correct({ outcomeId: v1.id, occurredOn: "2026-08-03", diseaseStatus: "RESPONDING", evidence: ["IMAGING"], reason: "CT was read on the 3rd" });
    expect(v2).toMatchObject({ lineageId: v1.id, version: 2 });
    expect(await f.db.outcome.findUniqueOrThrow({ where: { id: v1.id } })).toMatchObject({ supersededById: v2.id });
    expect(await f.db.auditEvent.findFirstOrThrow({ where: { action: "outcome.correct", entityId: v2.id } })).toMatchObject({ reason: "CT was read on the 3rd", patientId: f.patientA.id });

    const history = await coordinator.outcome.history({ caseId: f.caseA.id });
    const entry = history.find((h) => h.lineageId === v1.id)!;
    expect(entry).toMatchObject({ corrected: true, withdrawn: false, current: { id: v2.id, diseaseStatus: "RESPONDING", correctionReason: "CT was read on the 3rd" } });
    expect(entry.olderVersions.map((v) => [v.version, v.diseaseStatus])).toEqual([[1, "STABLE"]]);
    const listed = (await coordinator.outcome.list()).rows[0]!.outcomes.filter((o) => o.kind === "DISEASE_STATUS");
    expect(listed.map((o) => [o.id, o.corrected])).toContainEqual([v2.id, true]);
    expect(listed.map((o) => o.id)).not.toContain(v1.id);

    // The old version can no longer be corrected: someone already did.
    expect(await codeOf(coordinator.outcome.correct({ outcomeId: v1.id, occurredOn: "2026-08-02", diseaseStatus: "STABLE", evidence: ["IMAGING"], reason: "Other reading" }))).toBe("CONFLICT");
  });

  it("gives the second of two concurrent corrections of one version a conflict, not a lost update", async () => {
    const [coordinator, chair] = [await f.callerFor("coordinator"), await f.callerFor("chair")];
    const v1 = await coordinator.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "2026-09-01" });
    const results = await Promise.allSettled([
      coordinator.outcome.correct({ outcomeId: v1.id, occurredOn: "2026-09-02", reason: "Visit was on the 2nd" }),
      chair.outcome.correct({ outcomeId: v1.id, occurredOn: "2026-09-03", reason: "Visit was on the 3rd" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect((rejected.reason as TRPCError).code).toBe("CONFLICT");
    expect(await f.db.outcome.count({ where: { lineageId: v1.id } })).toBe(2);
  });

  it("withdraws an outcome entered in error with its reason; it leaves the list and cannot be changed", async () => {
    const coordinator = await f.callerFor("coordinator");
    const wrong = await coordinator.outcome.record({ caseId: f.caseA.id, kind: "PROGRESSION", occurredOn: "2026-09-10", evidence: ["IMAGING"] });
    await coordinator.outcome.withdraw({ outcomeId: wrong.id, reason: "Belongs to another patient" });
    expect(await f.db.outcome.findUniqueOrThrow({ where: { id: wrong.id } })).toMatchObject({ retractedAt: expect.any(Date), retractionReason: "Belongs to another patient" });
    expect(await f.db.auditEvent.count({ where: { action: "outcome.withdraw", entityId: wrong.id, reason: "Belongs to another patient" } })).toBe(1);
    expect((await coordinator.outcome.list()).rows[0]!.outcomes.map((o) => o.id)).not.toContain(wrong.id);
    expect((await coordinator.outcome.history({ caseId: f.caseA.id })).find((h) => h.lineageId === wrong.id)).toMatchObject({ withdrawn: true });
    expect(await codeOf(coordinator.outcome.withdraw({ outcomeId: wrong.id, reason: "Again" }))).toBe("CONFLICT");
    await expect(coordinator.outcome.withdraw({ outcomeId: wrong.id, reason: "" })).rejects.toThrow("Say why the outcome is withdrawn.");
  });

  it("refuses a second death, events after the death and a death before recorded events", async () => {
    const chair = await f.callerFor("chair");
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "DEATH", occurredOn: "2026-08-20", causeOfDeath: "CANCER" })).rejects.toThrow(/the death cannot come before it/);
    await chair.outcome.record({ caseId: f.caseA.id, kind: "DEATH", occurredOn: "2026-10-01", causeOfDeath: "CANCER" });
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "DEATH", occurredOn: "2026-10-02", causeOfDeath: "OTHER" })).rejects.toThrow(/already recorded/);
    await expect(chair.outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: "2026-10-05" })).rejects.toThrow("The patient died on 01 Oct 2026: nothing can be recorded after that.");
  });
});

describe("the outcome schedule", () => {
  it("raises a due task once, for the referrer, and an outcome that answers it completes it", async () => {
    // Board B's case: signed on 5 Jan 2026 under the default schedule (treatment within 6 weeks, then 3, 6, 12 ... months).
    await f.db.board.update({ where: { id: f.boardB.id }, data: { treatmentStartWeeks: 4 } });
    const referrer = await f.db.user.create({ data: { email: "referrer-b@test.example", name: "Referrer B", role: "SPECIALIST", memberships: { create: { boardId: f.boardB.id } } } });
    await f.db.case.update({ where: { id: f.caseB.id }, data: { referringUserId: referrer.id } });
    const decision = await f.db.decision.create({
      data: { caseId: f.caseB.id, version: 2, status: "SIGNED", signedAt: day("2026-01-05"), intent: "CURATIVE", recommendation: "Mastectomy", recordedById: f.users.outsiderChair.id },
    });

    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardB.id], now: day("2026-02-01") })).toEqual({ raised: 0 });
    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardB.id], now: day("2026-02-03") })).toEqual({ raised: 1 });
    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardB.id], now: day("2026-02-04") })).toEqual({ raised: 0 });
    const task = await f.db.followUpTask.findFirstOrThrow({ where: { caseId: f.caseB.id, kind: "OUTCOME_DUE" } });
    expect(task).toMatchObject({ decisionId: decision.id, outcomeCheckpoint: "treatment-start", ownerId: referrer.id, dueOn: day("2026-02-02"), status: "OPEN" });
    expect(await f.db.auditEvent.count({ where: { action: "task.create", entityId: task.id, actorEmail: "system:outcome-schedule" } })).toBe(1);

    // A status does not answer "treatment start"; a treatment does.
    const chairB = await f.callerFor("outsiderChair");
    await chairB.outcome.record({ caseId: f.caseB.id, kind: "ALIVE", occurredOn: "2026-02-05" });
    expect((await f.db.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("OPEN");
    await chairB.outcome.record({ caseId: f.caseB.id, kind: "TREATMENT", occurredOn: "2026-02-10", treatment: "SURGERY", followedRecommendation: true });
    expect(await f.db.followUpTask.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ status: "DONE", completedAt: expect.any(Date) });

    // At 7 months the 6-month status is due (the 3-month one is no longer chased); the referrer has left the board,
    // so the task goes to the board's coordinator.
    await f.db.boardMembership.deleteMany({ where: { userId: referrer.id } });
    const coordinatorB = await f.db.user.create({ data: { email: "coord-b@test.example", name: "Coordinator B", role: "COORDINATOR", memberships: { create: { boardId: f.boardB.id } } } });
    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardB.id], now: day("2026-08-10") })).toEqual({ raised: 1 });
    const sixMonths = await f.db.followUpTask.findFirstOrThrow({ where: { caseId: f.caseB.id, outcomeCheckpoint: "6m" } });
    expect(sixMonths).toMatchObject({ ownerId: coordinatorB.id, dueOn: day("2026-07-05"), status: "OPEN" });
    await chairB.outcome.record({ caseId: f.caseB.id, kind: "DISEASE_STATUS", occurredOn: "2026-08-01", diseaseStatus: "NO_EVIDENCE_OF_DISEASE", evidence: ["IMAGING"] });
    expect((await f.db.followUpTask.findUniqueOrThrow({ where: { id: sixMonths.id } })).status).toBe("DONE");
    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardB.id], now: day("2026-08-20") })).toEqual({ raised: 0 });
  });

  it("shows the task in the owner's task list and the list of cases due for follow-up", async () => {
    await f.db.decision.update({ where: { id: f.draftA.id }, data: { status: "SIGNED", signedAt: new Date(Date.now() - 60 * 86_400_000) } });
    // Case A's patient died: nothing is raised for them.
    expect(await raiseDueOutcomeTasks(f.db, { boardIds: [f.boardA.id] })).toEqual({ raised: 0 });
    await f.db.outcome.updateMany({ where: { patientId: f.patientA.id, kind: "DEATH" }, data: { retractedAt: new Date(), retractionReason: "test" } });
    const specialist = await f.callerFor("specialist");
    const mine = await specialist.task.mine();
    expect(mine.filter((t) => t.kind === "OUTCOME_DUE").map((t) => t.caseId)).toEqual([f.caseA.id]);
    expect((await specialist.outcome.list({ followUp: "overdue" })).rows.map((r) => r.caseId)).toEqual([f.caseA.id]);
  });
});
