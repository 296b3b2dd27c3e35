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
    expect(board.members.map((m) => m.name)).toEqual(["chair", "coordinator", "radiologist"]);
  });

  it("lets the chair change the quorum specialties and the referral cut-off, audited", async () => {
    const chair = await f.callerFor("chair");
    expect(await chair.board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: ["RADIOLOGY", "SURGERY", "RADIOLOGY"], referralCutoffHours: 24 })).toEqual({
      quorumSpecialties: ["RADIOLOGY", "SURGERY"],
      referralCutoffHours: 24,
    });
    expect(await f.db.board.findUniqueOrThrow({ where: { id: f.boardA.id } })).toMatchObject({ quorumSpecialties: ["RADIOLOGY", "SURGERY"], referralCutoffHours: 24 });
    expect(await f.db.auditEvent.count({ where: { action: "board.settings", entityId: f.boardA.id } })).toBe(1);
  });

  it("refuses a negative cut-off and a coordinator", async () => {
    await expect((await f.callerFor("chair")).board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: [], referralCutoffHours: -1 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect((await f.callerFor("coordinator")).board.updateSettings({ boardId: f.boardA.id, quorumSpecialties: [], referralCutoffHours: 1 })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
