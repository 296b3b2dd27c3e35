/**
 * The findings JSON format for algorithms that do not write DICOM SR or SEG (format "concilium-findings/1").
 * README.md beside this file documents it for the people who write such algorithms.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { GRAPHIC_TYPES, regionFromScoord } from "@/domain/findings/image-region";

export const FINDINGS_JSON_FORMAT = "concilium-findings/1";

const uid = z
  .string()
  .max(64, "must be a DICOM UID of at most 64 characters")
  .regex(/^(0|[1-9]\d*)(\.(0|[1-9]\d*))+$/, "must be a DICOM UID: numbers separated by dots, e.g. 1.2.840.113619.2.55.3");
const name = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `must be at most ${max} characters`);

const codedConcept = z.strictObject({
  code: name(64),
  /** Coding scheme designator as DICOM writes it: SCT (SNOMED CT), DCM, LN (LOINC), ... */
  scheme: name(16),
  meaning: name(200),
});

const measurement = z.strictObject({
  name: name(200),
  value: z.number(),
  unit: z
    .string()
    .min(1, "must be a UCUM unit, e.g. mm, mm3, [hnsf'U] or 1 (no unit)")
    .max(64, "must be at most 64 characters")
    .regex(/^\S+$/, "must be a UCUM unit without spaces, e.g. mm, mm3, [hnsf'U] or 1 (no unit)"),
});

/** A rectangle in pixels of the slide's full-resolution image, from its top-left corner. */
const region = z.strictObject({
  x: z.number().min(0, "must be 0 or more (pixels from the left edge)"),
  y: z.number().min(0, "must be 0 or more (pixels from the top edge)"),
  width: z.number().positive("must be more than 0 pixels"),
  height: z.number().positive("must be more than 0 pixels"),
});

/** Where on the image the finding lies, as a DICOM SCOORD: image pixels, 0,0 the top-left corner of the top-left pixel. */
const outline = z
  .strictObject({
    graphicType: z.enum(GRAPHIC_TYPES, `must be one of ${GRAPHIC_TYPES.map((t) => `"${t}"`).join(", ")}`),
    points: z.array(z.number().min(0, "must be 0 or more (pixels from the image's left or top edge)")).min(2).max(20_000, "must list at most 10000 points"),
  })
  .refine((o) => regionFromScoord("-", o.graphicType, o.points) !== null, {
    message: "does not make that shape: POINT takes x, y; CIRCLE its centre and a point on it; ELLIPSE the ends of both axes; POLYLINE at least two x, y pairs",
    path: ["points"],
  });

const finding = z
  .strictObject({
    trackingId: name(64),
    trackingUid: uid.optional(),
    kind: name(200).optional(),
    findingCode: codedConcept.optional(),
    findingSiteCode: codedConcept.optional(),
    description: z.string().trim().max(2000, "must be at most 2000 characters").optional(),
    measurements: z.array(measurement).max(100, "must list at most 100 measurements").default([]),
    seriesInstanceUid: uid.optional(),
    sopInstanceUid: uid.optional(),
    frameNumber: z.int("must be a whole number").min(1, "must be 1 or more (frames are counted from 1)").optional(),
    region: region.optional(),
    outline: outline.optional(),
  })
  .refine((f) => f.kind !== undefined || f.findingCode !== undefined, { message: "is missing: give a kind or a findingCode, what was found", path: ["kind"] });

