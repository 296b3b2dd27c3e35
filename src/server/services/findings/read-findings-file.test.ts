import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "@/integrations/demo-data/locate-demo-data";
import { ServiceError } from "../errors";
import { readFindingsFile } from "./read-findings-file";

const srBytes = () => readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", "sr_document.dcm"]));
const segBytes = () => readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "seg-liver.dcm"]));

/** Replaces an ASCII string by another of the same length, so the DICOM lengths stay right. */
function replaceAscii(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const needle = Buffer.from(from, "latin1");
  const at = Buffer.from(copy.buffer).indexOf(needle);
  if (at < 0 || from.length !== to.length) throw new Error(`cannot replace ${from}`);
  copy.set(Buffer.from(to, "latin1"), at);
  return copy;
}

function refusalOf(run: () => unknown): ServiceError {
  try {
    run();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("readFindingsFile", () => {
  it("makes a device observer's SR into AI findings", () => {
    const file = readFindingsFile("sr", srBytes());
    expect(file).toMatchObject({ kind: "sr", patientMrn: "1CT1", target: { study: "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322" } });
    expect(file.findings[0]).toMatchObject({ source: "AI", algorithmName: "Manufacturer", trackingId: "Planar ROI Measurements" });
  });

  it("keeps the regions drawn on images (SCOORD) for the viewer, and leaves out 3D points it cannot place on an image", () => {
    const multiple = readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", "sr_document_with_multiple_groups.dcm"]));
    const file = readFindingsFile("sr", multiple);
    const byTracking = (id: string) => file.findings.find((f) => f.trackingId === id)!;
    const nodule = byTracking("LungNodule0001");
    expect(nodule.imageRegions).toEqual([{ sopInstanceUid: nodule.sopInstanceUid, graphicType: "CIRCLE", points: [45, 55, 45, 65] }]);
    expect(byTracking("Aorta0001").imageRegions).toEqual([{ sopInstanceUid: nodule.sopInstanceUid, graphicType: "POLYLINE", points: [25, 45, 45, 45, 45, 65, 25, 65] }]);
    expect(byTracking("Vertebra0001").imageRegions).toEqual([]);
  });

  it("makes a person's SR into a person's findings, naming the observer", () => {
    // The same report with its device observer turned into a second person's role: Observer Type Device -> Person, Device Observer UID -> a person's role.
    const personal = replaceAscii(replaceAscii(srBytes(), "121007", "121006"), "121012", "121010");
    const [finding] = readFindingsFile("sr", personal).findings;
    expect(finding).toMatchObject({ source: "PERSON", algorithmName: null, algorithmVersion: null });
    expect(finding?.description).toMatch(/Reported by Foo\.$/);
  });

  it("says what a file is when it is not the kind chosen", () => {
    expect(refusalOf(() => readFindingsFile("sr", segBytes())).message).toBe("This file is a segmentation (SEG), not a structured report (SR) with measurements.");
    expect(refusalOf(() => readFindingsFile("seg", srBytes())).message).toBe("This file is a structured report (SR), not a segmentation (SEG).");
    expect(refusalOf(() => readFindingsFile("seg", new TextEncoder().encode("{}".repeat(100)))).message).toBe("Not a DICOM file: no 'DICM' preamble. Is it a DICOM SEG?");
    const json = refusalOf(() => readFindingsFile("json", srBytes()));
    expect(json.code).toBe("BAD_REQUEST");
    expect(json.message).toMatch(/^The findings file cannot be imported: the file is not valid JSON/);
  });
});
