import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../database/open-database";
import { createTestDatabase } from "../../testing/test-database";
import { seedDemo } from "./seed-demo";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.prisma, { now: new Date("2026-11-22T06:00:00Z") });
});
afterAll(async () => database.close());

describe("the demo seed", () => {
  it("creates three boards, thirty patients, every role and two upcoming meetings with agendas", async () => {
    const db = database.prisma;
    expect(await db.board.count()).toBe(3);
    expect(await db.patient.count()).toBe(30);
    expect((await db.user.groupBy({ by: ["role"], _count: true })).map((g) => g.role).sort()).toEqual(["ADMIN", "CHAIR", "COORDINATOR", "SPECIALIST"]);
    const upcoming = await db.meeting.findMany({ where: { startsAt: { gt: new Date("2026-11-22T06:00:00Z") } }, include: { _count: { select: { agendaItems: true } } } });
    expect(upcoming).toHaveLength(2);
    expect(upcoming.every((m) => m._count.agendaItems > 0)).toBe(true);
    expect(await db.decision.count({ where: { status: "SIGNED" } })).toBeGreaterThan(5);
    expect(await db.outcome.count()).toBeGreaterThan(0);
  });

  it("attaches the real LIDC chest CT and its radiologists' nodule to patient LIDC-IDRI-0001", async () => {
    const patient = await database.prisma.patient.findUniqueOrThrow({
      where: { mrn: "LIDC-IDRI-0001" },
      include: { imagingStudies: true, findings: true, slides: true },
    });
    expect(patient.imagingStudies).toHaveLength(1);
    expect(patient.imagingStudies[0]).toMatchObject({ modality: "CT", numberOfInstances: 133 });
    expect(patient.findings[0]).toMatchObject({ kind: "Lung nodule", source: "PERSON" });
    expect(patient.findings[0]?.description).toContain("marked by 4 of 4 LIDC radiologists");
    // The readers' outlines travel with the finding, for the viewer to draw.
    const outlines = patient.findings[0]?.imageRegions as { graphicType: string; label: string }[];
    expect(outlines.length).toBeGreaterThan(4);
    expect(new Set(outlines.map((o) => o.label))).toEqual(new Set(["Reader 1", "Reader 2", "Reader 3", "Reader 4"]));
    expect(outlines.every((o) => o.graphicType === "POLYLINE")).toBe(true);
    expect(patient.slides[0]).toMatchObject({ format: "APERIO_SVS", widthPx: 2220, heightPx: 2967, micronsPerPixel: 0.499 });
  });

  it("shows the liver SEG objects as AI findings", async () => {
    const findings = await database.prisma.finding.findMany({ where: { source: "AI", patient: { mrn: "99000" } } });
    expect(findings).toHaveLength(2);
    expect(findings.map((f) => f.description).join(" ")).toMatch(/segment/);
  });

  it("gives every board versioned readiness rules and quorum specialties", async () => {
    const boards = await database.prisma.board.findMany({ include: { readinessRules: true } });
    expect(boards.every((b) => b.quorumSpecialties.length >= 4 && b.readinessRules.length === 1 && b.readinessRules[0]!.version === 1)).toBe(true);
  });

  it("names the referring physician on most cases but not all", async () => {
    const db = database.prisma;
    const named = await db.case.count({ where: { referringPhysicianName: { not: null } } });
    expect(named).toBeGreaterThan(15);
    expect(named).toBeLessThan(30);
  });

  it("records attendance for past meetings, with one meeting's decisions flagged as made without quorum", async () => {
    const db = database.prisma;
    const past = await db.meeting.findMany({ where: { status: "FINISHED" }, include: { _count: { select: { attendances: true } }, decisions: true } });
    expect(past).toHaveLength(3);
    expect(past.every((m) => m._count.attendances > 3)).toBe(true);
    const flagged = past.flatMap((m) => m.decisions).filter((d) => d.quorate === false);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((d) => d.quorumMissing.join() === "PATHOLOGY")).toBe(true);
  });
});
