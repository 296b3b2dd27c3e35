import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkDecisionDraft, missingForSigning } from "@/domain/decisions/requirements";
import type { Database } from "../../database/open-database";
import { contentOf, siteOfCondition } from "../decisions/decision-content";
import { createTestDatabase } from "../../testing/test-database";
import { readDataset } from "../outcomes/read-dataset";
import { seedDemo } from "./seed-demo";
import { HISTORY_CASES, locateNcctgCsv } from "./seed-outcome-history";

let database: Database;
const NOW = new Date("2026-11-22T06:00:00Z");
/** The demo's own recent meetings, apart from the years of history before them. */
const RECENT = new Date(NOW.getTime() - 30 * 24 * 3_600_000);
let summary = "";
beforeAll(async () => {
  database = await createTestDatabase();
  summary = await seedDemo(database.prisma, { now: NOW });
});
afterAll(async () => database.close());

describe("the demo seed", () => {
  it("creates three boards, thirty patients, every role and two upcoming meetings with agendas", async () => {
    const db = database.prisma;
    expect(await db.board.count()).toBe(3);
    expect(await db.patient.count({ where: { NOT: { mrn: { startsWith: "H-" } } } })).toBe(30);
    expect((await db.user.groupBy({ by: ["role"], _count: true })).map((g) => g.role).sort()).toEqual(["ADMIN", "CHAIR", "COORDINATOR", "RESEARCHER", "SPECIALIST"]);
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
    const past = await db.meeting.findMany({ where: { status: "FINISHED", startsAt: { gt: RECENT } }, include: { _count: { select: { attendances: true } }, decisions: true } });
    expect(past).toHaveLength(3);
    expect(past.every((m) => m._count.attendances > 3)).toBe(true);
    const flagged = past.flatMap((m) => m.decisions).filter((d) => d.quorate === false);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.every((d) => d.quorumMissing.join() === "PATHOLOGY")).toBe(true);
  });
});

