import type { PrismaClient } from "@/generated/prisma/client";
import { dicomJsonString, PacsUnavailableError, searchStudies, type DicomJson } from "@/integrations/pacs/pacs-client";
import type { PacsConfig } from "@/integrations/pacs/pacs-config";
import type { Actor } from "../db-types";
import { ServiceError } from "../errors";
import { recordAudit } from "../audit/record-audit";

export interface PacsSyncResult {
  added: number;
  alreadyKnown: number;
  /** Studies filed under the patient's MRN whose name or birth date disagrees: shown, never attached. */
  mismatched: { studyInstanceUid: string; reason: string }[];
}

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z]/gi, "").toLowerCase();
const dicomDate = (value: string) => (/^\d{8}$/.test(value) ? `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}` : null);

/**
 * Finds the patient's studies in the site's PACS (QIDO-RS by Patient ID = MRN) and lists them on the patient's
 * timeline as external studies; their images stay in the PACS and are fetched through the proxy when viewed.
 */
export async function syncPatientStudiesFromPacs(db: PrismaClient, actor: Actor, pacs: PacsConfig | null, patientId: string): Promise<PacsSyncResult> {
  if (!pacs) throw new ServiceError("BAD_REQUEST", "No external PACS is configured at this site.");
  const patient = await db.patient.findUniqueOrThrow({ where: { id: patientId } });
  let found: DicomJson[];
  try {
    found = await searchStudies(pacs, {
      PatientID: patient.mrn,
      includefield: "StudyDescription,ModalitiesInStudy,NumberOfStudyRelatedSeries,NumberOfStudyRelatedInstances,PatientName,PatientBirthDate,AccessionNumber,StudyDate",
    });
  } catch (error) {
    if (error instanceof PacsUnavailableError) throw new ServiceError("SERVICE_UNAVAILABLE", error.message);
    throw error;
  }

  const result: PacsSyncResult = { added: 0, alreadyKnown: 0, mismatched: [] };
  for (const study of found) {
    const studyInstanceUid = dicomJsonString(study, "0020000D");
    // QIDO matching can be fuzzy on some servers: only the exact Patient ID counts.
    if (!studyInstanceUid || dicomJsonString(study, "00100020") !== patient.mrn) continue;
    const family = dicomJsonString(study, "00100010").split("^")[0] ?? "";
    const birth = dicomDate(dicomJsonString(study, "00100030"));
    const reasons = [
      family && fold(family) !== fold(patient.familyName) ? "the family name differs" : null,
      birth && birth !== patient.birthDate.toISOString().slice(0, 10) ? "the birth date differs" : null,
    ].filter(Boolean);
    if (reasons.length > 0) {
      result.mismatched.push({ studyInstanceUid, reason: `Patient ID matches but ${reasons.join(" and ")}.` });
      continue;
    }
    const known = await db.imagingStudy.findUnique({ where: { studyInstanceUid }, select: { id: true } });
    if (known) {
      result.alreadyKnown += 1;
      continue;
    }
    const date = dicomDate(dicomJsonString(study, "00080020"));
    await db.imagingStudy.create({
      data: {
        patientId: patient.id,
        studyInstanceUid,
        modality: (study["00080061"]?.Value ?? []).map(String).filter((m) => m !== "SR" && m !== "SEG")[0] ?? "OT",
        studyDate: date ? new Date(`${date}T00:00:00Z`) : new Date(),
        description: dicomJsonString(study, "00081030"),
        accessionNumber: dicomJsonString(study, "00080050") || null,
        numberOfSeries: Number(dicomJsonString(study, "00201206") || 0),
        numberOfInstances: Number(dicomJsonString(study, "00201208") || 0),
        source: "DICOMWEB",
      },
    });
    result.added += 1;
  }
  await recordAudit(db, actor, { action: "pacs.sync", entityType: "Patient", entityId: patient.id, patientId: patient.id, detail: { ...result, mismatched: result.mismatched.length } });
  return result;
}
