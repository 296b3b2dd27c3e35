/**
 * LIDC-IDRI radiologist readings (LidcReadMessage XML): each of up to four readers outlines
 * nodules slice by slice and scores them. This turns the XML into data and merges the readers'
 * marks into consensus nodules for the tumor-board view.
 *
 * The format is regular and machine-written, so a small tag scanner is enough (no XML dependency).
 */

export interface LidcPoint {
  x: number;
  y: number;
}

export interface LidcRoi {
  sopInstanceUid: string;
  zPositionMm: number;
  /** false = the outline is a hole to exclude from the nodule. */
  inclusion: boolean;
  /** Outline in pixel coordinates (column x, row y). */
  edgeMap: LidcPoint[];
}

/** A nodule >= 3 mm: outlined on every slice and scored (malignancy 1-5 plus other characteristics). */
export interface LidcNodule {
  noduleId: string;
  malignancy: number | null;
  /** subtlety, internalStructure, calcification, sphericity, margin, lobulation, spiculation, texture, malignancy. */
  characteristics: Record<string, number>;
  rois: LidcRoi[];
}

/** A nodule < 3 mm: only its centre is marked and it carries no characteristics. */
export interface LidcSmallNodule {
  noduleId: string;
  rois: LidcRoi[];
}

/** A non-nodule finding >= 3 mm (a single locus point, no outline). */
export interface LidcNonNodule {
  nonNoduleId: string;
  sopInstanceUid: string;
  zPositionMm: number;
  locus: LidcPoint;
}

export interface LidcReader {
  /** 0-based order of the readingSession in the file. */
  readerIndex: number;
  /** Anonymized radiologist ID from the file ("" if absent). */
  radiologistId: string;
  nodules: LidcNodule[];
  smallNodules: LidcSmallNodule[];
  nonNodules: LidcNonNodule[];
}

export interface LidcReading {
  studyInstanceUid: string | null;
  seriesInstanceUid: string | null;
  readers: LidcReader[];
}

export interface LidcNoduleSummary {
  /** Number of distinct readers who outlined this nodule. */
  readerCount: number;
  totalReaders: number;
  /** One score (1-5) per reader that gave one, in reader order. */
  malignancyScores: number[];
  /** Which reader's nodule went into this consensus nodule. */
  members: { readerIndex: number; noduleId: string }[];
  zRangeMm: [number, number];
  /** Distinct slice positions covered by any reader's inclusion outline. */
  sliceCount: number;
  /** Largest in-plane extent of any inclusion outline, in mm. */
  maxDiameterMm: number;
  /** Slice of the single largest outline (by polygon area). */
  representativeSopInstanceUid: string;
  representativeZPositionMm: number;
  /** Mean of the readers' outline centroids, in pixels. */
  centroidPx: LidcPoint;
}

export class LidcParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LidcParseError";
  }
}

