/// <reference types="vite/client" />
import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../database/open-database";
import type { AccessCases } from "../testing/access-matrix";
import { ACTORS, createFixture, type Fixture } from "../testing/fixture";
import { createTestDatabase } from "../testing/test-database";
import { loadSessionUser } from "../services/auth/load-session-user";
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
          const [last] = await f.db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1, select: { id: true } });
          const code = await codeOf(procedure.call(await f.callerFor(actor), f));
          if (allowed) {
            expect(["UNAUTHORIZED", "FORBIDDEN"]).not.toContain(code);
          } else {
            expect(code).toBe(actor === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
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

  it("refuses a member of another board with a message that says why", async () => {
    const caller = await f.callerFor("outsiderChair");
    await expect(caller.case.get({ caseId: f.caseA.id })).rejects.toThrow("You are not a member of this board.");
  });

  it("audits a non-member's refusal with the patient asked for, the reason and where the request came from", async () => {
    const outsider = await loadSessionUser(f.db, f.users.outsiderChair.id);
    const caller = createCaller(createInnerContext({ db: f.db, user: { ...outsider!, source: { ip: "192.0.2.44", userAgent: "Probe/2" } } }));
    await expect(caller.decision.sign({ decisionId: f.draftA.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
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
