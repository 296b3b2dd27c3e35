import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { readAperioSvsHeader, readDicomWsiHeader } from "@/integrations/pathology/read-slide-header";
import type { DemoImagingOptions } from "./seed-demo-types";

const dicomDate = (iso: string | null, fallback: Date) => (iso ? new Date(`${iso}T00:00:00Z`) : fallback);

/** The demo's H&E slide, as Aperio SVS for the LIDC patient and as DICOM WSI for the liver patient. */
export async function seedDemoSlides(db: PrismaClient, options: DemoImagingOptions): Promise<number> {
  if (!options.sharedDir) return 0;
  return seedSlides(db, options.sharedDir, options);
}

async function seedSlides(db: PrismaClient, sharedDir: string, options: DemoImagingOptions) {
  let count = 0;
  const lungPatient = options.patients.get("LIDC-IDRI-0001");
  if (lungPatient) {
    const svs = await readAperioSvsHeader(path.join(sharedDir, "pathology", "cmu-1-small-region.svs"));
    const scanned = svs.properties.Date ? new Date(`${svs.properties.Date} ${svs.properties.Time ?? ""}`) : options.now;
    await db.slide.create({
      data: {
        patientId: lungPatient,
        label: "Core biopsy A1",
        specimen: "Right upper lobe, CT-guided core biopsy",
        stain: "H&E",
        format: "APERIO_SVS",
        widthPx: svs.widthPx,
        heightPx: svs.heightPx,
        micronsPerPixel: svs.micronsPerPixel,
        acquiredAt: Number.isNaN(scanned.getTime()) ? options.now : scanned,
      },
    });
    count += 1;
  }
  const liverPatient = options.patients.get("99000");
  if (liverPatient) {
    const wsi = await readDicomWsiHeader(path.join(sharedDir, "pathology", "cmu-1-small-region-dicom-wsi"));
    await db.slide.create({
      data: {
        patientId: liverPatient,
        label: "Liver biopsy B1",
        specimen: wsi.specimenDescription ?? "Liver segment VI, core biopsy",
        // The DICOM WSI sample carries no staining information; the slide is the H&E CMU-1 section.
        stain: wsi.stain ?? "H&E",
        format: "DICOM_WSI",
        widthPx: wsi.widthPx,
        heightPx: wsi.heightPx,
        micronsPerPixel: wsi.micronsPerPixel,
        seriesInstanceUid: wsi.seriesInstanceUid,
        acquiredAt: dicomDate(wsi.studyDate, options.now),
      },
    });
    count += 1;
  }
  return count;
}
