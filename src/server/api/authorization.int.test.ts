/// <reference types="vite/client" />
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database/open-database";
import type { Action } from "@/domain/permissions";
import type { AccessCases } from "../testing/access-matrix";
import { CAN_PROMISES } from "../testing/can-promises";
import { ACTORS, createFixture, type Fixture } from "../testing/fixture";
import { createTestDatabase } from "../testing/test-database";
import { loadSessionUser } from "../services/auth/load-session-user";
import { NOT_FOUND_MESSAGE } from "./access";
import { appRouter, createCaller } from "./root";
import { createInnerContext } from "./trpc";

// Every router's rows, from the `<router>.access.ts` files beside the routers.
const modules = import.meta.glob<{ access: AccessCases }>("./routers/*.access.ts", { eager: true });
const MATRIX: AccessCases = Object.assign({}, ...Object.values(modules).map((m) => m.access));

let database: Database;
let f: Fixture;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
});
afterAll(async () => database.close());

async function refusalOf(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
    return { code: "OK", message: "" };
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
}
const codeOf = async (promise: Promise<unknown>) => (await refusalOf(promise)).code;

describe("the role and board guard", () => {
  it("covers every procedure of the API", () => {
    expect(Object.keys(appRouter._def.procedures).sort()).toEqual(Object.keys(MATRIX).sort());
  });

  for (const [name, procedure] of Object.entries(MATRIX)) {
    describe(name, () => {
      for (const actor of ACTORS) {
        const allowed = procedure.allowed.includes(actor);
        it(`${allowed ? "lets in" : "refuses"} ${actor}`, async () => {
          const [last] = await f.db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1, select: { id: true } });
          const { code, message } = await refusalOf(procedure.call(await f.callerFor(actor), f));
          if (allowed) {
            expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain(code);
            // An allowed call may still find nothing (rows call with ids that do not exist), but never with the
            // guard's answer to an id outside one's boards.
            if (code === "NOT_FOUND" && actor === "outsiderChair") expect(message).not.toBe(NOT_FOUND_MESSAGE);
          } else if (actor === "anonymous") {
            expect(code).toBe("UNAUTHORIZED");
          } else if (actor === "outsiderChair" && procedure.allowed.includes("chair")) {
            // Their role may do this, their board may not see the id: the same answer as for an id that does not
            // exist (finding 12), never one that confirms it.
            expect({ code, message }).toEqual({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
          } else {
            // A role that may not do this at all: FORBIDDEN, whatever the id.
            expect(code).toBe("FORBIDDEN");
          }
          if (!allowed) {
            // A refused call reads and writes nothing about a patient; the refusal of a signed-in user is audited.
            const written = await f.db.auditEvent.findMany({ where: { id: { gt: last?.id ?? 0n } }, select: { action: true, actorId: true, ground: true, reason: true } });
            if (actor === "anonymous") expect(written).toEqual([]);
            else {
              // Each refusal names the procedure refused: this one, or a call the row makes first (creating the
              // annotation it would delete).
              expect(written.length).toBeGreaterThan(0);
              for (const event of written) {
                expect(event).toEqual({ action: expect.stringMatching(/\.denied$/), actorId: f.users[actor].id, ground: null, reason: expect.any(String) });
                expect(Object.keys(MATRIX)).toContain(event.action.replace(/\.denied$/, ""));
              }
            }
          }
        });
      }
    });
  }

  it("answers a member of another board exactly as for a case that does not exist", async () => {
    const outsider = await f.callerFor("outsiderChair");
    const ofAnotherBoard = await refusalOf(outsider.case.get({ caseId: f.caseA.id }));
    expect(ofAnotherBoard).toEqual({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
    expect(await refusalOf(outsider.case.get({ caseId: "does-not-exist" }))).toEqual(ofAnotherBoard);
    expect(await refusalOf(outsider.meeting.agenda({ meetingId: f.meetingA.id }))).toEqual(await refusalOf(outsider.meeting.agenda({ meetingId: "does-not-exist" })));
  });

  it("audits a non-member's refusal with the patient asked for, the reason and where the request came from", async () => {
    const outsider = await loadSessionUser(f.db, f.users.outsiderChair.id);
    const caller = createCaller(createInnerContext({ db: f.db, user: { ...outsider!, source: { ip: "192.0.2.44", userAgent: "Probe/2" } } }));
    await expect(caller.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
    const [event] = await f.db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({
      action: "decision.sign.denied",
      actorId: f.users.outsiderChair.id,
      actorEmail: "chair-b@test.example",
      entityType: "Decision",
      entityId: f.draftA.id,
      patientId: f.patientA.id,
      reason: "You are not a member of this board.",
      ground: null,
      sourceIp: "192.0.2.44",
      userAgent: "Probe/2",
    });
  });

  it("audits a probe for a record that does not exist", async () => {
    await (await f.callerFor("chair")).case.get({ caseId: "does-not-exist" }).catch(() => undefined);
    const [event] = await f.db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ action: "case.get.denied", entityType: "Case", entityId: "does-not-exist", patientId: null, reason: "No such case." });
  });

  it("answers NOT_FOUND for an unknown case rather than guessing a board", async () => {
    const caller = await f.callerFor("chair");
    expect(await refusalOf(caller.case.get({ caseId: "does-not-exist" }))).toEqual({ code: "NOT_FOUND", message: NOT_FOUND_MESSAGE });
  });

  it("refuses a role that may not do this with FORBIDDEN, on any board: the answer does not depend on the id", async () => {
    const specialist = await f.callerFor("specialist");
    expect(await refusalOf(specialist.decision.sign({ decisionId: f.draftA.id }))).toEqual({ code: "FORBIDDEN", message: "The specialist role may not do this." });
    expect(await codeOf((await f.callerFor("admin")).case.get({ caseId: f.caseB.id }))).toBe("FORBIDDEN");
  });

  it("returns with a thing what its reader may do with it, exactly as the guard answers the calls that do it", async () => {
    for (const actor of ["chair", "specialist", "coordinator"] as const) {
      const caller = await f.callerFor(actor);
      const flags: Partial<Record<Action, boolean>> = {
        ...(await caller.case.get({ caseId: f.caseA.id })).can,
        ...(await caller.meeting.agenda({ meetingId: f.meetingA.id })).can,
        ...(await caller.board.get({ boardId: f.boardA.id })).can,
      };
      expect(Object.keys(flags).length).toBeGreaterThan(5);
      for (const [action, value] of Object.entries(flags) as [Action, boolean][]) {
        for (const name of CAN_PROMISES[action].onBoardA ?? []) expect([actor, name, value]).toEqual([actor, name, MATRIX[name]!.allowed.includes(actor)]);
      }
      // Scheduling from the meetings list: on the user's own boards (board A for all three).
      expect([actor, (await caller.meeting.list()).can.editAgenda]).toEqual([actor, MATRIX["meeting.create"]!.allowed.includes(actor)]);
    }
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
