import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { FindingsJsonError, parseFindingsJson, reportUidOf, trackingUidOf, uidFromName } from "./findings-json";

const valid = () => ({
  format: "concilium-findings/1",
  reportId: "run-42",
  algorithm: { name: "LungNoduleNet", version: "2.3.1" },
  patient: { mrn: "1CT1" },
  observedAt: "2026-03-02T10:15:00Z",
  study: { studyInstanceUid: "1.2.3", seriesInstanceUid: "1.2.3.4" },
  findings: [
    {
      trackingId: "nodule-1",
      kind: "Lung nodule",
      findingCode: { code: "27925004", scheme: "SCT", meaning: "Nodule" },
      measurements: [{ name: "Diameter", value: 10.2, unit: "mm" }],
      sopInstanceUid: "1.2.3.4.5",
      frameNumber: 1,
    },
  ],
});

function problemsOf(input: unknown): { path: string; message: string }[] {
  try {
    parseFindingsJson(typeof input === "string" ? input : JSON.stringify(input));
  } catch (error) {
    if (error instanceof FindingsJsonError) return error.problems;
    throw error;
  }
  return [];
}

describe("parseFindingsJson", () => {
  it("reads a valid report, from bytes with a byte-order mark", () => {
    const bytes = new TextEncoder().encode(`\uFEFF${JSON.stringify(valid())}`);
    const report = parseFindingsJson(bytes);
    expect(report.algorithm).toEqual({ name: "LungNoduleNet", version: "2.3.1" });
    expect(report.findings[0]).toMatchObject({ trackingId: "nodule-1", measurements: [{ name: "Diameter", value: 10.2, unit: "mm" }], frameNumber: 1 });
  });

  it("reads both examples of its README", () => {
    const readme = readFileSync(path.join(import.meta.dirname, "README.md"), "utf8");
    const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(examples).toHaveLength(2);
    for (const example of examples) expect(() => parseFindingsJson(example)).not.toThrow();
  });

  it("takes an outline on the finding's image, and says what is wrong with one it cannot draw", () => {
    const withOutline = (outline: unknown, extra: Record<string, unknown> = {}) => {
      const input = valid();
      return { ...input, ...extra, findings: [{ ...input.findings[0]!, outline }] };
    };
    expect(parseFindingsJson(JSON.stringify(withOutline({ graphicType: "CIRCLE", points: [120, 88, 126, 88] }))).findings[0]?.outline).toEqual({ graphicType: "CIRCLE", points: [120, 88, 126, 88] });
    expect(problemsOf(withOutline({ graphicType: "POINT", points: [1, 2, 3, 4] }))).toEqual([
      { path: "findings[0].outline.points", message: expect.stringContaining("POINT takes x, y") },
    ]);
    expect(problemsOf(withOutline({ graphicType: "POLYGON", points: [1, 2, 3, 4] }))[0]?.path).toBe("findings[0].outline.graphicType");
    const slide = { study: undefined, slide: { slideId: "s1" } };
    const onSlide = withOutline({ graphicType: "POINT", points: [1, 2] }, slide);
    onSlide.findings[0] = { ...onSlide.findings[0]!, sopInstanceUid: undefined as unknown as string, frameNumber: undefined as unknown as number };
    expect(problemsOf(onSlide)).toContainEqual({ path: "findings[0].outline", message: "is for images of a study; a finding on a slide gives a region" });
    const noImage = withOutline({ graphicType: "POINT", points: [1, 2] });
    noImage.findings[0] = { ...noImage.findings[0]!, sopInstanceUid: undefined as unknown as string };
    expect(problemsOf(noImage)).toEqual([{ path: "findings[0].outline", message: "needs the image it is drawn on: give the finding a sopInstanceUid" }]);
  });

  it("defaults measurements to none", () => {
    const input = valid();
    const { measurements: _measurements, ...finding } = input.findings[0]!;
    expect(parseFindingsJson(JSON.stringify({ ...input, findings: [finding] })).findings[0]?.measurements).toEqual([]);
  });

  it("says when the file is not JSON", () => {
    const problems = problemsOf("{ findings: ");
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe("");
    expect(problems[0]?.message).toMatch(/^is not valid JSON/);
  });

  it("names the path of every problem", () => {
    const input = valid() as Record<string, unknown> & ReturnType<typeof valid>;
    const broken = {
      ...input,
      patient: {},
      observedAt: "2026-03-02",
      findings: [
        { ...input.findings[0], measurements: [{ name: "Diameter", value: "10", unit: "mm" }, { name: "Volume", value: 3, unit: "cubic mm" }], frameNumber: 0 },
        { trackingId: "nodule-2", measurement: [] },
      ],
    };
    expect(problemsOf(broken)).toEqual([
      { path: "patient.mrn", message: "is missing" },
      { path: "observedAt", message: "must be a date and time with its time zone, e.g. 2026-03-02T10:15:00Z" },
      { path: "findings[0].measurements[0].value", message: "must be a number" },
      { path: "findings[0].measurements[1].unit", message: "must be a UCUM unit without spaces, e.g. mm, mm3, [hnsf'U] or 1 (no unit)" },
      { path: "findings[0].frameNumber", message: "must be 1 or more (frames are counted from 1)" },
      { path: "findings[1].measurement", message: "is not a field of this format (check its spelling)" },
      { path: "findings[1].kind", message: "is missing: give a kind or a findingCode, what was found" },
    ]);
  });

  it("puts every problem in the error's message", () => {
    expect(() => parseFindingsJson(JSON.stringify({ ...valid(), format: "v2", study: { studyInstanceUid: "1.2.abc" } }))).toThrow(
      'The findings file cannot be imported: format must be "concilium-findings/1"; study.studyInstanceUid must be a DICOM UID: numbers separated by dots, e.g. 1.2.840.113619.2.55.3.',
    );
  });

  it("asks for what was found", () => {
    const input = valid();
    const { kind: _kind, findingCode: _code, ...finding } = input.findings[0]!;
    expect(problemsOf({ ...input, findings: [finding] })).toEqual([{ path: "findings[0].kind", message: "is missing: give a kind or a findingCode, what was found" }]);
  });

  it("asks for a study or a slide, not both", () => {
    const { study: _study, ...withoutStudy } = valid();
    expect(problemsOf(withoutStudy)).toEqual([{ path: "", message: "must give either study or slide (what the findings were made on), not both and not neither" }]);
    expect(problemsOf({ ...valid(), slide: { slideId: "s1" } })).toContainEqual({ path: "", message: "must give either study or slide (what the findings were made on), not both and not neither" });
  });

  it("refuses tracking IDs used twice, regions on studies and image UIDs on slides", () => {
    const input = valid();
    const finding = input.findings[0]!;
    expect(problemsOf({ ...input, findings: [finding, { ...finding, region: { x: 0, y: 0, width: 10, height: 10 } }] })).toEqual([
      { path: "findings[1].trackingId", message: 'is "nodule-1", which an earlier finding already uses; each finding needs its own' },
      { path: "findings[1].region", message: "is for slides; a finding on a study refers to its image by sopInstanceUid" },
    ]);
    const { study: _study, ...rest } = input;
    expect(problemsOf({ ...rest, slide: { slideId: "s1" }, findings: [finding] })).toEqual([
      { path: "findings[0]", message: "is on a slide: give it a region, not series or SOP instance UIDs" },
    ]);
  });

  it("checks slide references and regions", () => {
    const { study: _study, ...rest } = valid();
    const finding = { trackingId: "h1", kind: "Hotspot", region: { x: -1, y: 0, width: 0, height: 5 } };
    expect(problemsOf({ ...rest, slide: { slideId: "s1", seriesInstanceUid: "1.2.3" }, findings: [finding] })).toEqual([
      { path: "slide", message: "must give either slideId or seriesInstanceUid (of a DICOM slide), not both" },
      { path: "findings[0].region.x", message: "must be 0 or more (pixels from the left edge)" },
      { path: "findings[0].region.width", message: "must be more than 0 pixels" },
    ]);
  });

  it("refuses a report without findings", () => {
    expect(problemsOf({ ...valid(), findings: [] })).toEqual([{ path: "findings", message: "must list at least one finding" }]);
  });
});

describe("UIDs for JSON reports", () => {
  it("makes the same 2.25 UID from the same name, and valid DICOM UIDs", () => {
    const uid = uidFromName("x");
    expect(uid).toBe(uidFromName("x"));
    expect(uid).not.toBe(uidFromName("y"));
    expect(uid).toMatch(/^2\.25\.[1-9]\d*$/);
    expect(uid.length).toBeLessThanOrEqual(64);
  });

  it("identifies a report by algorithm and reportId, and a finding by its trackingUid or trackingId", () => {
    const report = valid();
    const uid = reportUidOf(report);
    expect(reportUidOf({ ...report, algorithm: { ...report.algorithm, version: "3" } })).toBe(uid);
    expect(reportUidOf({ ...report, reportId: "run-43" })).not.toBe(uid);
    expect(trackingUidOf(uid, { trackingId: "a" })).toBe(trackingUidOf(uid, { trackingId: "a" }));
    expect(trackingUidOf(uid, { trackingId: "a", trackingUid: "1.2.9" })).toBe("1.2.9");
  });
});
