// The viewer's measurement service: Cornerstone annotations in, measurements out (what the list shows and what a kept
// finding stores). Pure: it reads the annotation's cached statistics and never touches Cornerstone's state.
import { isWorldPoint, type WorldPoint } from "@/domain/expert-opinion/expert-layer";
import { ucumOfDisplayUnit, unitInWords } from "@/domain/units/units";
import type { Measurement } from "./viewer-types";

/** The part of a Cornerstone annotation the service reads. */
export interface AnnotationLike {
  annotationUID?: string;
  /** Cornerstone's flag: the statistics are recomputed at the next render. */
  invalidated?: boolean;
  metadata?: { toolName?: string; referencedImageId?: string };
  data?: { label?: string; cachedStats?: Record<string, Record<string, unknown>>; handles?: { points?: unknown[] } };
}

/** Annotations of an outside expert's read-only layer (expert-layer.tsx) carry this prefix: never the reader's own. */
export const EXPERT_LAYER_PREFIX = "expert-layer:";

/** The handles as plain triples (Cornerstone keeps them as arrays or typed arrays), rounded to a hundredth of a mm. */
const pointsOf = (a: AnnotationLike): WorldPoint[] =>
  (a.data?.handles?.points ?? [])
    .map((p) => (ArrayBuffer.isView(p) ? Array.from(p as Float32Array) : p))
    .filter(isWorldPoint)
    .map((p) => p.map((n) => Math.round(n * 100) / 100) as WorldPoint);

/** The measuring tools whose annotations become measurements, with the finding kind a kept one is filed under. */
export const MEASURING_TOOLS: Record<string, { kind: string }> = {
  Length: { kind: "Length measurement" },
  RectangleROI: { kind: "ROI measurement" },
};

const statsOf = (a: AnnotationLike) => Object.values(a.data?.cachedStats ?? {})[0] ?? {};
const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const round1 = (v: number) => Math.round(v * 10) / 10;

/** The numbers behind a measurement, with UCUM units as findings store them. */
export function measurementValues(a: AnnotationLike): Measurement["values"] {
  const stats = statsOf(a);
  const value = (name: string, v: unknown, displayUnit: unknown) =>
    finite(v) ? [{ name, value: round1(v), unit: ucumOfDisplayUnit(String(displayUnit ?? "")) }] : [];
  if (a.metadata?.toolName === "Length") return value("Length", stats.length, stats.unit ?? "mm");
  return [...value("Mean", stats.mean, stats.modalityUnit ?? ""), ...value("Area", stats.area, stats.areaUnit ?? "mm²")];
}

/** The measurement in words: "Length 23.4 mm", "ROI mean 35.2 HU, area 120.5 mm²". */
export function describeMeasurement(a: AnnotationLike): string {
  const stats = statsOf(a);
  const num = (v: unknown) => (finite(v) ? v.toFixed(1) : "—");
  const unit = (display: unknown, fallback: string) => unitInWords(ucumOfDisplayUnit(String(display ?? fallback)));
  const join = (...parts: string[]) => parts.filter(Boolean).join(" ");
  if (a.metadata?.toolName === "Length") return join("Length", num(stats.length), unit(stats.unit, "mm"));
  return `${join("ROI mean", num(stats.mean), unit(stats.modalityUnit, ""))}, ${join("area", num(stats.area), unit(stats.areaUnit, "mm²"))}`;
}

/** The measurements of one stack: its annotations by measuring tools, in the order they were drawn. */
export function extractMeasurements(
  annotations: AnnotationLike[],
  stack: { seriesInstanceUid: string; imageIds: string[]; sopInstanceUids: string[] },
  labels: ReadonlyMap<string, string> = new Map(),
): Measurement[] {
  return annotations
    .filter((a) => a.metadata?.toolName !== undefined && a.metadata.toolName in MEASURING_TOOLS)
    .filter((a) => !a.annotationUID?.startsWith(EXPERT_LAYER_PREFIX))
    .filter((a) => !a.metadata?.referencedImageId || stack.imageIds.includes(a.metadata.referencedImageId))
    .map((a) => {
      const at = a.metadata?.referencedImageId ? stack.imageIds.indexOf(a.metadata.referencedImageId) : -1;
      const id = a.annotationUID ?? "";
      return {
        id,
        tool: a.metadata!.toolName!,
        label: labels.get(id) ?? a.data?.label ?? "",
        text: describeMeasurement(a),
        values: measurementValues(a),
        seriesInstanceUid: stack.seriesInstanceUid,
        sopInstanceUid: at >= 0 ? (stack.sopInstanceUids[at] ?? null) : null,
        points: pointsOf(a),
      };
    });
}

/**
 * Whether a measurement's statistics were computed but came out as no number: Cornerstone's throttled recomputation can
 * run while the canvas is being resized (the page's scroll bar appearing as the list grows), and then keeps NaN until
 * the annotation changes. Statistics not yet computed (null) are not unsettled: the next render computes them.
 */
export function hasUnsettledStats(a: AnnotationLike): boolean {
  if (!a.metadata?.toolName || !(a.metadata.toolName in MEASURING_TOOLS)) return false;
  const stats = statsOf(a);
  const names = a.metadata.toolName === "Length" ? ["length"] : ["mean", "area"];
  return names.some((name) => typeof stats[name] === "number" && !Number.isFinite(stats[name]));
}

/** What a kept measurement is filed as: its label first when the reader gave one. */
export function keptDescription(m: Pick<Measurement, "label" | "text">): string {
  const label = m.label.trim();
  return label ? `${label}: ${m.text}` : m.text;
}

/** What a kept measurement is filed under (the decision summary names it so): the reader's label, else the tool's kind. */
export function keptKind(m: Pick<Measurement, "label" | "tool">): string {
  return m.label.trim().slice(0, 200) || (MEASURING_TOOLS[m.tool]?.kind ?? "Measurement");
}
