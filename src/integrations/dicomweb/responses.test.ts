import { describe, expect, it } from "vitest";
import { FAILURE_REASON, studyToDicomJson, stowResponseToDicomJson } from "./responses";

describe("QIDO and STOW answers", () => {
  it("writes study attributes as DICOM JSON, leaving empty ones without Value", () => {
    const json = studyToDicomJson({
      studyInstanceUid: "1.2.3",
      studyDate: "2000-01-01",
      accessionNumber: null,
      modalities: ["CT", "SEG"],
      description: "",
      patientName: "Lindqvist^Harald",
      patientId: "LIDC-IDRI-0001",
      patientBirthDate: "1951-03-14",
      patientSex: "M",
      numberOfSeries: 2,
      numberOfInstances: 134,
      retrieveUrl: "/api/dicomweb/studies/1.2.3",
    });
    expect(json["00080020"]).toEqual({ vr: "DA", Value: ["20000101"] });
    expect(json["00080050"]).toEqual({ vr: "SH" });
    expect(json["00080061"]).toEqual({ vr: "CS", Value: ["CT", "SEG"] });
    expect(json["00100010"]).toEqual({ vr: "PN", Value: [{ Alphabetic: "Lindqvist^Harald" }] });
    expect(json["00201208"]).toEqual({ vr: "IS", Value: [134] });
  });

  it("lists stored and failed instances of a STOW request", () => {
    const json = stowResponseToDicomJson({
      referenced: [{ sopClassUid: "1.2.840.10008.5.1.4.1.1.2", sopInstanceUid: "1.2.3.4", retrieveUrl: "/x" }],
      failed: [{ failureReason: FAILURE_REASON.CANNOT_UNDERSTAND }],
    });
    expect(json["00081199"]?.Value).toEqual([
      { "00081150": { vr: "UI", Value: ["1.2.840.10008.5.1.4.1.1.2"] }, "00081155": { vr: "UI", Value: ["1.2.3.4"] }, "00081190": { vr: "UR", Value: ["/x"] } },
    ]);
    expect(json["00081198"]?.Value).toEqual([{ "00081150": { vr: "UI" }, "00081155": { vr: "UI" }, "00081197": { vr: "US", Value: [0xc000] } }]);
  });
});
