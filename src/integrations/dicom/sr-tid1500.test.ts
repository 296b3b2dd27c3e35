import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { DicomParseError } from "./read-dicom-header";
import { parseTid1500, StructuredReportError, UnsupportedSrTemplateError, type Tid1500Report } from "./sr-tid1500";
import { buildDicomFile, type DicomElementSpec } from "./test-support/build-dicom";

const highdicom = (file: string) => readFileSync(sharedDemoDataPath(["ai-results", "highdicom-tid1500", file]));

const STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
const CT_SERIES = "1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322";
const CT_IMAGE = "1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322";
const CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2";
const code = (code: string, scheme: string, meaning: string) => ({ code, scheme, meaning });

describe("parseTid1500 on highdicom's single-group report", () => {
  const report = parseTid1500(highdicom("sr_document.dcm"));

  it("reads the document, its patient, study and observers", () => {
    expect(report).toMatchObject({
      sopClassUid: "1.2.840.10008.5.1.4.1.1.88.34",
      sopInstanceUid: "1.2.826.0.1.3680043.8.498.12500540403961614496073712695169989061",
      seriesInstanceUid: CT_SERIES,
      studyInstanceUid: STUDY,
      patientId: "1CT1",
      documentTitle: code("126000", "DCM", "Imaging Measurement Report"),
      observedAt: "2019-03-17T17:33:15Z",
      completionFlag: "PARTIAL",
      verificationFlag: "UNVERIFIED",
      personObservers: ["Foo"],
      deviceObservers: [{ uid: "1.2.826.0.1.3680043.8.498.21942475928007893653780457882384425166", name: null, manufacturer: null, modelName: null }],
      equipment: { manufacturer: "Manufacturer", modelName: null, softwareVersions: null },
      procedureReported: [code("25045-6", "LN", "CT unspecified body region")],
      imageLibrary: [],
      evaluations: [],
    });
  });

  it("reads the planar ROI group: finding, site with its modifier, area with its evaluations, and the source image", () => {
    expect(report.measurementGroups).toHaveLength(1);
    const group = report.measurementGroups[0]!;
    expect(group).toMatchObject({
      templateId: null,
      trackingId: "Planar ROI Measurements",
      trackingUid: "1.2.826.0.1.3680043.8.498.95005499519195632686309166061552196996",
      finding: code("T-A7010", "SRT", "Spinal cord"),
      findingSite: code("T-D00F7", "SRT", "Cervico-thoracic spine"),
      findingSiteModifiers: [code("T-11531", "SRT", "Vertebral foramen")],
      algorithm: null,
      evaluations: [],
    });
    expect(group.measurements).toEqual([
      {
        concept: code("G-A16A", "SRT", "Area of defined region"),
        value: 1.7,
        unit: code("cm2", "UCUM", "square centimeter"),
        trackingUid: "1.2.826.0.1.3680043.8.498.80512978961795763786957351072754445307",
        evaluations: [
          { concept: code("121402", "DCM", "Normality"), value: code("G-A460", "SRT", "Normal"), text: null },
          { concept: code("121403", "DCM", "Level of Significance"), value: code("R-00345", "SRT", "Not significant"), text: null },
        ],
      },
    ]);
    const image = { sopClassUid: CT_STORAGE, sopInstanceUid: CT_IMAGE, seriesInstanceUid: CT_SERIES, frameNumbers: [], segmentNumbers: [], purpose: code("121324", "DCM", "Source Image") };
    expect(group.images).toEqual([image]);
    expect(group.regions).toEqual([{ kind: "SCOORD", graphicType: "CIRCLE", graphicData: [58, 52, 58, 41], image }]);
  });
});

