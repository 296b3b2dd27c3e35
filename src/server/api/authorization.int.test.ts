import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database/open-database";
import { ACTORS, createFixture, type ActorKey, type Fixture } from "../testing/fixture";
import { createTestDatabase } from "../testing/test-database";
import { appRouter } from "./root";

type Caller = Awaited<ReturnType<Fixture["callerFor"]>>;

interface ProcedureCase {
  allowed: readonly ActorKey[];
  call: (caller: Caller, f: Fixture) => Promise<unknown>;
}

const CLINICAL_ON_A: ActorKey[] = ["chair", "specialist", "coordinator"];

/** Who may call each procedure. Everyone else must be refused: the anonymous with UNAUTHORIZED, the rest with FORBIDDEN. */
const MATRIX: Record<string, ProcedureCase> = {
  "board.mine": { allowed: ["admin", "chair", "specialist", "coordinator", "outsiderChair"], call: (c) => c.board.mine() },
  "meeting.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.meeting.list() },
  "meeting.agenda": { allowed: CLINICAL_ON_A, call: (c, f) => c.meeting.agenda({ meetingId: f.meetingA.id }) },
  "case.get": { allowed: CLINICAL_ON_A, call: (c, f) => c.case.get({ caseId: f.caseA.id }) },
  "decision.save": {
    allowed: ["chair", "coordinator"],
    call: (c, f) =>
      c.decision.save({ caseId: f.caseA.id, meetingId: f.meetingA.id, tnmPrefix: "c", tCategory: "T1b", nCategory: "N0", mCategory: "M0", stageGroup: "IA2", intent: "CURATIVE", recommendation: "Lobectomy", rationale: "Fit" }),
  },
  "decision.sign": { allowed: ["chair"], call: (c, f) => c.decision.sign({ decisionId: f.draftA.id }) },
  "outcome.list": { allowed: [...CLINICAL_ON_A, "outsiderChair"], call: (c) => c.outcome.list() },
  "outcome.record": {
    allowed: CLINICAL_ON_A,
    call: (c, f) => c.outcome.record({ caseId: f.caseA.id, kind: "TREATMENT_STARTED", occurredOn: new Date("2026-01-05T00:00:00Z"), note: "" }),
  },
  "admin.users": { allowed: ["admin"], call: (c) => c.admin.users() },
  "admin.auditLog": { allowed: ["admin"], call: (c) => c.admin.auditLog({ limit: 10 }) },
};

let database: Database;
let f: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
});
afterAll(async () => database.close());

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

describe("the role and board guard", () => {
  it("covers every procedure of the API", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [name, procedure] of Object.entries(MATRIX)) {
    describe(name, () => {
      for (const actor of ACTORS) {
        const allowed = procedure.allowed.includes(actor);
        it(`${allowed ? "lets in" : "refuses"} ${actor}`, async () => {
          const auditBefore = await f.db.auditEvent.count();
          const code = await codeOf(procedure.call(await f.callerFor(actor), f));
          if (allowed) {
            expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain(code);
          } else {
            expect(code).toBe(actor === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
            // A refused call reads and writes nothing about a patient.
            expect(await f.db.auditEvent.count()).toBe(auditBefore);
          }
        });
      }
    });
  }

  it("refuses a member of another board with a message that says why", async () => {
    const caller = await f.callerFor("outsiderChair");
    await expect(caller.case.get({ caseId: f.caseA.id })).rejects.toThrow("You are not a member of this board.");
  });

  it("answers NOT_FOUND for an unknown case rather than guessing a board", async () => {
    const caller = await f.callerFor("chair");
    expect(await codeOf(caller.case.get({ caseId: "does-not-exist" }))).toBe("NOT_FOUND");
  });

  it("refuses a deactivated user at once, whatever their session says", async () => {
    await f.db.user.update({ where: { id: f.users.specialist.id }, data: { active: false } });
    try {
      expect(await codeOf((await f.callerFor("specialist")).meeting.list())).toBe("UNAUTHORIZED");
    } finally {
      await f.db.user.update({ where: { id: f.users.specialist.id }, data: { active: true } });
    }
  });
});
