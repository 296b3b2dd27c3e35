import { beforeAll, describe, expect, it } from "vitest";
import { type Fixture, setUpFixture } from "../../testing/fixture";

const fixture = setUpFixture();
let f: Fixture;
beforeAll(() => {
  f = fixture();
});

describe("board settings", () => {
  it("shows the quorum, cut-off, members and readiness rules of the board", async () => {
    const board = await (await f.callerFor("specialist")).board.get({ boardId: f.boardA.id });
    expect(board).toMatchObject({ name: "Board A", quorumSpecialties: ["RADIOLOGY", "PATHOLOGY"], referralCutoffHours: 48, readiness: { version: 0, rules: [] } });
    expect(board.members.map((m) => m.name)).toEqual(["chair", "coordinator", "radiologist", "researcher"]);
  });

  it("lets the chair change the quorum specialties and the referral cut-off, audited", async () => {
    const chair = await f.callerFor("chair");
    expect(await chair.board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: ["RADIOLOGY", "SURGERY", "RADIOLOGY"], referralCutoffHours: 24 })).toEqual({
      quorumSpecialties: ["RADIOLOGY", "SURGERY"],
      referralCutoffHours: 24,
      treatmentStartWeeks: 6,
      followUpMonths: [3, 6, 12, 24, 60],
      guestsCountTowardsQuorum: false,
    });
    expect(await f.db.board.findUniqueOrThrow({ where: { id: f.boardA.id } })).toMatchObject({ quorumSpecialties: ["RADIOLOGY", "SURGERY"], referralCutoffHours: 24 });
    expect(await f.db.auditEvent.count({ where: { action: "board.settings", entityId: f.boardA.id } })).toBe(1);
  });

  it("refuses a negative cut-off and a coordinator", async () => {
    await expect((await f.callerFor("chair")).board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: [], referralCutoffHours: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect((await f.callerFor("coordinator")).board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: [], referralCutoffHours: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("lets the chair set the outcome schedule, and names what is wrong with it", async () => {
    const chair = await f.callerFor("chair");
    const base = { boardId: f.boardA.id, quorumSpecialties: ["RADIOLOGY" as const], referralCutoffHours: 24 };
    expect(await chair.board.updateSettings({ ...base, treatmentStartWeeks: 4, followUpMonths: [3, 12] })).toMatchObject({ treatmentStartWeeks: 4, followUpMonths: [3, 12] });
    expect(await chair.board.get({ boardId: f.boardA.id })).toMatchObject({ treatmentStartWeeks: 4, followUpMonths: [3, 12] });
    await expect(chair.board.updateSettings({ ...base, followUpMonths: [12, 3] })).rejects.toThrow("List the follow-up months once each, in increasing order (e.g. 3, 6, 12).");
    await expect(chair.board.updateSettings({ ...base, treatmentStartWeeks: 0 })).rejects.toThrow("Treatment start is expected within 1 to 52 weeks.");
    await expect(chair.board.updateSettings({ ...base, followUpMonths: [] })).rejects.toThrow(/at least one follow-up month/);
    expect(await f.db.board.findUniqueOrThrow({ where: { id: f.boardA.id } })).toMatchObject({ treatmentStartWeeks: 4, followUpMonths: [3, 12] });
  });

  it("shows outcome completeness: living patients with a signed decision and an outcome in the last six months", async () => {
    const get = async () => (await (await f.callerFor("specialist")).board.get({ boardId: f.boardA.id })).outcomeCompleteness;
    expect(await get()).toEqual({ months: 6, living: 0, withRecentStatus: 0, share: null });
    await f.db.decision.update({ where: { id: f.draftA.id }, data: { status: "SIGNED", signedAt: new Date() } });
    expect(await get()).toEqual({ months: 6, living: 1, withRecentStatus: 0, share: 0 });
    await (await f.callerFor("coordinator")).outcome.record({ caseId: f.caseA.id, kind: "ALIVE", occurredOn: new Date(Date.now() - 86_400_000).toISOString().slice(0, 10) });
    expect(await get()).toEqual({ months: 6, living: 1, withRecentStatus: 1, share: 1 });
  });
});
