/**
 * QIDO-RS query parameters (PS3.18 8.3.4): matching keys by keyword or tag, StudyDate ranges, limit and offset.
 * Unknown keys are reported so the response can warn about them; malformed values are refused.
 */
import { isValidUid } from "./uid";

export class QueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "QueryError";
  }
}

/** Inclusive calendar dates, "YYYY-MM-DD"; either end may be open. */
export interface DateRange {
  from?: string;
  to?: string;
}

/** A text match: exact, or a prefix when the value ends with a single "*". */
export interface TextMatch {
  value: string;
  prefix: boolean;
}

export interface Paging {
  limit: number;
  offset: number;
}

export interface StudyQuery extends Paging {
  patientId?: TextMatch;
  studyInstanceUids?: string[];
  studyDate?: DateRange;
  modalities?: string[];
  accessionNumber?: TextMatch;
  /** Keys the server does not match on (answered with a Warning header). */
  ignored: string[];
}

export interface SeriesQuery extends Paging {
  seriesInstanceUids?: string[];
  modalities?: string[];
  ignored: string[];
}

export interface InstanceQuery extends Paging {
  sopInstanceUids?: string[];
  sopClassUids?: string[];
  ignored: string[];
}

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 1000;
// Parameters that shape the answer rather than filter it.
const CONTROL = new Set(["limit", "offset", "includefield", "fuzzymatching"]);

const KEYWORDS: Record<string, string> = {
  "00100020": "PatientID",
  "0020000D": "StudyInstanceUID",
  "00080020": "StudyDate",
  "00080061": "ModalitiesInStudy",
  "00080050": "AccessionNumber",
  "0020000E": "SeriesInstanceUID",
  "00080060": "Modality",
  "00080018": "SOPInstanceUID",
  "00080016": "SOPClassUID",
};

/** Keyword for a parameter given as keyword or as tag ("00100020"). */
function keyOf(name: string): string {
  return KEYWORDS[name.toUpperCase()] ?? name;
}

function paging(params: URLSearchParams): Paging {
  const number = (name: string, fallback: number, max: number) => {
    const raw = params.get(name);
    if (raw === null || raw === "") return fallback;
    if (!/^\d+$/.test(raw)) throw new QueryError(`${name} must be a whole number (got "${raw}").`);
    return Math.min(Number(raw), max);
  };
  const limit = number("limit", DEFAULT_LIMIT, MAX_LIMIT);
  if (limit === 0) throw new QueryError("limit must be at least 1.");
  return { limit, offset: number("offset", 0, Number.MAX_SAFE_INTEGER) };
}

function values(raw: string): string[] {
  return raw
    .split(/[\\,]/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function uids(name: string, raw: string): string[] {
  const list = values(raw);
  const bad = list.find((v) => !isValidUid(v));
  if (bad !== undefined || list.length === 0) throw new QueryError(`${name} must be one or more DICOM UIDs (digits and dots).`);
  return list;
}

function text(name: string, raw: string): TextMatch {
  const value = raw.trim();
  const stars = (value.match(/\*/g) ?? []).length;
  if (value.includes("?") || stars > 1 || (stars === 1 && !value.endsWith("*"))) {
    throw new QueryError(`${name}: only a trailing * is supported as a wildcard.`);
  }
  return stars === 1 ? { value: value.slice(0, -1), prefix: true } : { value, prefix: false };
}

function isoDate(name: string, raw: string): string {
  const match = raw.match(/^(\d{4})(\d{2})(\d{2})$/);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!match || !date || date.getUTCMonth() !== Number(match[2]) - 1 || date.getUTCDate() !== Number(match[3])) {
    throw new QueryError(`${name} must be a date YYYYMMDD or a range YYYYMMDD-YYYYMMDD (got "${raw}").`);
  }
  return `${match[1]}-${match[2]}-${match[3]}`;
}

/** "20240101", "20240101-20240131", "-20240131", "20240101-". */
export function parseDateRange(name: string, raw: string): DateRange {
  const value = raw.trim();
  const dash = value.indexOf("-");
  if (dash === -1) {
    const day = isoDate(name, value);
    return { from: day, to: day };
  }
  const from = value.slice(0, dash).trim();
  const to = value.slice(dash + 1).trim();
  if (!from && !to) throw new QueryError(`${name}: a range needs at least one date.`);
  const range: DateRange = { ...(from ? { from: isoDate(name, from) } : {}), ...(to ? { to: isoDate(name, to) } : {}) };
  if (range.from && range.to && range.from > range.to) throw new QueryError(`${name}: the range ends before it starts.`);
  return range;
}

function modalities(raw: string): string[] {
  const list = values(raw).map((m) => m.toUpperCase());
  if (list.some((m) => !/^[A-Z0-9]{1,16}$/.test(m))) throw new QueryError("Modality values are short codes such as CT or MR.");
  return list;
}

export function parseStudyQuery(params: URLSearchParams): StudyQuery {
  const query: StudyQuery = { ...paging(params), ignored: [] };
  for (const [name, raw] of params) {
    const key = keyOf(name);
    if (CONTROL.has(name.toLowerCase()) || raw === "") continue;
    if (key === "PatientID") query.patientId = text(key, raw);
    else if (key === "StudyInstanceUID") query.studyInstanceUids = uids(key, raw);
    else if (key === "StudyDate") query.studyDate = parseDateRange(key, raw);
    else if (key === "ModalitiesInStudy") query.modalities = modalities(raw);
    else if (key === "AccessionNumber") query.accessionNumber = text(key, raw);
    else query.ignored.push(name);
  }
  return query;
}

export function parseSeriesQuery(params: URLSearchParams): SeriesQuery {
  const query: SeriesQuery = { ...paging(params), ignored: [] };
  for (const [name, raw] of params) {
    const key = keyOf(name);
    if (CONTROL.has(name.toLowerCase()) || raw === "") continue;
    if (key === "SeriesInstanceUID") query.seriesInstanceUids = uids(key, raw);
    else if (key === "Modality") query.modalities = modalities(raw);
    else query.ignored.push(name);
  }
  return query;
}

export function parseInstanceQuery(params: URLSearchParams): InstanceQuery {
  const query: InstanceQuery = { ...paging(params), ignored: [] };
  for (const [name, raw] of params) {
    const key = keyOf(name);
    if (CONTROL.has(name.toLowerCase()) || raw === "") continue;
    if (key === "SOPInstanceUID") query.sopInstanceUids = uids(key, raw);
    else if (key === "SOPClassUID") query.sopClassUids = uids(key, raw);
    else query.ignored.push(name);
  }
  return query;
}
