import { randomInt } from "node:crypto";
import { buildDicomFile, type DicomElementSpec } from "@/integrations/dicom/test-support/build-dicom";

/** A fresh UID under the UUID-derived root 2.25 (PS3.5 B.2). */
export function newUid(): string {
  return `2.25.${randomInt(1, 2 ** 47)}${randomInt(0, 2 ** 47)}`;
}

export interface SyntheticImage {
  patientId: string;
  /** DICOM PN, "Family^Given". */
  patientName?: string;
  /** YYYYMMDD; by default 19600101, the birth date of the test fixture's patients ("" for none). */
  birthDate?: string;
  study: string;
  series: string;
  sop?: string;
  modality?: string;
  studyDate?: string;
  instanceNumber?: number;
  rows?: number;
  columns?: number;
  frames?: number;
  transferSyntaxUid?: string;
  /** The stored value of each pixel (HU + 1024); by default a ramp. */
  pixel?: (row: number, column: number) => number;
}

/** A small 16-bit CT-like image (explicit VR little endian) with a ramp of values, for import tests. */
export function syntheticImage(spec: SyntheticImage): { bytes: Uint8Array; sop: string } {
  const sop = spec.sop ?? newUid();
  const rows = spec.rows ?? 4;
  const columns = spec.columns ?? 4;
  const frames = spec.frames ?? 1;
  const pixels = new Uint8Array(rows * columns * frames * 2);
  const view = new DataView(pixels.buffer);
  for (let i = 0; i < rows * columns * frames; i++) view.setUint16(i * 2, spec.pixel ? spec.pixel(Math.floor(i / columns) % rows, i % columns) : i * 10, true);
  const elements: DicomElementSpec[] = [
    { tag: 0x00080016, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.2" },
    { tag: 0x00080018, vr: "UI", value: sop },
    { tag: 0x00080020, vr: "DA", value: spec.studyDate ?? "20240115" },
    { tag: 0x00080060, vr: "CS", value: spec.modality ?? "CT" },
    { tag: 0x00081030, vr: "LO", value: "CT chest" },
    { tag: 0x0008103e, vr: "LO", value: "Axial 1 mm" },
    { tag: 0x00100010, vr: "PN", value: spec.patientName ?? "" },
    { tag: 0x00100020, vr: "LO", value: spec.patientId },
    { tag: 0x00100030, vr: "DA", value: spec.birthDate ?? "19600101" },
    { tag: 0x0020000d, vr: "UI", value: spec.study },
    { tag: 0x0020000e, vr: "UI", value: spec.series },
    { tag: 0x00200011, vr: "IS", value: "1" },
    { tag: 0x00200013, vr: "IS", value: String(spec.instanceNumber ?? 1) },
    { tag: 0x00280002, vr: "US", value: [1] },
    { tag: 0x00280004, vr: "CS", value: "MONOCHROME2" },
    ...(frames > 1 ? [{ tag: 0x00280008, vr: "IS", value: String(frames) }] : []),
    { tag: 0x00280010, vr: "US", value: [rows] },
    { tag: 0x00280011, vr: "US", value: [columns] },
    { tag: 0x00280100, vr: "US", value: [16] },
    { tag: 0x00280101, vr: "US", value: [12] },
    { tag: 0x00280102, vr: "US", value: [11] },
    { tag: 0x00280103, vr: "US", value: [0] },
    { tag: 0x00281050, vr: "DS", value: "40" },
    { tag: 0x00281051, vr: "DS", value: "400" },
    { tag: 0x00281052, vr: "DS", value: "-1024" },
    { tag: 0x00281053, vr: "DS", value: "1" },
    { tag: 0x7fe00010, vr: "OW", value: pixels },
  ];
  return { bytes: buildDicomFile(elements, { transferSyntaxUid: spec.transferSyntaxUid }), sop };
}
