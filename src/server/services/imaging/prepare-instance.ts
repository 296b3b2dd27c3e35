/** One incoming file checked and described: DICOM header, identifiers, patient fields and its WADO-RS metadata. */
import type { DicomPatient } from "@/domain/patient-matching/match-patient";
import { DicomParseError, headerFromDataSet, parseDicomDataSet, readDicomString, type DicomInstanceHeader } from "@/integrations/dicom/read-dicom-header";
import { findValueLengthViolation } from "@/integrations/dicom/value-lengths";
import { buildDicomJson, type DicomJson } from "@/integrations/dicomweb/dicom-json";
import { FAILURE_REASON } from "@/integrations/dicomweb/responses";
import { isNativeTransferSyntax, isSupportedTransferSyntax, TS } from "@/integrations/dicomweb/transfer-syntax";
import { isValidUid } from "@/integrations/dicomweb/uid";
import { pixelDataUrl } from "@/integrations/dicomweb/urls";
import { formatBytes } from "./image-store";

export interface PreparedInstance {
  name: string;
  bytes: Uint8Array;
  header: DicomInstanceHeader;
  dicomPatient: DicomPatient;
  /** DICOM JSON of the header, pixel data as a BulkDataURI. */
  metadata: DicomJson;
}

export type Preparation = { ok: true; instance: PreparedInstance } | { ok: false; reason: string; failureReason: number };

const refuse = (reason: string, failureReason: number = FAILURE_REASON.CANNOT_UNDERSTAND): Preparation => ({ ok: false, reason, failureReason });

export function tooLarge(limit: number): Preparation {
  return refuse(`The file is larger than the upload limit of ${formatBytes(limit)} (CONCILIUM_MAX_UPLOAD_BYTES).`, FAILURE_REASON.OUT_OF_RESOURCES);
}

export function prepareInstance(name: string, bytes: Uint8Array, maxBytes: number): Preparation {
  if (bytes.length > maxBytes) return tooLarge(maxBytes);
  let header: DicomInstanceHeader;
  let metadata: DicomJson;
  let patientName: string;
  try {
    const dataSet = parseDicomDataSet(bytes);
    header = headerFromDataSet(dataSet);
    if (!isSupportedTransferSyntax(header.transferSyntaxUid)) {
      return refuse(
        `Unsupported transfer syntax ${header.transferSyntaxUid || "(none)"}: Concilium stores uncompressed, deflated, RLE, JPEG, JPEG-LS and JPEG 2000 images.`,
        FAILURE_REASON.TRANSFER_SYNTAX_NOT_SUPPORTED,
      );
    }
    const invalid = (
      [
        ["StudyInstanceUID", header.studyInstanceUid],
        ["SeriesInstanceUID", header.seriesInstanceUid],
        ["SOPInstanceUID", header.sopInstanceUid],
      ] as const
    ).find(([, uid]) => !isValidUid(uid));
    if (invalid) return refuse(`The file's ${invalid[0]} is missing or not a valid DICOM UID.`);
    const tooLong = findValueLengthViolation(dataSet);
    if (tooLong) return refuse(tooLong.message);
    metadata = buildDicomJson(dataSet, { pixelDataUri: pixelDataUrl(header.studyInstanceUid, header.seriesInstanceUid, header.sopInstanceUid) });
    // What the frames are delivered as: native pixel data always as Explicit VR Little Endian.
    metadata["00083002"] = { vr: "UI", Value: [isNativeTransferSyntax(header.transferSyntaxUid) ? TS.EXPLICIT_LITTLE : header.transferSyntaxUid] };
    patientName = readDicomString(dataSet, "x00100010") ?? "";
  } catch (error) {
    if (error instanceof DicomParseError) return refuse(error.message);
    return refuse("The file could not be read as DICOM.");
  }
  return {
    ok: true,
    instance: {
      name,
      bytes,
      header,
      dicomPatient: { patientId: header.patientId, patientName, birthDate: header.patientBirthDate },
      metadata,
    },
  };
}