export const findingsReportSchema = z
  .strictObject({
    format: z.literal(FINDINGS_JSON_FORMAT, `must be "${FINDINGS_JSON_FORMAT}"`),
    reportId: name(200),
    algorithm: z.strictObject({ name: name(200), version: name(64) }),
    patient: z.strictObject({ mrn: name(64) }),
    observedAt: z.iso.datetime({ offset: true, message: "must be a date and time with its time zone, e.g. 2026-03-02T10:15:00Z" }),
    study: z.strictObject({ studyInstanceUid: uid, seriesInstanceUid: uid.optional(), sopInstanceUid: uid.optional() }).optional(),
    slide: z
      .strictObject({ slideId: name(64).optional(), seriesInstanceUid: uid.optional(), region: region.optional() })
      .refine((s) => (s.slideId === undefined) !== (s.seriesInstanceUid === undefined), { message: "must give either slideId or seriesInstanceUid (of a DICOM slide), not both" })
      .optional(),
    findings: z.array(finding).min(1, "must list at least one finding").max(1000, "must list at most 1000 findings"),
  })
  .superRefine((report, ctx) => {
    if ((report.study === undefined) === (report.slide === undefined)) {
      ctx.addIssue({ code: "custom", path: [], message: "must give either study or slide (what the findings were made on), not both and not neither" });
    }
    const seen = new Set<string>();
    report.findings.forEach((f, index) => {
      if (seen.has(f.trackingId)) ctx.addIssue({ code: "custom", path: ["findings", index, "trackingId"], message: `is "${f.trackingId}", which an earlier finding already uses; each finding needs its own` });
      seen.add(f.trackingId);
      if (report.study && f.region) ctx.addIssue({ code: "custom", path: ["findings", index, "region"], message: "is for slides; a finding on a study refers to its image by sopInstanceUid" });
      if (f.outline && report.slide) ctx.addIssue({ code: "custom", path: ["findings", index, "outline"], message: "is for images of a study; a finding on a slide gives a region" });
      if (f.outline && report.study && !(f.sopInstanceUid ?? report.study.sopInstanceUid)) {
        ctx.addIssue({ code: "custom", path: ["findings", index, "outline"], message: "needs the image it is drawn on: give the finding a sopInstanceUid" });
      }
      if (report.slide && (f.seriesInstanceUid || f.sopInstanceUid)) {
        ctx.addIssue({ code: "custom", path: ["findings", index], message: "is on a slide: give it a region, not series or SOP instance UIDs" });
      }
    });
  });

export type FindingsReport = z.infer<typeof findingsReportSchema>;
export type FindingsReportFinding = FindingsReport["findings"][number];

export interface FindingsJsonProblem {
  /** Where in the file, e.g. "findings[0].measurements[1].unit"; "" for the file as a whole. */
  path: string;
  message: string;
}

export class FindingsJsonError extends Error {
  constructor(readonly problems: FindingsJsonProblem[]) {
    const listed = problems.map((p) => `${p.path || "the file"} ${p.message}`);
    super(`The findings file cannot be imported: ${listed.join("; ")}.`);
    this.name = "FindingsJsonError";
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

function problemsOf(error: z.ZodError): FindingsJsonProblem[] {
  return error.issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: "is not a field of this format (check its spelling)" }));
    }
    if (issue.code === "invalid_type" && issue.message.endsWith("received undefined")) {
      return [{ path: formatPath(issue.path), message: "is missing" }];
    }
    if (issue.code === "invalid_type") return [{ path: formatPath(issue.path), message: `must be ${article(issue.expected)}` }];
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}

const TYPE_NAMES: Record<string, string> = { string: "text", number: "a number", int: "a whole number", object: "an object { }", array: "a list [ ]", boolean: "true or false" };
const article = (type: string) => TYPE_NAMES[type] ?? `of type ${type}`;

/**
 * Reads and checks a findings JSON file.
 * @throws FindingsJsonError listing every problem with its path in the file.
 */
export function parseFindingsJson(input: Uint8Array | string): FindingsReport {
  const text = (typeof input === "string" ? input : new TextDecoder("utf-8").decode(input)).replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FindingsJsonError([{ path: "", message: `is not valid JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  const result = findingsReportSchema.safeParse(data);
  if (!result.success) throw new FindingsJsonError(problemsOf(result.error));
  return result.data;
}

// A fixed namespace for the name-based UUIDs below, so the same report always gets the same UIDs.
const NAMESPACE = Buffer.from("6f1d2c1e8b3a4e52a9b0c6d7e8f90a1b", "hex");

/** A DICOM UID under the 2.25 root from a name-based (version 5) UUID of `name` (PS3.5 B.2, RFC 9562). */
export function uidFromName(name: string): string {
  const hash = createHash("sha1").update(NAMESPACE).update(name, "utf8").digest().subarray(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return `2.25.${BigInt(`0x${hash.toString("hex")}`).toString(10)}`;
}

/** The UID that stands for the report, as an SR's SOP Instance UID does: the same algorithm and reportId give the same UID. */
export function reportUidOf(report: Pick<FindingsReport, "algorithm" | "reportId">): string {
  return uidFromName(`concilium-findings\n${report.algorithm.name}\n${report.reportId}`);
}

/** The finding's own trackingUid, or one made from the report and the trackingId. */
export function trackingUidOf(reportUid: string, finding: Pick<FindingsReportFinding, "trackingId" | "trackingUid">): string {
  return finding.trackingUid ?? uidFromName(`${reportUid}\n${finding.trackingId}`);
}
