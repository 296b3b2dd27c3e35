import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sharedDemoDataPath } from "../demo-data/locate-demo-data";
import { LidcParseError, noduleOutlines, parseLidcReading, summarizeLidcNodules, type LidcReader, type LidcReading } from "./lidc-reading";

const LIDC_PIXEL_SPACING_MM = 0.703125;
const readingXml = () => readFileSync(sharedDemoDataPath(["radiology", "lidc-idri-0001", "069.xml"]), "utf8");

describe("parseLidcReading on LIDC-IDRI-0001", () => {
  const reading = parseLidcReading(readingXml());

  it("reads the header UIDs and four reading sessions", () => {
    expect(reading.studyInstanceUid).toBe("1.3.6.1.4.1.14519.5.2.1.6279.6001.298806137288633453246975630178");
    expect(reading.seriesInstanceUid).toBe("1.3.6.1.4.1.14519.5.2.1.6279.6001.179049373636438705059720603192");
    expect(reading.readers.map((r) => r.readerIndex)).toEqual([0, 1, 2, 3]);
    expect(reading.readers.map((r) => r.radiologistId)).toEqual(["540461523", "1428348137", "-750896469", "2103845659"]);
  });

  it("keeps scored nodules, small nodules and non-nodules apart", () => {
    expect(reading.readers.map((r) => r.nodules.length)).toEqual([1, 1, 1, 1]);
    expect(reading.readers.map((r) => r.smallNodules.length)).toEqual([3, 0, 3, 3]);
    expect(reading.readers.map((r) => r.nonNodules.length)).toEqual([4, 1, 8, 0]);
    const first = reading.readers[0]?.nodules[0];
    expect(first?.noduleId).toBe("Nodule 001");
    expect(first?.malignancy).toBe(5);
    expect(first?.characteristics).toEqual({
      subtlety: 5,
      internalStructure: 1,
      calcification: 6,
      sphericity: 3,
      margin: 3,
      lobulation: 3,
      spiculation: 4,
      texture: 5,
      malignancy: 5,
    });
    expect(first?.rois).toHaveLength(8);
    expect(first?.rois[0]).toMatchObject({
      zPositionMm: -125,
      inclusion: true,
      sopInstanceUid: "1.3.6.1.4.1.14519.5.2.1.6279.6001.110383487652933113465768208719",
    });
    expect(first?.rois[0]?.edgeMap[0]).toEqual({ x: 312, y: 355 });
    expect(reading.readers[0]?.smallNodules[0]?.rois[0]?.edgeMap).toEqual([{ x: 187, y: 166 }]);
    expect(reading.readers[1]?.nonNodules[0]).toMatchObject({ nonNoduleId: "IL057_127367", zPositionMm: -195 });
  });

  it("rejects text that is not a LIDC reading", () => {
    expect(() => parseLidcReading("<html></html>")).toThrow(LidcParseError);
  });
});

