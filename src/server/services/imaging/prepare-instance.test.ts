import { describe, expect, it } from "vitest";
import { newUid, syntheticImage } from "@/integrations/dicomweb/test-support/synthetic-image";
import { FAILURE_REASON } from "@/integrations/dicomweb/responses";
import { prepareInstance } from "./prepare-instance";

describe("prepareInstance", () => {
  it("refuses a file whose PatientName is longer than DICOM allows, naming the attribute", () => {
    const file = syntheticImage({ patientId: "A-1", patientName: "N".repeat(10_000), study: newUid(), series: newUid() });
    expect(prepareInstance("long-name.dcm", file.bytes, 1024 * 1024)).toEqual({
      ok: false,
      reason: "The file's PatientName (0010,0010) is 10,000 characters long; DICOM allows at most 64 per name component group (PN). The file was not imported: please correct it at its source.",
      failureReason: FAILURE_REASON.CANNOT_UNDERSTAND,
    });
  });

  it("prepares a file within the limits: 64 characters in the alphabetic group, components and carets included", () => {
    const file = syntheticImage({ patientId: "A-1", patientName: `${"N".repeat(50)}^${"G".repeat(13)}`, study: newUid(), series: newUid() });
    expect(prepareInstance("ok.dcm", file.bytes, 1024 * 1024).ok).toBe(true);
  });
});