describe("parseTid1500 on highdicom's report with four groups", () => {
  const report = parseTid1500(highdicom("sr_document_with_multiple_groups.dcm"));
  const group = (trackingId: string) => report.measurementGroups.find((g) => g.trackingId === trackingId)!;

  it("reads the observers, including a person name written as PNAME", () => {
    expect(report).toMatchObject({
      sopInstanceUid: "1.2.826.0.1.3680043.10.511.3.88061033799943655762803486145080506",
      seriesInstanceUid: "1.2.826.0.1.3680043.10.511.3.12844365707683420681097016214614630",
      studyInstanceUid: STUDY,
      patientId: "1CT1",
      observedAt: "2023-05-01T22:58:35Z",
      personObservers: ["Doe, John"],
      deviceObservers: [{ uid: "1.2.826.0.1.3680043.10.511.3.29899283304937342586225207155834162", name: null, manufacturer: null, modelName: null }],
    });
    expect(report.measurementGroups.map((g) => [g.templateId, g.trackingId])).toEqual([
      ["1501", "Image0001"],
      ["1410", "LungNodule0001"],
      ["1410", "Aorta0001"],
      ["1411", "Vertebra0001"],
    ]);
  });

  it("reads the image-level group: mean HU in UCUM [hnsf'U] and the anatomical position as an evaluation", () => {
    const image = group("Image0001");
    expect(image.trackingUid).toBe("1.2.826.0.1.3680043.10.511.3.77718622501224431322963356892468048");
    expect(image.finding).toBeNull();
    expect(image.measurements).toEqual([
      { concept: code("X6K6", "IBSI", "Intensity Histogram Mean"), value: -119.0738525390625, unit: code("[hnsf'U]", "UCUM", "Hounsfield Unit"), trackingUid: null, evaluations: [] },
    ]);
    expect(image.evaluations).toEqual([{ concept: code("51845000", "SCT", "Anatomical position (finding)"), value: code("243911007", "SCT", "Level of T4/T5 intervertebral disc"), text: null }]);
    expect(image.images).toEqual([{ sopClassUid: CT_STORAGE, sopInstanceUid: CT_IMAGE, seriesInstanceUid: CT_SERIES, frameNumbers: [], segmentNumbers: [], purpose: code("260753009", "SCT", "Source") }]);
  });

  it("reads the lung nodule: category, finding, site (SCT 363698007), 10 mm diameter, significance and circle", () => {
    const nodule = group("LungNodule0001");
    expect(nodule).toMatchObject({
      trackingUid: "1.2.826.0.1.3680043.10.511.3.11998155355995483197548907108234588",
      findingCategory: code("49755003", "SCT", "Morphologically Abnormal Structure"),
      finding: code("27925004", "SCT", "Nodule"),
      findingSite: code("39607008", "SCT", "Lung"),
      evaluations: [{ concept: code("121403", "DCM", "Level of Significance"), value: code("371928007", "SCT", "Not significant"), text: null }],
    });
    expect(nodule.measurements.map((m) => [m.concept.meaning, m.value, m.unit.code])).toEqual([["Diameter", 10, "mm"]]);
    expect(nodule.regions).toEqual([
      {
        kind: "SCOORD",
        graphicType: "CIRCLE",
        graphicData: [45, 55, 45, 65],
        image: { sopClassUid: CT_STORAGE, sopInstanceUid: CT_IMAGE, seriesInstanceUid: CT_SERIES, frameNumbers: [], segmentNumbers: [], purpose: code("111040", "DCM", "Original Source") },
      },
    ]);
  });

  it("reads the aorta's 20 mm diameter on a polyline and the vertebra's 200 mm3 volume at a 3D point", () => {
    const aorta = group("Aorta0001");
    expect(aorta.finding).toEqual(code("15825003", "SCT", "Aorta"));
    expect(aorta.findingSite).toBeNull();
    expect(aorta.measurements.map((m) => [m.concept.meaning, m.value, m.unit.code])).toEqual([["Diameter", 20, "mm"]]);
    expect(aorta.regions[0]).toMatchObject({ kind: "SCOORD", graphicType: "POLYLINE", graphicData: [25, 45, 45, 45, 45, 65, 25, 65] });

    const vertebra = group("Vertebra0001");
    expect(vertebra.finding).toEqual(code("51282000", "SCT", "Vertebra"));
    expect(vertebra.measurements).toEqual([
      { concept: code("118565006", "SCT", "Volume"), value: 200, unit: code("mm3", "UCUM", "cubic millimeter"), trackingUid: null, evaluations: [] },
    ]);
    expect(vertebra.regions).toHaveLength(1);
    const point = vertebra.regions[0]!;
    expect(point).toMatchObject({ kind: "SCOORD3D", graphicType: "POINT", frameOfReferenceUid: "1.3.6.1.4.1.5962.1.4.1.1.20040119072730.12322" });
    expect(point.graphicData.map((n) => Math.round(n * 10) / 10)).toEqual([123.5, 234.1, -23.7]);
    expect(vertebra.images).toEqual([
      { sopClassUid: CT_STORAGE, sopInstanceUid: CT_IMAGE, seriesInstanceUid: CT_SERIES, frameNumbers: [], segmentNumbers: [], purpose: code("121233", "DCM", "Source Image for Segmentation") },
    ]);
  });
});