describe("summarizeLidcNodules", () => {
  it("merges the four readers' marks into one malignant nodule at z -125..-105 mm", () => {
    const summaries = summarizeLidcNodules(parseLidcReading(readingXml()), LIDC_PIXEL_SPACING_MM);
    expect(summaries).toHaveLength(1);
    const [nodule] = summaries;
    expect(nodule).toMatchObject({
      readerCount: 4,
      totalReaders: 4,
      zRangeMm: [-125, -105],
      sliceCount: 9,
      representativeZPositionMm: -117.5,
    });
    expect(nodule?.malignancyScores).toEqual([5, 5, 5, 4]);
    expect(nodule?.malignancyScores.every((s) => s >= 4 && s <= 5)).toBe(true);
    expect(nodule?.maxDiameterMm).toBeGreaterThan(20);
    expect(nodule?.maxDiameterMm).toBeLessThan(40);
    expect(nodule?.centroidPx.x).toBeGreaterThan(290);
    expect(nodule?.centroidPx.x).toBeLessThan(340);
    expect(nodule?.centroidPx.y).toBeGreaterThan(340);
    expect(nodule?.centroidPx.y).toBeLessThan(390);
    expect(nodule?.representativeSopInstanceUid).toMatch(/^1\.3\.6\.1\.4\.1\.14519\./);
  });

  const square = (cx: number, cy: number, half: number) => [
    { x: cx - half, y: cy - half },
    { x: cx + half, y: cy - half },
    { x: cx + half, y: cy + half },
    { x: cx - half, y: cy + half },
  ];
  const reader = (
    readerIndex: number,
    nodules: { id: string; cx: number; z: number[]; half?: number; m?: number }[],
  ): LidcReader => ({
    readerIndex,
    radiologistId: "",
    smallNodules: [],
    nonNodules: [],
    nodules: nodules.map((n) => ({
      noduleId: n.id,
      malignancy: n.m ?? null,
      characteristics: n.m === undefined ? { subtlety: 3 } : ({ malignancy: n.m } as Record<string, number>),
      rois: n.z.map((z) => ({ sopInstanceUid: `uid-${z}`, zPositionMm: z, inclusion: true, edgeMap: square(n.cx, 100, n.half ?? 5) })),
    })),
  });

  it("gives each reader's outlines of the nodule, slice by slice, around the consensus centre", () => {
    const reading = parseLidcReading(readingXml());
    const [nodule] = summarizeLidcNodules(reading, LIDC_PIXEL_SPACING_MM);
    const outlines = noduleOutlines(reading, nodule!);
    expect(new Set(outlines.map((o) => o.readerIndex))).toEqual(new Set([0, 1, 2, 3]));
    expect(outlines.some((o) => o.sopInstanceUid === nodule!.representativeSopInstanceUid)).toBe(true);
    for (const outline of outlines) {
      const xs = outline.points.map((p) => p.x);
      const ys = outline.points.map((p) => p.y);
      // Every outline lies within a few centimetres of the centre the readers agree on.
      expect(Math.abs((Math.min(...xs) + Math.max(...xs)) / 2 - nodule!.centroidPx.x)).toBeLessThan(40);
      expect(Math.abs((Math.min(...ys) + Math.max(...ys)) / 2 - nodule!.centroidPx.y)).toBeLessThan(40);
    }
  });

  it("separates nodules far apart in-plane or in z, and never merges two marks of one reader", () => {
    const reading: LidcReading = {
      studyInstanceUid: null,
      seriesInstanceUid: null,
      readers: [
        reader(0, [
          { id: "a", cx: 100, z: [0, 2.5], m: 3 },
          { id: "b", cx: 110, z: [0, 2.5] }, // close to "a" but the same reader
        ]),
        reader(1, [
          { id: "c", cx: 102, z: [2.5, 5], m: 4, half: 8 },
          { id: "d", cx: 400, z: [0] }, // 300 px = 211 mm away
          { id: "e", cx: 100, z: [50] }, // no z overlap
        ]),
      ],
    };
    const summaries = summarizeLidcNodules(reading, 0.7);
    expect(summaries).toHaveLength(4);
    const merged = summaries[0];
    expect(merged?.readerCount).toBe(2);
    expect(merged?.members.map((m) => m.noduleId).sort()).toEqual(["a", "c"]);
    expect(merged?.malignancyScores).toEqual([3, 4]);
    expect(merged?.zRangeMm).toEqual([0, 5]);
    expect(merged?.sliceCount).toBe(3);
    // Largest outline is reader 1's 16x16 px square: diagonal 22.6 px x 0.7 mm.
    expect(merged?.maxDiameterMm).toBeCloseTo(15.8, 1);
    expect(summaries.slice(1).every((s) => s.readerCount === 1 && s.totalReaders === 2)).toBe(true);
  });

  it("ignores exclusion outlines and nodules without outlines", () => {
    const reading: LidcReading = {
      studyInstanceUid: null,
      seriesInstanceUid: null,
      readers: [
        {
          readerIndex: 0,
          radiologistId: "",
          smallNodules: [],
          nonNodules: [],
          nodules: [
            {
              noduleId: "hole",
              malignancy: 2,
              characteristics: { malignancy: 2 },
              rois: [
                { sopInstanceUid: "u1", zPositionMm: 1, inclusion: true, edgeMap: square(50, 50, 2) },
                { sopInstanceUid: "u1", zPositionMm: 1, inclusion: false, edgeMap: square(50, 50, 40) },
              ],
            },
            { noduleId: "empty", malignancy: null, characteristics: { subtlety: 1 }, rois: [] },
          ],
        },
      ],
    };
    const [only, ...rest] = summarizeLidcNodules(reading, 1);
    expect(rest).toEqual([]);
    expect(only?.maxDiameterMm).toBeCloseTo(5.7, 1);
  });
});
