import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { SlideReadError } from "@/integrations/pathology/read-slide-header";
import type { Database } from "../../database/open-database";
import { createFixture, type Fixture } from "../../testing/fixture";
import { createTestDatabase } from "../../testing/test-database";
import { importSlide } from "./import-slide";
import { INTERRUPTED_IMPORT, recoverInterruptedImports } from "./recover-interrupted-imports";
import { slideStoreRoot } from "./slide-store";
import { readSlideTile } from "./slide-tiles";

const SVS = sharedDemoDataPath(["pathology", "cmu-1-small-region.svs"]);
const WSI = sharedDemoDataPath(["pathology", "cmu-1-small-region-dicom-wsi"]);
const PNG = path.join(sharedDemoDataPath(["pathology", "he-tiles"]), readdirSync(sharedDemoDataPath(["pathology", "he-tiles"]))[0]!);

let database: Database;
let f: Fixture;
let dataDir: string;
const actor = () => ({ id: f.users.specialist.id, email: f.users.specialist.email });
const meta = { label: "Core biopsy A1", specimen: "Right upper lobe, core biopsy", stain: "H&E" };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "slides-"));
  process.env.CONCILIUM_DATA_DIR = dataDir;
  database = await createTestDatabase();
  f = await createFixture(database.prisma);
});
afterAll(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Slide folders in the store, and anything left in its staging area. */
function storeContents() {
  const root = slideStoreRoot();
  const entries = existsSync(root) ? readdirSync(root) : [];
  const staging = path.join(root, ".staging");
  return { slides: entries.filter((e) => !e.startsWith(".")), staging: existsSync(staging) ? readdirSync(staging) : [] };
}

describe("importing an Aperio SVS", () => {
  it("converts it into a Deep Zoom pyramid, reports progress, records READY and audits the import", async () => {
    const progress: number[] = [];
    const slide = await importSlide(database.prisma, actor(), { patientId: f.patientA.id, source: { path: SVS }, ...meta }, { onProgress: (p) => progress.push(p) });

    expect(slide).toMatchObject({ format: "APERIO_SVS", widthPx: 2220, heightPx: 2967, micronsPerPixel: 0.499, importStatus: "READY", importProgress: 1, importError: null });
    const row = await f.db.slide.findUniqueOrThrow({ where: { id: slide.id } });
    expect(row).toMatchObject({ storagePath: slide.id, tileSize: 254, tileOverlap: 1, tileFormat: "jpeg", levelCount: 13 });
    // The scan date comes from the Aperio header (12/29/09).
    expect(row.acquiredAt.getFullYear()).toBe(2009);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);

    const folder = path.join(slideStoreRoot(), slide.id);
    const topTile = await sharp(readFileSync(path.join(folder, "slide_files", "12", "0_0.jpeg"))).metadata();
    expect([topTile.format, topTile.width, topTile.height]).toEqual(["jpeg", 255, 255]);
    expect(storeContents().staging).toEqual([]);

    const tile = await readSlideTile(f.db, slide.id, { level: 0, col: 0, row: 0 });
    expect(tile.found && (await sharp(tile.bytes).metadata()).width).toBe(1);
    expect(await readSlideTile(f.db, slide.id, { level: 12, col: 9, row: 0 })).toEqual({ found: false, message: "No such tile in this slide." });

    const audit = await f.db.auditEvent.findMany({ where: { entityId: slide.id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["slide.import", "slide.import.ready"]);
    expect(audit.every((a) => a.patientId === f.patientA.id && a.actorId === f.users.specialist.id)).toBe(true);
  });

  it("takes the file's bytes as well as a path", async () => {
    const slide = await importSlide(database.prisma, actor(), { patientId: f.patientA.id, source: { bytes: readFileSync(SVS) }, ...meta });
    expect(slide.importStatus).toBe("READY");
    expect(storeContents().staging).toEqual([]);
  });
});

describe("refusing files that are not slides", () => {
  for (const [name, source] of [
    ["a PNG picture", { path: PNG }],
    ["a CT DICOM file", { path: sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "01.dcm"]) }],
    ["a few bytes of text", { bytes: new TextEncoder().encode("hello, this is not a slide") }],
  ] as const) {
    it(`refuses ${name} with a clear message and leaves nothing behind`, async () => {
      const before = { slides: await f.db.slide.count(), store: storeContents().slides.length };
      const error = await importSlide(database.prisma, actor(), { patientId: f.patientA.id, source, ...meta }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SlideReadError);
      expect((error as Error).message).toMatch(/^This file is not a slide Concilium can show: .+\. Upload an Aperio SVS or tiled TIFF file, or the files of a DICOM whole-slide image/);
      expect(await f.db.slide.count()).toBe(before.slides);
      expect(storeContents()).toEqual({ slides: expect.any(Array), staging: [] });
      expect(storeContents().slides).toHaveLength(before.store);
    });
  }

  it("refuses an unknown patient", async () => {
    await expect(importSlide(database.prisma, actor(), { patientId: "nobody", source: { path: SVS }, ...meta })).rejects.toThrow("No such patient.");
  });
});

