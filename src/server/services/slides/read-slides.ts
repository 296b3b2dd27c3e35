import type { TileLayout } from "@/integrations/pathology/tile-layout";
import { recordAudit } from "../audit/record-audit";
import { auditedWithinMinute, recordAuditOncePerMinute } from "../audit/record-audit-throttled";
import type { Actor, Db } from "../db-types";
import type { SlideActor } from "./slide-actor";
import { toSlideSummary, type SlideSummary } from "./slide-summary";
import { slideLayout } from "./slide-tiles";

const patientHeader = { id: true, mrn: true, familyName: true, givenName: true, birthDate: true, sex: true } as const;

export interface SlideDetail extends SlideSummary {
  patient: { id: string; mrn: string; familyName: string; givenName: string; birthDate: Date; sex: "FEMALE" | "MALE" | "OTHER" | "UNKNOWN" };
  /** Null until the slide is converted. */
  tiles: TileLayout | null;
  /** The patient's cases on the user's boards: where annotations can be kept. */
  cases: { id: string; boardName: string; clinicalQuestion: string; createdAt: Date }[];
}

/** One slide for the viewer: what it shows, how its tiles are laid out, and the cases it can be annotated for. */
export async function getSlide(db: Db, actor: SlideActor, slideId: string): Promise<SlideDetail> {
  const slide = await db.slide.findUniqueOrThrow({ where: { id: slideId }, include: { patient: { select: patientHeader } } });
  const cases = await db.case.findMany({
    where: { patientId: slide.patientId, boardId: { in: actor.boardIds } },
    orderBy: { createdAt: "desc" },
    select: { id: true, clinicalQuestion: true, createdAt: true, board: { select: { name: true } } },
  });
  await recordAudit(db, actor, { action: "slide.read", entityType: "Slide", entityId: slide.id, patientId: slide.patientId });
  return {
    ...toSlideSummary(slide),
    patient: slide.patient,
    tiles: await slideLayout(slide),
    cases: cases.map((c) => ({ id: c.id, boardName: c.board.name, clinicalQuestion: c.clinicalQuestion, createdAt: c.createdAt })),
  };
}

export async function listPatientSlides(db: Db, actor: SlideActor, patientId: string) {
  const patient = await db.patient.findUniqueOrThrow({ where: { id: patientId }, select: patientHeader });
  const slides = await db.slide.findMany({ where: { patientId }, orderBy: [{ acquiredAt: "desc" }, { createdAt: "desc" }] });
  await recordAudit(db, actor, { action: "slide.list", entityType: "Patient", entityId: patientId, patientId });
  return { patient, slides: slides.map(toSlideSummary) };
}

/**
 * How far an import has come. Not audited: the upload form polls it twice a second, and it tells nothing about the
 * patient beyond what the upload itself recorded.
 */
export async function getImportStatus(db: Db, slideId: string) {
  return db.slide.findUniqueOrThrow({ where: { id: slideId }, select: { id: true, importStatus: true, importProgress: true, importError: true } });
}

/**
 * A tile read. A client may fetch tiles without ever asking for the slide's info, so tiles are audited themselves:
 * at most once per user, slide and minute, as DICOM frames are.
 */
export async function auditSlideTileRead(db: Db, actor: Actor, slide: { id: string; patientId: string }, now: number = Date.now()) {
  await recordAuditOncePerMinute(db, actor, slideTilesThing(slide.id), { action: "slide.tiles.read", entityType: "Slide", entityId: slide.id, patientId: slide.patientId, detail: { resource: "tiles (first read this minute)" } }, now);
}

const slideTilesThing = (slideId: string) => `slide:${slideId}`;

/** Whether auditSlideTileRead would record nothing now (this user's tile read of this slide is audited this minute). */
export const slideTileReadAudited = (actorId: string, slideId: string, now: number = Date.now()) => auditedWithinMinute(actorId, slideTilesThing(slideId), now);

/** What a tile client needs to open the slide (GET /api/slides/{id}/info); audited once per opening, never per tile. */
export async function getSlideTileInfo(db: Db, actor: SlideActor, slideId: string) {
  const slide = await db.slide.findUniqueOrThrow({ where: { id: slideId } });
  const tiles = await slideLayout(slide);
  if (!tiles) return null;
  await recordAudit(db, actor, { action: "slide.open", entityType: "Slide", entityId: slide.id, patientId: slide.patientId });
  const top = tiles.levels[tiles.levels.length - 1]!;
  return {
    id: slide.id,
    label: slide.label,
    width: tiles.width,
    height: tiles.height,
    tileSize: top.tileWidth,
    overlap: tiles.overlap,
    format: tiles.format,
    minLevel: tiles.minLevel,
    maxLevel: tiles.maxLevel,
    levels: tiles.levels,
    micronsPerPixel: slide.micronsPerPixel,
    stain: slide.stain,
    specimen: slide.specimen,
    slideFormat: slide.format,
  };
}