// A small synthetic SR for what the real files do not contain: named devices, algorithm identification, frames.
const codeItem = (c: { code: string; scheme: string; meaning: string }): DicomElementSpec[] => [
  { tag: 0x00080100, vr: "SH", value: c.code },
  { tag: 0x00080102, vr: "SH", value: c.scheme },
  { tag: 0x00080104, vr: "LO", value: c.meaning },
];
const item = (relationship: string, valueType: string, concept: ReturnType<typeof code>, rest: DicomElementSpec[] = [], children: DicomElementSpec[][] = []): DicomElementSpec[] => [
  { tag: 0x0040a010, vr: "CS", value: relationship },
  { tag: 0x0040a040, vr: "CS", value: valueType },
  { tag: 0x0040a043, vr: "SQ", value: [codeItem(concept)] },
  ...rest,
  ...(children.length ? [{ tag: 0x0040a730, vr: "SQ", value: children }] : []),
];
const text = (concept: ReturnType<typeof code>, value: string, relationship = "HAS OBS CONTEXT") => item(relationship, "TEXT", concept, [{ tag: 0x0040a160, vr: "UT", value }]);
const codeValue = (relationship: string, concept: ReturnType<typeof code>, value: ReturnType<typeof code>) => item(relationship, "CODE", concept, [{ tag: 0x0040a168, vr: "SQ", value: [codeItem(value)] }]);

function syntheticSr(options: { templateId?: string | null; sopClassUid?: string; modality?: string } = {}): Uint8Array {
  const templateId = options.templateId === undefined ? "1500" : options.templateId;
  const group = item("CONTAINS", "CONTAINER", code("125007", "DCM", "Measurement Group"), [], [
    text(code("112039", "DCM", "Tracking Identifier"), "nodule-7"),
    item("HAS OBS CONTEXT", "UIDREF", code("112040", "DCM", "Tracking Unique Identifier"), [{ tag: 0x0040a124, vr: "UI", value: "2.25.7" }]),
    codeValue("CONTAINS", code("121071", "DCM", "Finding"), code("27925004", "SCT", "Nodule")),
    text(code("111001", "DCM", "Algorithm Name"), "NoduleNet", "HAS CONCEPT MOD"),
    text(code("111003", "DCM", "Algorithm Version"), "2.1.0", "HAS CONCEPT MOD"),
    item("CONTAINS", "NUM", code("81827009", "SCT", "Diameter"), [
      {
        tag: 0x0040a300,
        vr: "SQ",
        value: [[{ tag: 0x0040a30a, vr: "DS", value: "7.5" }, { tag: 0x004008ea, vr: "SQ", value: [codeItem(code("mm", "UCUM", "millimeter"))] }]],
      },
    ]),
    item("CONTAINS", "IMAGE", code("260753009", "SCT", "Source"), [
      {
        tag: 0x00081199,
        vr: "SQ",
        value: [[
          { tag: 0x00081150, vr: "UI", value: "1.2.840.10008.5.1.4.1.1.2.1" },
          { tag: 0x00081155, vr: "UI", value: "1.2.3.4.5" },
          { tag: 0x00081160, vr: "IS", value: "12\\13" },
        ]],
      },
    ]),
  ]);
  return buildDicomFile([
    { tag: 0x00080016, vr: "UI", value: options.sopClassUid ?? "1.2.840.10008.5.1.4.1.1.88.33" },
    { tag: 0x00080018, vr: "UI", value: "1.2.3.99" },
    { tag: 0x00080023, vr: "DA", value: "20260301" },
    { tag: 0x00080033, vr: "TM", value: "101500" },
    { tag: 0x00080060, vr: "CS", value: options.modality ?? "SR" },
    { tag: 0x00080201, vr: "SH", value: "+0100" },
    { tag: 0x00100020, vr: "LO", value: "MRN-1" },
    { tag: 0x0020000d, vr: "UI", value: "1.2.3" },
    { tag: 0x0020000e, vr: "UI", value: "1.2.3.9" },
    { tag: 0x0040a040, vr: "CS", value: "CONTAINER" },
    { tag: 0x0040a043, vr: "SQ", value: [codeItem(code("126000", "DCM", "Imaging Measurement Report"))] },
    {
      tag: 0x0040a375,
      vr: "SQ",
      value: [[
        { tag: 0x0020000d, vr: "UI", value: "1.2.3" },
        { tag: 0x00081115, vr: "SQ", value: [[{ tag: 0x0020000e, vr: "UI", value: "1.2.3.4" }, { tag: 0x00081199, vr: "SQ", value: [[{ tag: 0x00081155, vr: "UI", value: "1.2.3.4.5" }]] }]] },
      ]],
    },
    ...(templateId ? [{ tag: 0x0040a504, vr: "SQ", value: [[{ tag: 0x00080105, vr: "CS", value: "DCMR" }, { tag: 0x0040db00, vr: "CS", value: templateId }]] }] : []),
    {
      tag: 0x0040a730,
      vr: "SQ",
      value: [
        codeValue("HAS OBS CONTEXT", code("121005", "DCM", "Observer Type"), code("121007", "DCM", "Device")),
        text(code("121013", "DCM", "Device Observer Name"), "Lung CAD"),
        text(code("121014", "DCM", "Device Observer Manufacturer"), "Acme Imaging AI"),
        text(code("121015", "DCM", "Device Observer Model Name"), "LC-3"),
        item("CONTAINS", "CONTAINER", code("111028", "DCM", "Image Library"), [], [
          item("CONTAINS", "IMAGE", code("260753009", "SCT", "Source"), [
            { tag: 0x00081199, vr: "SQ", value: [[{ tag: 0x00081150, vr: "UI", value: CT_STORAGE }, { tag: 0x00081155, vr: "UI", value: "1.2.3.4.5" }]] },
          ]),
        ]),
        item("CONTAINS", "CONTAINER", code("126010", "DCM", "Imaging Measurements"), [], [group]),
      ] as DicomElementSpec[][],
    },
  ]);
}