// Tags may carry a namespace prefix in some exports; attributes are never needed.
function blocks(xml: string, tag: string): string[] {
  const pattern = new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`, "g");
  return [...xml.matchAll(pattern)].map((m) => m[1] ?? "");
}

function text(xml: string, tag: string): string | null {
  const match = xml.match(new RegExp(`<(?:\\w+:)?${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</(?:\\w+:)?${tag}>`));
  return match ? decodeEntities((match[1] ?? "").trim()) : null;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function number(xml: string, tag: string): number | null {
  const value = text(xml, tag);
  if (value === null || value === "") return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function parsePoints(xml: string, tag: string): LidcPoint[] {
  return blocks(xml, tag).flatMap((block) => {
    const x = number(block, "xCoord");
    const y = number(block, "yCoord");
    return x === null || y === null ? [] : [{ x, y }];
  });
}

function parseRoi(xml: string): LidcRoi | null {
  const z = number(xml, "imageZposition");
  const sopInstanceUid = text(xml, "imageSOP_UID");
  if (z === null || !sopInstanceUid) return null;
  return {
    sopInstanceUid,
    zPositionMm: z,
    inclusion: (text(xml, "inclusion") ?? "TRUE").toUpperCase() !== "FALSE",
    edgeMap: parsePoints(xml, "edgeMap"),
  };
}

function parseCharacteristics(xml: string): Record<string, number> {
  const characteristics: Record<string, number> = {};
  for (const match of xml.matchAll(/<(?:\w+:)?(\w+)>\s*([^<]*?)\s*<\/(?:\w+:)?\1>/g)) {
    const name = match[1];
    const value = Number(match[2]);
    if (name && match[2] !== "" && Number.isFinite(value)) characteristics[name] = value;
  }
  return characteristics;
}

/**
 * Parses a LIDC-IDRI reading XML. Nodules with characteristics (>= 3 mm) go to `nodules`;
 * unscored small nodules (< 3 mm) to `smallNodules`; non-nodules to `nonNodules`.
 * @throws LidcParseError when the text is not a LIDC reading.
 */
export function parseLidcReading(xml: string): LidcReading {
  if (!/<(?:\w+:)?LidcReadMessage[\s>]/.test(xml)) {
    throw new LidcParseError("Not a LIDC-IDRI reading: no <LidcReadMessage> element");
  }
  const header = blocks(xml, "ResponseHeader")[0] ?? "";
  const readers = blocks(xml, "readingSession").map((session, readerIndex): LidcReader => {
    const nodules: LidcNodule[] = [];
    const smallNodules: LidcSmallNodule[] = [];
    for (const block of blocks(session, "unblindedReadNodule")) {
      const noduleId = text(block, "noduleID") ?? "";
      const rois = blocks(block, "roi").flatMap((roi) => parseRoi(roi) ?? []);
      const characteristicsXml = blocks(block, "characteristics")[0];
      const characteristics = characteristicsXml === undefined ? {} : parseCharacteristics(characteristicsXml);
      if (Object.keys(characteristics).length === 0) {
        smallNodules.push({ noduleId, rois });
        continue;
      }
      const malignancy = characteristics.malignancy;
      nodules.push({
        noduleId,
        // 0 or out-of-range means "not scored" in some readings.
        malignancy: malignancy !== undefined && malignancy >= 1 && malignancy <= 5 ? malignancy : null,
        characteristics,
        rois,
      });
    }
    const nonNodules = blocks(session, "nonNodule").flatMap((block): LidcNonNodule[] => {
      const z = number(block, "imageZposition");
      const sopInstanceUid = text(block, "imageSOP_UID");
      const [locus] = parsePoints(block, "locus");
      if (z === null || !sopInstanceUid || !locus) return [];
      return [{ nonNoduleId: text(block, "nonNoduleID") ?? "", sopInstanceUid, zPositionMm: z, locus }];
    });
    return {
      readerIndex,
      radiologistId: text(session, "servicingRadiologistID") ?? "",
      nodules,
      smallNodules,
      nonNodules,
    };
  });
  return {
    studyInstanceUid: text(header, "StudyInstanceUID"),
    seriesInstanceUid: text(header, "SeriesInstanceUid") ?? text(header, "SeriesInstanceUID"),
    readers,
  };
}

function polygonArea(points: LidcPoint[]): number {
  let twice = 0;
  points.forEach((p, i) => {
    const q = points[(i + 1) % points.length] as LidcPoint;
    twice += p.x * q.y - q.x * p.y;
  });
  return Math.abs(twice) / 2;
}

function maxExtent(points: LidcPoint[]): number {
  let best = 0;
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i] as LidcPoint;
      const b = points[j] as LidcPoint;
      best = Math.max(best, Math.hypot(a.x - b.x, a.y - b.y));
    }
  }
  return best;
}

interface NoduleFootprint {
  readerIndex: number;
  nodule: LidcNodule;
  rois: LidcRoi[];
  zMin: number;
  zMax: number;
  centroid: LidcPoint;
}

function footprint(readerIndex: number, nodule: LidcNodule): NoduleFootprint | null {
  const rois = nodule.rois.filter((r) => r.inclusion && r.edgeMap.length > 0);
  if (rois.length === 0) return null;
  const points = rois.flatMap((r) => r.edgeMap);
  const zs = rois.map((r) => r.zPositionMm);
  return {
    readerIndex,
    nodule,
    rois,
    zMin: Math.min(...zs),
    zMax: Math.max(...zs),
    centroid: {
      x: points.reduce((s, p) => s + p.x, 0) / points.length,
      y: points.reduce((s, p) => s + p.y, 0) / points.length,
    },
  };
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface SummarizeLidcOptions {
  /** Centroids further apart than this are different nodules (default 15 mm). */
  maxCentroidDistanceMm?: number;
  /** Slack added to the z-overlap test, e.g. for readers who stop one slice early (default 0). */
  zToleranceMm?: number;
}

/**
 * Merges the readers' scored nodules into consensus nodules: two marks are the same nodule when
 * their z ranges overlap and their centroids are within ~15 mm in-plane. A reader contributes at
 * most one mark per consensus nodule. Sorted by reader agreement, then by z.
 */
export function summarizeLidcNodules(
  reading: LidcReading,
  pixelSpacingMm: number,
  options: SummarizeLidcOptions = {},
): LidcNoduleSummary[] {
  const maxDistanceMm = options.maxCentroidDistanceMm ?? 15;
  const zTolerance = options.zToleranceMm ?? 0;
  const footprints = reading.readers.flatMap((reader) =>
    reader.nodules.flatMap((nodule) => footprint(reader.readerIndex, nodule) ?? []),
  );
  // Bigger marks first so a cluster is seeded by a well-outlined nodule rather than a sliver.
  footprints.sort((a, b) => b.rois.length - a.rois.length || a.readerIndex - b.readerIndex);

  const clusters: NoduleFootprint[][] = [];
  const centroidOf = (members: NoduleFootprint[]): LidcPoint => ({
    x: members.reduce((s, m) => s + m.centroid.x, 0) / members.length,
    y: members.reduce((s, m) => s + m.centroid.y, 0) / members.length,
  });
  for (const candidate of footprints) {
    let best: { cluster: NoduleFootprint[]; distanceMm: number } | null = null;
    for (const cluster of clusters) {
      if (cluster.some((m) => m.readerIndex === candidate.readerIndex)) continue;
      const zMin = Math.min(...cluster.map((m) => m.zMin));
      const zMax = Math.max(...cluster.map((m) => m.zMax));
      const overlaps = candidate.zMin <= zMax + zTolerance && candidate.zMax >= zMin - zTolerance;
      if (!overlaps) continue;
      const c = centroidOf(cluster);
      const distanceMm = Math.hypot(c.x - candidate.centroid.x, c.y - candidate.centroid.y) * pixelSpacingMm;
      if (distanceMm <= maxDistanceMm && (!best || distanceMm < best.distanceMm)) best = { cluster, distanceMm };
    }
    if (best) best.cluster.push(candidate);
    else clusters.push([candidate]);
  }

  const summaries = clusters.map((members): LidcNoduleSummary => {
    members.sort((a, b) => a.readerIndex - b.readerIndex);
    const rois = members.flatMap((m) => m.rois);
    let largest = rois[0] as LidcRoi;
    let largestArea = -1;
    let maxDiameterPx = 0;
    for (const roi of rois) {
      const area = polygonArea(roi.edgeMap);
      if (area > largestArea) {
        largest = roi;
        largestArea = area;
      }
      maxDiameterPx = Math.max(maxDiameterPx, maxExtent(roi.edgeMap));
    }
    const centroid = centroidOf(members);
    return {
      readerCount: new Set(members.map((m) => m.readerIndex)).size,
      totalReaders: reading.readers.length,
      malignancyScores: members.flatMap((m) => (m.nodule.malignancy === null ? [] : [m.nodule.malignancy])),
      members: members.map((m) => ({ readerIndex: m.readerIndex, noduleId: m.nodule.noduleId })),
      zRangeMm: [Math.min(...members.map((m) => m.zMin)), Math.max(...members.map((m) => m.zMax))],
      sliceCount: new Set(rois.map((r) => r.zPositionMm)).size,
      maxDiameterMm: round(maxDiameterPx * pixelSpacingMm, 1),
      representativeSopInstanceUid: largest.sopInstanceUid,
      representativeZPositionMm: largest.zPositionMm,
      centroidPx: { x: round(centroid.x, 1), y: round(centroid.y, 1) },
    };
  });
  return summaries.sort((a, b) => b.readerCount - a.readerCount || a.zRangeMm[0] - b.zRangeMm[0]);
}

/** The readers' inclusion outlines of one consensus nodule, slice by slice: what a radiologist would see drawn. */
export function noduleOutlines(reading: LidcReading, nodule: LidcNoduleSummary): { readerIndex: number; sopInstanceUid: string; points: LidcPoint[] }[] {
  return nodule.members.flatMap((member) => {
    const drawn = reading.readers.find((r) => r.readerIndex === member.readerIndex)?.nodules.find((n) => n.noduleId === member.noduleId);
    return (drawn?.rois ?? []).filter((roi) => roi.inclusion && roi.edgeMap.length > 0).map((roi) => ({ readerIndex: member.readerIndex, sopInstanceUid: roi.sopInstanceUid, points: roi.edgeMap }));
  });
}
