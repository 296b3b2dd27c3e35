/**
 * DICOMDIR (PS3.10 media directory) of a patient CD or USB stick: which patients and studies the medium holds, and
 * which files belong to each. Runs in the browser, so that a folder with several patients can be split per patient
 * before anything is uploaded.
 */
import type { DataSet } from "dicom-parser";
import { dicomParser } from "@/integrations/dicomweb/dicom-parser";

export interface DicomdirStudy {
  studyInstanceUid: string;
  studyDate: string | null;
  description: string;
  modalities: string[];
  /** Referenced files, relative to the DICOMDIR's folder, with "/" separators. */
  files: string[];
}

export interface DicomdirPatient {
  patientId: string;
  /** "Family, Given" */
  patientName: string;
  birthDate: string | null;
  studies: DicomdirStudy[];
}

const RECORD_SEQUENCE = "x00041220";
const FIRST_RECORD = "x00041200";
const NEXT_RECORD = "x00041400";
const LOWER_RECORD = "x00041420";
const RECORD_TYPE = "x00041430";
const FILE_ID = "x00041500";

const dicomDate = (value: string | undefined) => (value && /^\d{8}$/.test(value.trim()) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : null);
const personName = (value: string | undefined) =>
  (value ?? "")
    .trim()
    .replace(/\^+$/, "")
    .split("^")
    .filter(Boolean)
    .join(", ");

interface DirRecord {
  type: string;
  data: DataSet;
  next: number;
  lower: number;
}

/** The patients, studies and files a DICOMDIR lists. @throws Error when the file is not a readable DICOMDIR. */
export function readDicomdir(bytes: Uint8Array): DicomdirPatient[] {
  let dataSet: DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes);
  } catch {
    throw new Error("The DICOMDIR file could not be read.");
  }
  const items = dataSet.elements[RECORD_SEQUENCE]?.items ?? [];
  if (items.length === 0) throw new Error("The DICOMDIR lists no images.");
  const records = items.map((item): DirRecord => {
    const data = item.dataSet!;
    return { type: (data.string(RECORD_TYPE) ?? "").trim().toUpperCase(), data, next: data.uint32(NEXT_RECORD) ?? 0, lower: data.uint32(LOWER_RECORD) ?? 0 };
  });
  // Records point at each other by the byte offset of their item tag in the file.
  const byOffset = new Map(items.map((item, i) => [item.dataOffset - 8, records[i]!]));
  const first = dataSet.uint32(FIRST_RECORD) ?? 0;
  const linked = first > 0 && byOffset.has(first);

  const patients: DicomdirPatient[] = [];
  const visit = (record: DirRecord, patient: DicomdirPatient | null, study: DicomdirStudy | null) => {
    const d = record.data;
    if (record.type === "PATIENT") {
      patient = { patientId: (d.string("x00100020") ?? "").trim(), patientName: personName(d.string("x00100010")), birthDate: dicomDate(d.string("x00100030")), studies: [] };
      patients.push(patient);
      study = null;
    } else if (record.type === "STUDY" && patient) {
      study = { studyInstanceUid: (d.string("x0020000d") ?? "").trim(), studyDate: dicomDate(d.string("x00080020")), description: (d.string("x00081030") ?? "").trim(), modalities: [], files: [] };
      patient.studies.push(study);
    } else if (record.type === "SERIES" && study) {
      const modality = (d.string("x00080060") ?? "").trim();
      if (modality && !study.modalities.includes(modality)) study.modalities.push(modality);
    } else if (study) {
      const file = d.string(FILE_ID);
      if (file) study.files.push(file.trim().split("\\").filter(Boolean).join("/"));
    }
    return { patient, study };
  };

  if (linked) {
    // Walk the tree: each level is a chain of "next" records; "lower" goes one level down.
    const seen = new Set<number>();
    const walk = (offset: number, patient: DicomdirPatient | null, study: DicomdirStudy | null) => {
      while (offset > 0 && !seen.has(offset)) {
        seen.add(offset);
        const record = byOffset.get(offset);
        if (!record) break;
        const here = visit(record, patient, study);
        if (record.lower) walk(record.lower, here.patient, here.study);
        offset = record.next;
      }
    };
    walk(first, null, null);
  } else {
    // Without usable offsets, records come in depth-first order on every medium we have seen.
    let patient: DicomdirPatient | null = null;
    let study: DicomdirStudy | null = null;
    for (const record of records) ({ patient, study } = visit(record, patient, study));
  }
  return patients.filter((p) => p.studies.some((s) => s.files.length > 0));
}

/** Finds the picked file a DICOMDIR reference names (CD file systems differ in letter case). */
export function resolveDicomdirFile<T extends { path: string }>(files: readonly T[], dicomdirPath: string, reference: string): T | undefined {
  const folder = dicomdirPath.includes("/") ? dicomdirPath.slice(0, dicomdirPath.lastIndexOf("/") + 1) : "";
  const wanted = `${folder}${reference}`.toLowerCase();
  return files.find((f) => f.path.toLowerCase() === wanted);
}
