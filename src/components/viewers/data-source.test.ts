import { describe, expect, it } from "vitest";
import { dicomwebBaseOf, seriesFromQido, thumbnailUrlOf, toStudyChoice } from "./data-source";

describe("the viewer's data source", () => {
  it("serves built-in studies from the app's store and PACS studies through the proxy", () => {
    expect(dicomwebBaseOf("BUILT_IN")).toBe("/api/dicomweb");
    expect(dicomwebBaseOf("DICOMWEB")).toBe("/api/pacs");
  });

  it("turns a study into the viewer's input with the caller's date format", () => {
    const choice = toStudyChoice(
      {
        studyInstanceUid: "1.2.3",
        source: "DICOMWEB",
        studyDate: new Date("2026-03-01T00:00:00Z"),
        modality: "CT",
        description: "Chest",
        series: [{ seriesInstanceUid: "1.2.3.4", modality: "CT", description: "Axial", numberOfInstances: 133, extra: true } as never],
      },
      () => "1 Mar 2026",
    );
    expect(choice).toEqual({
      studyInstanceUid: "1.2.3",
      dicomwebBase: "/api/pacs",
      dateLabel: "1 Mar 2026",
      modality: "CT",
      description: "Chest",
      series: [{ seriesInstanceUid: "1.2.3.4", modality: "CT", description: "Axial", numberOfInstances: 133 }],
    });
    expect(thumbnailUrlOf(choice, "1.2.3.4")).toBe("/api/pacs/studies/1.2.3/series/1.2.3.4/thumbnail");
  });

  it("reads QIDO-RS series rows, with a missing count as zero", () => {
    expect(
      seriesFromQido([
        { "0020000E": { Value: ["9.8"] }, "00080060": { Value: ["SR"] }, "0008103E": { Value: ["Report"] } },
        { "0020000E": { Value: ["9.9"] }, "00080060": { Value: ["CT"] }, "00201209": { Value: [42] } },
      ]),
    ).toEqual([
      { seriesInstanceUid: "9.8", modality: "SR", description: "Report", numberOfInstances: 0 },
      { seriesInstanceUid: "9.9", modality: "CT", description: "", numberOfInstances: 42 },
    ]);
  });
});
