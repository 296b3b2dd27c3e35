import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMPTY_DECISION } from "@/domain/decisions/content";
import type { PrismaClient } from "@/generated/prisma/client";
import { applyMigrations, readMigrations } from "../../database/migrate";
import { openDatabase, type Database, type DatabaseConfig } from "../../database/open-database";
import { createFixture } from "../../testing/fixture";
import { PG_BIN_DIR, startThrowawayPostgres, type ThrowawayPostgres } from "../../testing/throwaway-postgres";
import { BackupError } from "./backup-manifest";
import { createBackup } from "./create-backup";
import { restoreBackup } from "./restore-backup";

// A seeded database and its image and slide files are backed up, restored into a new place, and found again:
// the same cases, decisions, files and audit trail (row count and the last rows; the audit hash chain, where
// present, is checked by `npm run audit:verify` on the restored data).

const MIGRATIONS = path.resolve(import.meta.dirname, "../../../../prisma/migrations");
const IMAGE = "images/1.2.826.0.1/1.2.826.0.2/1.2.826.0.3.dcm";
const TILE = "slides/slide-1/slide_files/0/0_0.jpg";
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), "concilium-backup-test-"));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

/** The fixture, a signed decision (which writes audit events), and one image and one slide tile on disk. */
async function seed(database: Database, dataDir: string) {
  await applyMigrations(database.sql, await readMigrations(MIGRATIONS), { advisoryLock: false });
  const f = await createFixture(database.prisma);
  const chair = await f.callerFor("chair");
  const saved = await chair.decision.save({
    caseId: f.caseA.id,
    meetingId: f.meetingA.id,
    decisionId: f.draftA.id,
    expectedRevision: 0,
    content: {
      ...EMPTY_DECISION,
      tnmPrefix: "c",
      tCategory: "T2a",
      nCategory: "N0",
      mCategory: "M0",
      stageGroup: "IB",
      histology: "Adenocarcinoma",
      grade: "G2",
      ecog: 1,
      intent: "CURATIVE",
      modalities: ["SURGERY"],
      recommendation: "Lobectomy.",
      guidelineConcordant: true,
      rationale: "Operable.",
    },
  });
  await chair.decision.sign({ decisionId: saved.id, expectedRevision: saved.revision, withoutQuorumReason: "Test fixture: no attendance recorded" });
  await chair.decision.workspace({ caseId: f.caseA.id });
  for (const [file, bytes] of [[IMAGE, Buffer.from("DICM image bytes")], [TILE, Buffer.from([0xff, 0xd8, 0xff, 0xe0])]] as const) {
    await mkdir(path.dirname(path.join(dataDir, file)), { recursive: true });
    await writeFile(path.join(dataDir, file), bytes);
  }
  // A slide still being converted is not part of a backup.
  await mkdir(path.join(dataDir, "slides", ".staging", "half"), { recursive: true });
  await writeFile(path.join(dataDir, "slides", ".staging", "half", "x"), "partial");
}

/** What must survive a backup and restore. */
async function contentsOf(db: PrismaClient) {
  return {
    cases: await db.case.findMany({ orderBy: { id: "asc" } }),
    decisions: await db.decision.findMany({ orderBy: { id: "asc" } }),
    signed: await db.decision.count({ where: { status: "SIGNED" } }),
    auditEvents: await db.auditEvent.count(),
    lastAuditEvents: await db.auditEvent.findMany({ orderBy: { id: "desc" }, take: 5 }),
  };
}

