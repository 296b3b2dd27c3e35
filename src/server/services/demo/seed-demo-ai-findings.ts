import { readFile } from "node:fs/promises";
import path from "node:path";
import type { PrismaClient } from "@/generated/prisma/client";
import { readSegmentationSummary } from "@/integrations/dicom/read-segmentation-summary";
import { importFindings } from "../findings/import-findings";
import type { DemoImagingOptions, DemoStudies } from "./seed-demo-types";

const dicomDate = (iso: string | null, fallback: Date) => (iso ? new Date(`${iso}T00:00:00Z`) : fallback);

/** AI results of the demo: the dcmqi SEG objects as findings, and highdicom's TID 1500 measurement reports imported as AI findings. */
export async function seedDemoAiFindings(db: PrismaClient, studies: DemoStudies, options: DemoImagingOptions): Promise<number> {
  if (!options.sharedDir) return 0;
  const segmentations = await seedSegmentations(db, options.sharedDir, studies, options);
  return segmentations + (await seedMeasurementReports(db, options.sharedDir, studies));
}

// The demo imports as the system, not as one of its users: the audit log says so.
const SEED_ACTOR = { id: null, email: "demo-seed" } as const;

/** The two highdicom SRs, about patient 1CT1's CT, through the same import the users have. */
async function seedMeasurementReports(db: PrismaClient, sharedDir: string, studies: DemoStudies) {
  let count = 0;
  for (const file of ["sr_document.dcm", "sr_document_with_multiple_groups.dcm"]) {
    const relative = path.join("highdicom-tid1500", file);
    const registered = [...studies.values()].some((s) => s.imagingStudyId && s.summary.files.some((f) => f.path.endsWith(relative)));
    if (!registered) continue;
    const bytes = await readFile(path.join(sharedDir, "ai-results", relative));
    count += (await importFindings(db, SEED_ACTOR, { kind: "sr", bytes })).created;
  }
  return count;
}

async function seedSegmentations(db: PrismaClient, sharedDir: string, studies: DemoStudies, options: DemoImagingOptions) {
  let count = 0;
  for (const file of ["seg-liver.dcm", "seg-partial-overlaps.dcm"]) {
    const bytes = await readFile(path.join(sharedDir, "radiology", "dcmqi-ct-liver", file));
    const seg = readSegmentationSummary(bytes);
    const study = [...studies.values()].find((s) => s.summary.files.some((f) => f.path.endsWith(path.join("dcmqi-ct-liver", file))));
    if (!study?.imagingStudyId) continue;
    const segFile = study.summary.files.find((f) => f.path.endsWith(path.join("dcmqi-ct-liver", file)))!;
    await db.finding.create({
      data: {
        patientId: study.patientId,
        source: "AI",
        algorithmName: seg.segments.find((s) => s.algorithmName)?.algorithmName ?? (seg.manufacturer || "dcmqi"),
        algorithmVersion: seg.softwareVersions || null,
        kind: seg.seriesDescription || "Segmentation",
        description: `DICOM SEG, ${seg.segments.length} segment(s): ${seg.segments.map((s) => s.label).join(", ")}; ${seg.numberOfFrames} frames`,
        imagingStudyId: study.imagingStudyId,
        seriesInstanceUid: segFile.seriesInstanceUid,
        sopInstanceUid: segFile.sopInstanceUid,
        observedAt: dicomDate(seg.contentDate ?? study.summary.studyDate, options.now),
      },
    });
    count += 1;
  }
  return count;
}
