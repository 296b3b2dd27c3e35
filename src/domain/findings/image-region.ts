/**
 * Where on an image a finding lies, in the image's pixel coordinates (column x, row y; 0,0 is the top-left corner
 * of the top-left pixel, as DICOM SCOORD says). Drawn by the viewer over the referenced image.
 */
/** DICOM Graphic Types (0070,0023) of a 2D SCOORD that the viewer draws. */
export const GRAPHIC_TYPES = ["POINT", "MULTIPOINT", "POLYLINE", "CIRCLE", "ELLIPSE"] as const;

// A type, not an interface: Prisma's JSON input takes it as it is.
export type ImageRegion = {
  sopInstanceUid: string;
  graphicType: (typeof GRAPHIC_TYPES)[number];
  /** x1, y1, x2, y2, ... */
  points: number[];
  /** Who or what drew it, e.g. "Reader 2". */
  label?: string;
};

const DRAWABLE = new Set<string>(GRAPHIC_TYPES);

/** A region from an SR SCOORD, or null when its graphic type or data make no drawable shape. */
export function regionFromScoord(sopInstanceUid: string, graphicType: string, graphicData: number[], label?: string): ImageRegion | null {
  const type = graphicType.toUpperCase() as ImageRegion["graphicType"];
  if (!DRAWABLE.has(type) || graphicData.length < 2 || graphicData.length % 2 !== 0 || !graphicData.every(Number.isFinite)) return null;
  const pairs = graphicData.length / 2;
  if ((type === "POINT" && pairs !== 1) || (type === "CIRCLE" && pairs !== 2) || (type === "ELLIPSE" && pairs !== 4) || (type === "POLYLINE" && pairs < 2)) return null;
  return { sopInstanceUid, graphicType: type, points: graphicData, ...(label ? { label } : {}) };
}

/** Regions read back from the JSON column, dropping anything malformed (the column is written by several importers). */
export function imageRegionsOf(value: unknown): ImageRegion[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((r: unknown) => {
    if (!r || typeof r !== "object") return [];
    const { sopInstanceUid, graphicType, points, label } = r as Record<string, unknown>;
    if (typeof sopInstanceUid !== "string" || typeof graphicType !== "string" || !Array.isArray(points) || !points.every((n) => typeof n === "number")) return [];
    const region = regionFromScoord(sopInstanceUid, graphicType, points as number[], typeof label === "string" ? label : undefined);
    return region ? [region] : [];
  });
}