describe("importing a DICOM whole-slide image", () => {
  it("copies the level files, indexes the frames and serves tiles straight from them", async () => {
    const progress: number[] = [];
    const slide = await importSlide(database.prisma, actor(), { patientId: f.patientB.id, source: { path: WSI }, ...meta, stain: "H&E" }, { onProgress: (p) => progress.push(p) });
    expect(slide).toMatchObject({ format: "DICOM_WSI", widthPx: 2220, heightPx: 2967, micronsPerPixel: 0.499, importStatus: "READY" });
    const row = await f.db.slide.findUniqueOrThrow({ where: { id: slide.id } });
    expect(row).toMatchObject({ tileSize: 500, tileOverlap: 0, levelCount: 12, seriesInstanceUid: "1.2.276.0.7230010.3.1.3.2425734838.4124713.1626788322.499658" });
    const stored = readdirSync(path.join(slideStoreRoot(), slide.id, "wsi")).sort();
    expect(stored).toHaveLength(13);
    expect(stored).toContain("index.json");
    expect(stored).toContain("level-0-0.dcm");
    expect(progress.at(-1)).toBe(1);

    const tile = await readSlideTile(f.db, slide.id, { level: 12, col: 0, row: 0 });
    expect(tile.found && (await sharp(tile.bytes).metadata()).width).toBe(500);
    const edge = await readSlideTile(f.db, slide.id, { level: 12, col: 4, row: 5 });
    const edgeMeta = edge.found ? await sharp(edge.bytes).metadata() : null;
    expect([edgeMeta?.width, edgeMeta?.height]).toEqual([220, 467]);
    expect((await readSlideTile(f.db, slide.id, { level: 0, col: 0, row: 0 })).found).toBe(false);
  });

  it("accepts a set of files", async () => {
    const files = ["level-2-frames-0-4.dcm", "level-3-frames-0-1.dcm"].map((n) => path.join(WSI, n));
    const slide = await importSlide(database.prisma, actor(), { patientId: f.patientB.id, source: { paths: files }, ...meta });
    expect(slide).toMatchObject({ widthPx: 555, heightPx: 741, importStatus: "READY" });
  });

  it("marks the slide FAILED, with a message free of server paths, when the import breaks after acceptance", async () => {
    const failing = () => {
      throw new Error("ENOSPC: no space left on device, write '/var/lib/concilium/slides/x.dcm'");
    };
    const before = storeContents().slides.length;
    await expect(importSlide(database.prisma, actor(), { patientId: f.patientB.id, source: { path: WSI }, ...meta }, { onProgress: failing })).rejects.toThrow("ENOSPC");
    const failed = await f.db.slide.findFirstOrThrow({ where: { importStatus: "FAILED" }, orderBy: { createdAt: "desc" } });
    expect(failed.importError).toBe("The slide could not be converted: ENOSPC: no space left on device, write '<file>'");
    expect(storeContents().slides).toHaveLength(before);
    expect(storeContents().staging).toEqual([]);
    expect(await f.db.auditEvent.findFirst({ where: { action: "slide.import.failed", entityId: failed.id } })).toMatchObject({ patientId: f.patientB.id });
    expect(await readSlideTile(f.db, failed.id, { level: 12, col: 0, row: 0 })).toEqual({ found: false, message: "This slide is not converted yet." });
  });
});

describe("recovering from a server that stopped mid-import", () => {
  it("marks imports left CONVERTING as FAILED and empties the staging area", async () => {
    const stuck = await f.db.slide.create({
      data: { patientId: f.patientA.id, ...meta, format: "APERIO_SVS", widthPx: 10, heightPx: 10, acquiredAt: new Date(), importStatus: "CONVERTING", importProgress: 0.4 },
    });
    const halfWritten = path.join(slideStoreRoot(), ".staging", `${stuck.id}-abc`);
    mkdirSync(path.join(halfWritten, "slide_files", "3"), { recursive: true });
    writeFileSync(path.join(halfWritten, "slide_files", "3", "0_0.jpeg"), "partial");

    expect(await recoverInterruptedImports(database.prisma)).toBe(1);
    expect(await f.db.slide.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ importStatus: "FAILED", importError: INTERRUPTED_IMPORT });
    expect(storeContents().staging).toEqual([]);
    expect(await f.db.slide.count({ where: { importStatus: "READY" } })).toBeGreaterThan(0);
  });
});
