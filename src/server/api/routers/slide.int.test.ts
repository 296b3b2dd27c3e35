import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";

let database: Database;
let f: Fixture;
let slideId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
  const slide = await f.db.slide.create({
    data: { patientId: f.patientA.id, label: "Core biopsy A1", specimen: "Right upper lobe", stain: "H&E", format: "APERIO_SVS", widthPx: 2220, heightPx: 2967, micronsPerPixel: 0.499, acquiredAt: new Date("2026-01-05T00:00:00Z") },
  });
  slideId = slide.id;
});
afterAll(async () => database.close());

async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

const rectangle = { kind: "RECTANGLE", label: "Invasive front", geometry: { x: 100, y: 200, width: 300, height: 150 } } as const;
const outline = { kind: "FREEHAND", label: "", geometry: { points: [[10, 10], [400, 20], [300, 500], [20, 300]] as [number, number][] } } as const;

describe("slide.get and slide.listForPatient", () => {
  it("returns the slide with its patient, its cases on the user's boards and no tiles before conversion; audited", async () => {
    const caller = await f.callerFor("specialist");
    const slide = await caller.slide.get({ slideId });
    expect(slide).toMatchObject({ id: slideId, label: "Core biopsy A1", stain: "H&E", micronsPerPixel: 0.499, tiles: null, importStatus: "READY" });
    expect(slide.patient.mrn).toBe("A-1");
    expect(slide.cases.map((c) => c.id)).toEqual([f.caseA.id]);
    const audit = await f.db.auditEvent.findFirst({ where: { action: "slide.read", entityId: slideId }, orderBy: { id: "desc" } });
    expect(audit).toMatchObject({ actorId: f.users.specialist.id, patientId: f.patientA.id });
  });

  it("lists a patient's slides", async () => {
    const caller = await f.callerFor("coordinator");
    const list = await caller.slide.listForPatient({ patientId: f.patientA.id });
    expect(list.patient.id).toBe(f.patientA.id);
    expect(list.slides.map((s) => s.id)).toContain(slideId);
    expect(await f.db.auditEvent.count({ where: { action: "slide.list", patientId: f.patientA.id } })).toBeGreaterThan(0);
  });

  it("answers NOT_FOUND for an unknown slide", async () => {
    const caller = await f.callerFor("chair");
    expect((await refusal(caller.slide.get({ slideId: "no-such-slide" }))).code).toBe("NOT_FOUND");
  });

  it("reports the import status", async () => {
    const caller = await f.callerFor("chair");
    expect(await caller.slide.importStatus({ slideId })).toEqual({ id: slideId, importStatus: "READY", importProgress: 1, importError: null });
  });
});