describe("parseTid1500 on a synthetic report", () => {
  let report: Tid1500Report;
  it("reads a named device observer, the group's algorithm, frame numbers and the image library", () => {
    report = parseTid1500(syntheticSr());
    expect(report.observedAt).toBe("2026-03-01T10:15:00+01:00");
    expect(report.deviceObservers).toEqual([{ uid: null, name: "Lung CAD", manufacturer: "Acme Imaging AI", modelName: "LC-3" }]);
    expect(report.personObservers).toEqual([]);
    expect(report.imageLibrary).toEqual([{ sopClassUid: CT_STORAGE, sopInstanceUid: "1.2.3.4.5", seriesInstanceUid: "1.2.3.4", frameNumbers: [], segmentNumbers: [], purpose: code("260753009", "SCT", "Source") }]);
    const group = report.measurementGroups[0]!;
    expect(group).toMatchObject({ trackingId: "nodule-7", trackingUid: "2.25.7", finding: code("27925004", "SCT", "Nodule"), algorithm: { name: "NoduleNet", version: "2.1.0" } });
    expect(group.measurements).toEqual([{ concept: code("81827009", "SCT", "Diameter"), value: 7.5, unit: code("mm", "UCUM", "millimeter"), trackingUid: null, evaluations: [] }]);
    expect(group.images[0]).toMatchObject({ sopInstanceUid: "1.2.3.4.5", seriesInstanceUid: "1.2.3.4", frameNumbers: [12, 13] });
  });
});

describe("parseTid1500 refuses what it cannot read", () => {
  it("refuses a file that is not DICOM", () => {
    expect(() => parseTid1500(new TextEncoder().encode("{ \"findings\": [] }".repeat(20)))).toThrow(DicomParseError);
  });

  it("refuses the CT image the reports refer to, saying what it is", () => {
    const attempt = () => parseTid1500(highdicom("ct_image.dcm"));
    expect(attempt).toThrow(StructuredReportError);
    expect(attempt).toThrow("This file is a CT image, not a structured report (SR) with measurements.");
  });

  it("refuses a SEG", () => {
    expect(() => parseTid1500(readFileSync(sharedDemoDataPath(["radiology", "dcmqi-ct-liver", "seg-liver.dcm"])))).toThrow(
      "This file is a segmentation (SEG), not a structured report (SR) with measurements.",
    );
  });

  it("refuses an SR of another template, naming it", () => {
    const attempt = () => parseTid1500(syntheticSr({ templateId: "2000" }));
    expect(attempt).toThrow(UnsupportedSrTemplateError);
    expect(attempt).toThrow("This SR uses template TID 2000; only TID 1500 measurement reports can be imported.");
  });

  it("refuses an SR that names no template", () => {
    expect(() => parseTid1500(syntheticSr({ templateId: null }))).toThrow("This SR does not name its template; only TID 1500 measurement reports can be imported.");
  });

  it("refuses a Basic Text SR even when it claims TID 1500", () => {
    expect(() => parseTid1500(syntheticSr({ sopClassUid: "1.2.840.10008.5.1.4.1.1.88.11" }))).toThrow(/stored as Basic Text SR, which cannot hold TID 1500 measurements/);
  });

  it("refuses a file cut short", () => {
    const bytes = highdicom("sr_document.dcm");
    expect(() => parseTid1500(bytes.subarray(0, 2000))).toThrow(DicomParseError);
  });
});