async function expectFilesRestored(dataDir: string) {
  expect(await readFile(path.join(dataDir, IMAGE), "utf8")).toBe("DICM image bytes");
  expect([...(await readFile(path.join(dataDir, TILE)))]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
  await expect(readFile(path.join(dataDir, "slides", ".staging", "half", "x"))).rejects.toThrow();
}

describe("backup and restore of the embedded database", () => {
  it("restores the same cases, decisions, audit trail and files into a new data folder", async () => {
    const dataDir = path.join(scratch, "embedded");
    const config: DatabaseConfig = { kind: "pglite", dataDir: path.join(dataDir, "pglite") };
    const source = await openDatabase(config);
    let before: Awaited<ReturnType<typeof contentsOf>>;
    try {
      await seed(source, dataDir);
      before = await contentsOf(source.prisma);
      expect(before.signed).toBe(1);
      expect(before.auditEvents).toBeGreaterThan(0);
      // Open: refused, the embedded database is copied only while closed.
      await expect(createBackup({ database: config, dataDir, targetDir: path.join(scratch, "refused") })).rejects.toThrow(/in use: stop Concilium first/);
    } finally {
      await source.close();
    }

    const backupDir = path.join(scratch, "embedded-backup");
    const manifest = await createBackup({ database: config, dataDir, targetDir: backupDir });
    expect(manifest).toMatchObject({ database: { kind: "pglite", file: "pglite.tar.gz" }, files: { folders: ["images", "slides"], count: 2 } });
    await expect(createBackup({ database: config, dataDir, targetDir: backupDir })).rejects.toThrow(/not empty/);

    const newDataDir = path.join(scratch, "embedded-restored");
    await restoreBackup(backupDir, { kind: "pglite", dataDir: newDataDir });
    const restored = await openDatabase({ kind: "pglite", dataDir: path.join(newDataDir, "pglite") });
    try {
      expect(await contentsOf(restored.prisma)).toEqual(before);
    } finally {
      await restored.close();
    }
    await expectFilesRestored(newDataDir);
    // Never over existing data, and never from a damaged backup.
    await expect(restoreBackup(backupDir, { kind: "pglite", dataDir: newDataDir })).rejects.toThrow(/not empty/);
    await writeFile(path.join(backupDir, "pglite.tar.gz"), "damaged");
    await expect(restoreBackup(backupDir, { kind: "pglite", dataDir: path.join(scratch, "other") })).rejects.toThrow(BackupError);
    // An embedded database on disk is opened four times here (seed, backup, restore, check): slow on a busy machine.
  }, 300_000);
});

describe("backup and restore of PostgreSQL (pg_dump custom format, pg_restore)", () => {
  let cluster: ThrowawayPostgres;
  beforeAll(async () => {
    cluster = await startThrowawayPostgres();
    const admin = new pg.Client({ connectionString: cluster.url() });
    await admin.connect();
    await admin.query("CREATE DATABASE source");
    await admin.query("CREATE DATABASE restored");
    await admin.end();
  }, 120_000);
  afterAll(async () => cluster?.destroy(), 60_000);

  it("restores the same cases, decisions, audit trail and files into an empty database and a new data folder", async () => {
    // The cluster's own pg_dump and pg_restore, of the server's version.
    process.env.PG_BIN_DIR = PG_BIN_DIR;
    const dataDir = path.join(scratch, "postgres");
    const config: DatabaseConfig = { kind: "postgres", url: cluster.url("source") };
    const source = await openDatabase(config);
    let before: Awaited<ReturnType<typeof contentsOf>>;
    const backupDir = path.join(scratch, "postgres-backup");
    try {
      await seed(source, dataDir);
      before = await contentsOf(source.prisma);
      // The app keeps running during a PostgreSQL backup.
      const manifest = await createBackup({ database: config, dataDir, targetDir: backupDir });
      expect(manifest).toMatchObject({ database: { kind: "postgres", file: "database.dump" }, files: { count: 2 } });
    } finally {
      await source.close();
    }

    const newDataDir = path.join(scratch, "postgres-restored");
    await expect(restoreBackup(backupDir, { kind: "pglite", dataDir: newDataDir })).rejects.toThrow(/PostgreSQL/);
    await restoreBackup(backupDir, { kind: "postgres", url: cluster.url("restored"), dataDir: newDataDir });
    const restored = await openDatabase({ kind: "postgres", url: cluster.url("restored") });
    try {
      expect(await contentsOf(restored.prisma)).toEqual(before);
    } finally {
      await restored.close();
    }
    await expectFilesRestored(newDataDir);
    // Never into a database that already holds data.
    await expect(restoreBackup(backupDir, { kind: "postgres", url: cluster.url("source"), dataDir: path.join(scratch, "again") })).rejects.toThrow(/not empty/);
  }, 120_000);
});