describe("the demo's outcome history", () => {
  const historyTotal = Object.values(HISTORY_CASES).reduce((a, b) => a + b, 0);

  it("finds the real NCCTG cohort in the shared data folder", () => {
    expect(locateNcctgCsv()).toMatch(/ncctg-lung\.csv$/);
  });

  it("adds a few hundred signed decisions over four years, mostly thoracic, all from DEMO", async () => {
    const db = database.prisma;
    const history = await db.case.findMany({ where: { source: "DEMO" }, select: { board: { select: { slug: true } }, decisions: { select: { status: true, signedAt: true } }, condition: { select: { topographyCode: true } } } });
    expect(history).toHaveLength(historyTotal);
    expect(history.filter((c) => c.board.slug === "thoracic").length).toBeGreaterThan(historyTotal / 2);
    expect(history.every((c) => c.decisions.length === 1 && c.decisions[0]!.status === "SIGNED")).toBe(true);
    expect(history.every((c) => /^C(34|50|18|20)\.\d$/.test(c.condition!.topographyCode))).toBe(true);
    const signed = history.map((c) => c.decisions[0]!.signedAt!.getTime());
    expect(Math.min(...signed)).toBeLessThan(NOW.getTime() - 3 * 365 * 24 * 3_600_000);
    expect(Math.max(...signed)).toBeLessThan(NOW.getTime());
  });

  it("dates no outcome in the future and draws its follow-up from the outcome kinds a registry holds", async () => {
    const db = database.prisma;
    const outcomes = await db.outcome.findMany({ where: { source: "DEMO" }, select: { occurredOn: true, endedOn: true, kind: true } });
    expect(outcomes.length).toBeGreaterThan(historyTotal * 2);
    for (const o of outcomes) {
      expect(o.occurredOn.getTime(), "outcome in the future").toBeLessThanOrEqual(NOW.getTime());
      if (o.endedOn) expect(o.endedOn.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    const kinds = new Set(outcomes.map((o) => o.kind));
    for (const kind of ["TREATMENT", "DISEASE_STATUS", "PROGRESSION", "ALIVE", "DEATH"] as const) expect(kinds).toContain(kind);
  });

  it("gives the dataset rows with overall survival from the real cohort", async () => {
    const boards = await database.prisma.board.findMany({ select: { id: true } });
    const rows = await readDataset(database.prisma, boards.map((b) => b.id));
    expect(rows.length).toBeGreaterThan(historyTotal);
    const history = rows.filter((r) => r.pseudonym?.startsWith("CON-H"));
    expect(history).toHaveLength(historyTotal);
    expect(history.every((r) => typeof r.os_days === "number" && r.os_days >= 0 && typeof r.os_event === "boolean")).toBe(true);
    expect(history.filter((r) => r.os_event).length).toBeGreaterThan(historyTotal / 3);
    expect(history.filter((r) => r.data_issue !== null)).toEqual([]);
    // Some recommendations were not followed, and say why.
    expect(history.some((r) => r.treatment_followed_recommendation === false && r.treatment_deviation_reasons)).toBe(true);
  });

  it("keeps the seed fast: the history adds about a second", () => {
    // Every e2e run and every first start seeds the demo; the history is written with createMany in one transaction.
    const ms = Number(/history: .* in (\d+) ms/.exec(summary)?.[1]);
    console.info(`demo outcome history seeded in ${ms} ms`);
    expect(ms).toBeLessThan(5_000);
  });
});

describe("the demo seed obeys the rules of entered data", () => {
  const loadDecisions = () =>
    database.prisma.decision.findMany({
      include: {
        case: { select: { createdAt: true, condition: { select: { topographyCode: true } }, agendaItems: { select: { meetingId: true, discussedAt: true } } } },
        meeting: { select: { startsAt: true, attendances: { select: { userId: true } } } },
        outcomes: true,
      },
    });

  it("saves nothing after a signature, and signs nothing in the future", async () => {
    const decisions = await loadDecisions();
    expect(decisions.length).toBeGreaterThan(5);
    for (const d of decisions) {
      expect(d.updatedAt.getTime(), `version ${d.version} saved before it was recorded`).toBeGreaterThanOrEqual(d.createdAt.getTime());
      if (d.signedAt) {
        expect(d.updatedAt.getTime(), "saved after signing").toBeLessThanOrEqual(d.signedAt.getTime());
        expect(d.signedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
    }
  });

  it("discusses a case only after its referral, and decides it only once discussed", async () => {
    for (const d of await loadDecisions()) {
      const item = d.case.agendaItems.find((i) => i.meetingId === d.meetingId);
      expect(item?.discussedAt, "a decided case of a past meeting has its discussion date").toBeInstanceOf(Date);
      expect(item!.discussedAt!.getTime(), "discussed before it was referred").toBeGreaterThan(d.case.createdAt.getTime());
      expect(item!.discussedAt!.getTime()).toBeLessThanOrEqual(d.createdAt.getTime());
      expect(item!.discussedAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    }
    const items = await database.prisma.agendaItem.findMany({ where: { discussedAt: { not: null } }, include: { case: { select: { createdAt: true } } } });
    for (const i of items) expect(i.discussedAt!.getTime()).toBeGreaterThan(i.case.createdAt.getTime());
  });

  it("dates no outcome in the future, nor before the decision it follows", async () => {
    for (const d of await loadDecisions()) {
      for (const o of d.outcomes) {
        expect(o.occurredOn.getTime(), "outcome in the future").toBeLessThanOrEqual(NOW.getTime());
        expect(o.occurredOn.getTime()).toBeGreaterThanOrEqual(d.createdAt.getTime() - 24 * 3_600_000);
      }
    }
  });

  it("signs only complete decisions; without quorum with a reason; the signing chair attended", async () => {
    const signed = (await loadDecisions()).filter((d) => d.status === "SIGNED");
    for (const d of signed) {
      const site = siteOfCondition(d.case.condition);
      expect(checkDecisionDraft(site, contentOf(d))).toEqual([]);
      expect(missingForSigning(site, contentOf(d))).toEqual([]);
      if (d.quorate === false) expect(d.quorumOverrideReason?.trim().length).toBeGreaterThan(3);
      expect(d.meeting?.attendances.map((a) => a.userId)).toContain(d.signedById);
    }
    expect(signed.some((d) => d.quorate === false)).toBe(true);
  });
});
