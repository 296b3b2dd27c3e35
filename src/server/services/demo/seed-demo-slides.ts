import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { readAperioSvsHeader, readDicomWsiHeader } from "@/integrations/pathology/read-slide-header";
import type { Actor } from "../db-types";
import { importSlide } from "../slides/import-slide";
import type { DemoImagingOptions } from "./seed-demo-types";

const dicomDate = (iso: string | null, fallback: Date) => (iso ? new Date(`${iso}T00:00:00Z`) : fallback);

/**
 * The demo's H&E slide, as Aperio SVS for the LIDC patient and as DICOM WSI for the liver patient, imported through
 * the slide import service so both really open in the viewer (the SVS is converted to a Deep Zoom pyramid, the DICOM
 * WSI is stored and served from its frames).
 */
export async function seedDemoSlides(db: PrismaClient, options: DemoImagingOptions): Promise<number> {
  if (!options.sharedDir) return 0;
  return seedSlides(db, options.sharedDir, options);
}

/** The demo's pathologist imports the slides (the radiologist when there is none). */
async function importer(db: PrismaClient, options: DemoImagingOptions): Promise<Actor> {
  const pathologist = await db.user.findFirst({ where: { specialty: "PATHOLOGY", active: true }, select: { id: true, email: true } });
  return pathologist ?? db.user.findUniqueOrThrow({ where: { id: options.radiologistId }, select: { id: true, email: true } });
}

async function seedSlides(db: PrismaClient, sharedDir: string, options: DemoImagingOptions) {
  let count = 0;
  const actor = await importer(db, options);
  const lungPatient = options.patients.get("LIDC-IDRI-0001");
  if (lungPatient) {
    const file = path.join(sharedDir, "pathology", "cmu-1-small-region.svs");
    const svs = await readAperioSvsHeader(file);
    const scanned = svs.properties.Date ? new Date(`${svs.properties.Date} ${svs.properties.Time ?? ""}`) : options.now;
    await importSlide(db, actor, {
      patientId: lungPatient,
      source: { path: file },
      label: "Core biopsy A1",
      specimen: "Left lower lobe, CT-guided core biopsy",
      stain: "H&E",
      acquiredAt: Number.isNaN(scanned.getTime()) ? options.now : scanned,
    });
    count += 1;
  }
  const liverPatient = options.patients.get("99000");
  if (liverPatient) {
    const folder = path.join(sharedDir, "pathology", "cmu-1-small-region-dicom-wsi");
    const wsi = await readDicomWsiHeader(folder);
    await importSlide(db, actor, {
      patientId: liverPatient,
      source: { path: folder },
      label: "Liver biopsy B1",
      specimen: wsi.specimenDescription ?? "Liver segment VI, core biopsy",
      // The DICOM WSI sample carries no staining information; the slide is the H&E CMU-1 section.
      stain: wsi.stain ?? "H&E",
      acquiredAt: dicomDate(wsi.studyDate, options.now),
    });
    count += 1;
  }
  return count;
}
