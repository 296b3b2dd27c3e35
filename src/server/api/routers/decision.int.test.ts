import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

const base = (f: Fixture) => ({
  caseId: f.caseA.id,
  meetingId: f.meetingA.id,
  tnmPrefix: "c" as const,
  tCategory: "T2a",
  nCategory: "N2",
  mCategory: "M0",
  stageGroup: "IIIA",
  intent: "CURATIVE" as const,
  recommendation: "Concurrent chemoradiation followed by durvalumab.",
  rationale: "Unresectable N2 disease.",
});

describe("decision.save and decision.sign", () => {
  it("updates the open draft rather than adding versions", async () => {
    const coordinator = await f.callerFor("coordinator");
    const saved = await coordinator.decision.save(base(f));
    expect(saved).toEqual({ id: f.draftA.id, version: 1, status: "DRAFT" });
    const stored = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    expect(stored).toMatchObject({ stageGroup: "IIIA", tCategory: "T2a", recommendation: "Concurrent chemoradiation followed by durvalumab." });
    expect(await f.db.agendaItem.findFirstOrThrow({ where: { caseId: f.caseA.id } })).toMatchObject({ status: "DISCUSSED" });
    expect(await f.db.auditEvent.count({ where: { action: "decision.update", patientId: f.patientA.id } })).toBe(1);
  });

  it("refuses impossible staging with a message per problem and changes nothing", async () => {
    const coordinator = await f.callerFor("coordinator");
    const before = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    await expect(coordinator.decision.save({ ...base(f), mCategory: "M1b", stageGroup: "IIB", tCategory: "T9" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringContaining("T9 is not a T category of AJCC 8th edition lung staging."),
    });
    expect(await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).toEqual(before);
  });

  it("refuses a recommendation left empty", async () => {
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.decision.save({ ...base(f), recommendation: "   " })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("refuses a meeting whose agenda does not hold the case", async () => {
    const chair = await f.callerFor("chair");
    const other = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(), durationMinutes: 30 } });
    await expect(chair.decision.save({ ...base(f), meetingId: other.id })).rejects.toThrow("This case is not on that meeting's agenda.");
  });

  it("asks for a rationale before signing", async () => {
    const coordinator = await f.callerFor("coordinator");
    await coordinator.decision.save({ ...base(f), rationale: "" });
    const chair = await f.callerFor("chair");
    await expect(chair.decision.sign({ decisionId: f.draftA.id })).rejects.toThrow("A decision needs a rationale before it can be signed.");
    await coordinator.decision.save(base(f));
  });

  it("lets the chair sign once; the signed decision is then locked for that meeting", async () => {
    const chair = await f.callerFor("chair");
    expect(await chair.decision.sign({ decisionId: f.draftA.id })).toEqual({ id: f.draftA.id, version: 1, status: "SIGNED" });
    const signed = await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } });
    expect(signed.signedById).toBe(f.users.chair.id);
    expect(signed.signedAt).toBeInstanceOf(Date);

    await expect(chair.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({ code: "CONFLICT" });
    const coordinator = await f.callerFor("coordinator");
    await expect(coordinator.decision.save({ ...base(f), recommendation: "Changed afterwards" })).rejects.toMatchObject({
      code: "CONFLICT",
      message: "Version 1 of this decision is signed and locked.",
    });
    expect((await f.db.decision.findUniqueOrThrow({ where: { id: f.draftA.id } })).recommendation).toBe(base(f).recommendation);
  });

  it("starts version 2 when the case comes back to a later meeting", async () => {
    const later = await f.db.meeting.create({ data: { boardId: f.boardA.id, startsAt: new Date(Date.now() + 30 * 86_400_000), durationMinutes: 60 } });
    await f.db.agendaItem.create({ data: { meetingId: later.id, caseId: f.caseA.id, position: 1 } });
    const coordinator = await f.callerFor("coordinator");
    const v2 = await coordinator.decision.save({ ...base(f), meetingId: later.id, recommendation: "Re-staging after induction: proceed to surgery." });
    expect(v2.version).toBe(2);
    expect(await f.db.decision.count({ where: { caseId: f.caseA.id } })).toBe(2);
  });

  it("lets only one of two simultaneous signatures through", async () => {
    const draft = await f.db.decision.findFirstOrThrow({ where: { caseId: f.caseA.id, version: 2 } });
    const [a, b] = await Promise.allSettled([
      (await f.callerFor("chair")).decision.sign({ decisionId: draft.id }),
      (await f.callerFor("chair")).decision.sign({ decisionId: draft.id }),
    ]);
    expect([a.status, b.status].sort()).toEqual(["fulfilled", "rejected"]);
    expect(await f.db.auditEvent.count({ where: { action: "decision.sign", entityId: draft.id } })).toBe(1);
  });
});