describe("slide annotations", () => {
  it("creates rectangles and free-hand outlines per case, lists them, and audits each change", async () => {
    const caller = await f.callerFor("specialist");
    const rect = await caller.slide.annotations.create({ slideId, caseId: f.caseA.id, ...rectangle });
    const free = await caller.slide.annotations.create({ slideId, caseId: f.caseA.id, ...outline });
    expect(rect).toMatchObject({ kind: "RECTANGLE", label: "Invasive front", geometry: rectangle.geometry, caseId: f.caseA.id, canDelete: true });
    expect(rect.author.id).toBe(f.users.specialist.id);
    expect(free.geometry).toEqual(outline.geometry);

    const listed = await (await f.callerFor("coordinator")).slide.annotations.list({ slideId, caseId: f.caseA.id });
    expect(listed.map((a) => a.id)).toEqual(expect.arrayContaining([rect.id, free.id]));
    // Someone else's annotation: visible, not deletable by a coordinator.
    expect(listed.find((a) => a.id === rect.id)?.canDelete).toBe(false);
    const withoutCase = await caller.slide.annotations.list({ slideId });
    expect(withoutCase.map((a) => a.id)).toEqual(expect.arrayContaining([rect.id, free.id]));

    const audit = await f.db.auditEvent.findFirst({ where: { action: "slide.annotation.create", entityId: rect.id } });
    expect(audit).toMatchObject({ actorId: f.users.specialist.id, patientId: f.patientA.id });
  });

  it("refuses a case of another patient with a clear message", async () => {
    // A case of another patient on the user's own board (one on another board is not found: see below).
    const otherPatientCase = await f.db.case.create({
      data: { patientId: f.patientB.id, boardId: f.boardA.id, questionType: "DIAGNOSIS", clinicalQuestion: "Second primary", referringUserId: f.users.chair.id },
    });
    try {
      const caller = await f.callerFor("chair");
      const refused = await refusal(caller.slide.annotations.create({ slideId, caseId: otherPatientCase.id, ...rectangle }));
      expect(refused).toEqual({ code: "BAD_REQUEST", message: "This case is about another patient than the slide: open the slide from the patient's own case." });
      expect((await refusal(caller.slide.annotations.list({ slideId, caseId: otherPatientCase.id }))).code).toBe("BAD_REQUEST");
    } finally {
      await f.db.case.delete({ where: { id: otherPatientCase.id } });
    }
  });

  it("answers a case of the same patient on a board the user does not sit on as not found", async () => {
    const otherBoardCase = await f.db.case.create({
      data: { patientId: f.patientA.id, boardId: f.boardB.id, questionType: "DIAGNOSIS", clinicalQuestion: "Second opinion", referringUserId: f.users.outsiderChair.id },
    });
    try {
      const refused = await refusal((await f.callerFor("specialist")).slide.annotations.create({ slideId, caseId: otherBoardCase.id, ...rectangle }));
      // The same answer as for a case that does not exist: an outsider cannot learn that it does.
      expect(refused).toEqual({ code: "NOT_FOUND", message: "Not found." });
      expect(await refusal((await f.callerFor("specialist")).slide.annotations.create({ slideId, caseId: "no-such-case", ...rectangle }))).toEqual(refused);
    } finally {
      await f.db.case.delete({ where: { id: otherBoardCase.id } });
    }
  });

  it("refuses shapes outside the image or with too few points", async () => {
    const caller = await f.callerFor("chair");
    const outside = await refusal(caller.slide.annotations.create({ slideId, caseId: f.caseA.id, ...rectangle, geometry: { x: 2000, y: 0, width: 300, height: 10 } }));
    expect(outside).toEqual({ code: "BAD_REQUEST", message: "The rectangle reaches outside the slide (2220 x 2967 px)." });
    const outsidePoint = await refusal(caller.slide.annotations.create({ slideId, caseId: f.caseA.id, kind: "FREEHAND", label: "", geometry: { points: [[0, 0], [5, 3000], [9, 9]] } }));
    expect(outsidePoint.message).toBe("Point 2 of the outline lies outside the slide (2220 x 2967 px).");
    const few = await refusal(caller.slide.annotations.create({ slideId, caseId: f.caseA.id, kind: "FREEHAND", label: "", geometry: { points: [[0, 0], [5, 5]] } }));
    expect(few.code).toBe("BAD_REQUEST");
    expect(few.message).toContain("A free-hand outline needs at least 3 points.");
    const empty = await refusal(caller.slide.annotations.create({ slideId, caseId: f.caseA.id, ...rectangle, geometry: { x: 0, y: 0, width: 0, height: 10 } }));
    expect(empty.message).toContain("A rectangle needs a width.");
  });

  it("lets only the author or a chair delete, and audits the deletion", async () => {
    const specialist = await f.callerFor("specialist");
    const mine = await specialist.slide.annotations.create({ slideId, caseId: f.caseA.id, ...rectangle });
    const coordinator = await f.callerFor("coordinator");
    expect(await refusal(coordinator.slide.annotations.delete({ slideId, annotationId: mine.id }))).toEqual({
      code: "FORBIDDEN",
      message: "Only the author of an annotation or a chair may delete it.",
    });
    // A refusal by the procedure itself (not the guard) is audited too, against the slide's patient.
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.annotations.delete.denied", actorId: f.users.coordinator.id }, orderBy: { id: "desc" } })).toMatchObject({
      entityType: "Slide",
      entityId: slideId,
      patientId: f.patientA.id,
      reason: "Only the author of an annotation or a chair may delete it.",
    });
    // A chair of another board: the slide is not found for them.
    expect((await refusal((await f.callerFor("outsiderChair")).slide.annotations.delete({ slideId, annotationId: mine.id }))).code).toBe("NOT_FOUND");
    expect(await (await f.callerFor("chair")).slide.annotations.delete({ slideId, annotationId: mine.id })).toEqual({ id: mine.id, deleted: true });
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.annotation.delete", entityId: mine.id } })).toMatchObject({ actorId: f.users.chair.id, patientId: f.patientA.id });

    const own = await coordinator.slide.annotations.create({ slideId, caseId: f.caseA.id, ...outline });
    await coordinator.slide.annotations.delete({ slideId, annotationId: own.id });
    expect((await refusal(coordinator.slide.annotations.delete({ slideId, annotationId: own.id }))).code).toBe("NOT_FOUND");
  });
});
