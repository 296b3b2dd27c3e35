import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { applyMigrations, readMigrations } from "@/server/database/migrate";
import { openDatabase, type Database } from "@/server/database/open-database";
import { createTestDatabase } from "@/server/testing/test-database";
import { GENESIS_HASH, verifyAuditChain } from "./audit-chain";
import { recordAudit, recordDenial } from "./record-audit";
import { recordAuditOncePerMinute } from "./record-audit-throttled";

let database: Database;
const actor = { id: null, email: "auditor-test@test.example" } as const;
const sql = (text: string) => database.sql.exec(text);
// What a superuser could do: switch the append-only trigger off, edit, switch it on again.
const asSuperuser = (statement: string) => sql(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only; ${statement}; ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;`);

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database.close());

async function eventIds(): Promise<bigint[]> {
  return (await database.prisma.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true } })).map((e) => e.id);
}

describe("the audit log", () => {
  it("starts an intact, empty chain", async () => {
    expect(await verifyAuditChain(database.prisma)).toEqual({ intact: true, events: 0 });
  });

  it("links every event to the one before, also when many connections append at once", async () => {
    await recordAudit(database.prisma, actor, [
      { action: "test.first", entityType: "Test", detail: { b: 1, a: "é ✓ 𝄞" } },
      { action: "test.second", entityType: "Test", reason: "because | of: things" },
    ]);
    await Promise.all(Array.from({ length: 12 }, (_, i) => recordAudit(database.prisma, actor, { action: "test.parallel", entityType: "Test", entityId: String(i) })));
    const events = await database.prisma.auditEvent.findMany({ orderBy: { id: "asc" } });
    expect(events).toHaveLength(14);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(await verifyAuditChain(database.prisma)).toEqual({ intact: true, events: 14 });
  });

  it("records a refusal as '<action>.denied' with its reason and source, and without a ground", async () => {
    await recordDenial(database.prisma, null, { action: "slide.tile", entityType: "Slide", entityId: "s1", reason: "Please sign in.", source: { ip: "203.0.113.9", userAgent: "curl/8" } });
    const [event] = await database.prisma.auditEvent.findMany({ orderBy: { id: "desc" }, take: 1 });
    expect(event).toMatchObject({ action: "slide.tile.denied", actorId: null, actorEmail: "anonymous", entityType: "Slide", entityId: "s1", reason: "Please sign in.", ground: null, sourceIp: "203.0.113.9", userAgent: "curl/8" });
  });

  it("refuses UPDATE, DELETE and TRUNCATE, through Prisma and in SQL", async () => {
    const [first] = await eventIds();
    await expect(database.prisma.auditEvent.update({ where: { id: first! }, data: { reason: "edited" } })).rejects.toThrow(/append-only/);
    await expect(database.prisma.auditEvent.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE "AuditEvent" SET "actorEmail" = 'someone-else'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(sql(`DELETE FROM "AuditEvent" WHERE "id" = ${first}`)).rejects.toThrow(/append-only: DELETE/);
    await expect(sql(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only: TRUNCATE/);
    await expect(sql(`DELETE FROM "AuditChainHead"`)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(database.prisma)).toEqual({ intact: true, events: 15 });
  });

  it("names the event a superuser edited in SQL, and is intact again once the edit is undone", async () => {
    const ids = await eventIds();
    const target = ids[4]!;
    const original = await database.prisma.auditEvent.findUniqueOrThrow({ where: { id: target } });
    await asSuperuser(`UPDATE "AuditEvent" SET "actorEmail" = 'someone-else@test.example' WHERE "id" = ${target}`);
    expect(await verifyAuditChain(database.prisma)).toMatchObject({ intact: false, events: 4, brokenAt: target, problem: expect.stringMatching(/was changed after it was written/) });

    await asSuperuser(`UPDATE "AuditEvent" SET "actorEmail" = '${original.actorEmail}' WHERE "id" = ${target}`);
    expect(await verifyAuditChain(database.prisma)).toEqual({ intact: true, events: 15 });
  });

  it("names the event after one that was removed, and notices a removed tail", async () => {
    const ids = await eventIds();
    await asSuperuser(`DELETE FROM "AuditEvent" WHERE "id" = ${ids[2]}`);
    expect(await verifyAuditChain(database.prisma)).toMatchObject({ intact: false, events: 2, brokenAt: ids[3], problem: expect.stringMatching(/does not follow/) });
  });
});

describe("a fresh log whose newest events are removed", () => {
  it("reports that the chain ends before its head", async () => {
    const fresh = await createTestDatabase();
    try {
      await recordAudit(fresh.prisma, actor, [{ action: "test.a", entityType: "Test" }, { action: "test.b", entityType: "Test" }]);
      const last = await fresh.prisma.auditEvent.findFirstOrThrow({ orderBy: { id: "desc" } });
      await fresh.sql.exec(`ALTER TABLE "AuditEvent" DISABLE TRIGGER audit_event_append_only; DELETE FROM "AuditEvent" WHERE "id" = ${last.id}; ALTER TABLE "AuditEvent" ENABLE TRIGGER audit_event_append_only;`);
      expect(await verifyAuditChain(fresh.prisma)).toMatchObject({ intact: false, events: 1, problem: expect.stringMatching(/events at the end were removed/) });
    } finally {
      await fresh.close();
    }
  });
});

describe("the migration that chains the log", () => {
  it("chains the events written before it, in id order, and appends after them", async () => {
    const all = await readMigrations(path.resolve(import.meta.dirname, "../../../../prisma/migrations"));
    const chaining = all.findIndex((m) => m.name.endsWith("_audit_append_only_chain"));
    expect(chaining).toBeGreaterThan(0);
    const old = await openDatabase({ kind: "pglite", dataDir: "memory://" });
    try {
      await applyMigrations(old.sql, all.slice(0, chaining), { advisoryLock: false });
      await old.sql.exec(`INSERT INTO "AuditEvent" ("actorEmail", "action", "entityType", "detail") VALUES
        ('a@test.example', 'case.read', 'Case', NULL), ('b@test.example', 'case.read', 'Case', '{"x": [1, 2]}'), ('c@test.example', 'decision.sign', 'Decision', NULL)`);
      await applyMigrations(old.sql, all, { advisoryLock: false });
      expect(await verifyAuditChain(old.prisma)).toEqual({ intact: true, events: 3 });
      await recordAudit(old.prisma, actor, { action: "test.after", entityType: "Test" });
      expect(await verifyAuditChain(old.prisma)).toEqual({ intact: true, events: 4 });
    } finally {
      await old.close();
    }
  });
});

describe("recordAuditOncePerMinute", () => {
  it("records a burst of reads once per user, thing and minute", async () => {
    const mkUser = (email: string) => database.prisma.user.create({ data: { email, name: email, role: "SPECIALIST" }, select: { id: true, email: true } });
    const [user, other] = [await mkUser("burst@test.example"), await mkUser("other@test.example")];
    const entry = { action: "test.burst", entityType: "Test" };
    const t0 = 1_000_000;
    const recorded = [
      await recordAuditOncePerMinute(database.prisma, user, "thing:1", entry, t0),
      await recordAuditOncePerMinute(database.prisma, user, "thing:1", entry, t0 + 59_999),
      await recordAuditOncePerMinute(database.prisma, user, "thing:2", entry, t0 + 1),
      await recordAuditOncePerMinute(database.prisma, other, "thing:1", entry, t0 + 2),
      await recordAuditOncePerMinute(database.prisma, user, "thing:1", entry, t0 + 60_000),
    ];
    expect(recorded).toEqual([true, false, true, true, true]);
  });
});
