import { describe, expect, it } from "vitest";
import { parseDicomDataSet } from "@/integrations/dicom/read-dicom-header";
import { buildDicomJson } from "@/integrations/dicomweb/dicom-json";
import { parseStoredInstance, readFrame } from "@/integrations/dicomweb/pixel-data";
import { sharedSample } from "@/integrations/dicomweb/test-support/sample-files";
import { dicomLabToRgb, mapFramesToStack, parseMultipart, planLayers, readSegDocument, type DicomJson, type SegDocument, type StackImage } from "./seg-overlay-model";

// The server's own DICOM JSON and frame code stand in for the WADO-RS answers the browser gets.
const sample = (name: string) => sharedSample("radiology", "dcmqi-ct-liver", name);
const jsonOf = (name: string) => buildDicomJson(parseDicomDataSet(sample(name))) as unknown as DicomJson;
const framesOf = (name: string, doc: SegDocument) => {
  const stored = parseStoredInstance(sample(name));
  return doc.frames.map((f) => readFrame(stored, f.frameNumber).bytes);
};

/** The three CT slices as the viewer stacks them: along the slice normal, lowest z first. */
const stack: StackImage[] = ["01.dcm", "02.dcm", "03.dcm"]
  .map((name) => {
    const json = jsonOf(name);
    return {
      sopInstanceUid: String(json["00080018"]!.Value![0]),
      frameNumber: 1,
      position: json["00200032"]!.Value!.map(Number),
      rows: 512,
      columns: 512,
      frameOfReferenceUid: String(json["00200052"]!.Value![0]),
    };
  })
  .sort((a, b) => a.position[2]! - b.position[2]!);

const setBits = (bytes: Uint8Array) => bytes.reduce((n, b) => n + ((b.toString(2).match(/1/g) ?? []).length), 0);

describe("SEG overlay model", () => {
  it("reads the liver SEG: one segment with its recommended colour, frames on the three CT slices", () => {
    const doc = readSegDocument(jsonOf("seg-liver.dcm"));
    expect(doc.segments).toHaveLength(1);
    expect(doc.segments[0]).toMatchObject({ number: 1, label: "Liver" });
    const [r, g, b] = doc.segments[0]!.color;
    // A reddish brown (L* 64, a* 32, b* 31).
    expect(r).toBeGreaterThan(g);
    expect(g).toBeGreaterThan(b);
    expect(doc).toMatchObject({ rows: 512, columns: 512, bitsAllocated: 1, segmentationType: "BINARY", numberOfFrames: 3, title: "Liver Segmentation" });
    // Frame 1 lies on 03.dcm (z -128.69), the first of the stack.
    expect(mapFramesToStack(doc, stack)).toEqual([0, 1, 2]);

    const plan = planLayers(doc, framesOf("seg-liver.dcm", doc), mapFramesToStack(doc, stack));
    expect(plan.layers).toHaveLength(1);
    expect([...plan.drawn]).toEqual([1]);
    expect([...plan.layers[0]!.slices.keys()].sort()).toEqual([0, 1, 2]);
    for (const slice of plan.layers[0]!.slices.values()) expect(slice.filter((v) => v === 1).length).toBeGreaterThan(1000);
  });

  it("maps frames by position when they name no source image, and only in the same frame of reference", () => {
    const doc = readSegDocument(jsonOf("seg-liver.dcm"));
    const unreferenced = { ...doc, frames: doc.frames.map((f) => ({ ...f, sourceSopInstanceUid: null })) };
    expect(mapFramesToStack(unreferenced, stack)).toEqual([0, 1, 2]);
    const elsewhere = stack.map((s) => ({ ...s, sopInstanceUid: `${s.sopInstanceUid}.9`, frameOfReferenceUid: "1.2.3" }));
    expect(mapFramesToStack(doc, elsewhere)).toEqual([undefined, undefined, undefined]);
  });

  it("keeps every pixel of overlapping segments by putting them into separate layers", () => {
    const doc = readSegDocument(jsonOf("seg-partial-overlaps.dcm"));
    expect(doc.segments.map((s) => s.label)).toEqual(["GREEN", "ORANGE", "PURPLE", "LIGHT_BLUE", "DARK_BLUE"]);
    const frames = framesOf("seg-partial-overlaps.dcm", doc);
    const plan = planLayers(doc, frames, mapFramesToStack(doc, stack));
    expect([...plan.drawn].sort()).toEqual([1, 2, 3, 4, 5]);
    expect(plan.layers.length).toBeGreaterThan(1);
    for (const segment of doc.segments) {
      const layer = plan.layers.find((l) => l.labels.has(segment.number))!;
      const label = layer.labels.get(segment.number)!;
      let drawn = 0;
      for (const slice of layer.slices.values()) drawn += slice.filter((v) => v === label).length;
      const expected = doc.frames.filter((f) => f.segmentNumber === segment.number).reduce((n, f) => n + setBits(frames[f.frameNumber - 1]!), 0);
      expect(drawn).toBe(expected);
    }
  });

  it("converts DICOM CIELab to sRGB", () => {
    expect(dicomLabToRgb([65535, 32896, 32896])).toEqual([255, 255, 255]);
    expect(dicomLabToRgb([0, 32896, 32896])).toEqual([0, 0, 0]);
    const [r, g, b] = dicomLabToRgb([34885, 53485, 50171]);
    expect(r).toBeGreaterThan(200);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
  });

  it("splits a multipart/related body into its parts", () => {
    const enc = new TextEncoder();
    const body = new Uint8Array([
      ...enc.encode("--abc\r\nContent-Type: application/octet-stream\r\n\r\n"),
      1, 2, 3,
      ...enc.encode("\r\n--abc\r\nContent-Type: application/octet-stream\r\n\r\n"),
      13, 10, 4,
      ...enc.encode("\r\n--abc--\r\n"),
    ]);
    const parts = parseMultipart(body, 'multipart/related; type="application/octet-stream"; boundary=abc');
    expect(parts.map((p) => [...p])).toEqual([[1, 2, 3], [13, 10, 4]]);
  });
});
