/**
 * GET /api/dicomweb/studies/{study}/series/{series}/metadata on the fast path: the full route's answer
 * (retrieveSeriesMetadata) from the kept copy of ./series-metadata.ts, gzipped for a client that accepts it, audited
 * one event per request exactly as the full route. Anything else (not granted, not found, another media type, an
 * outside expert's or a peer's request) goes to the full route.
 */
import { parseAccept } from "@/integrations/dicomweb/media-type";
import { isValidUid } from "@/integrations/dicomweb/uid";
import { getPrisma } from "@/server/db";
import { ROUTE_POLICIES } from "@/server/http/route-policies";
import { auditDicomwebRead } from "@/server/services/imaging/read-audit";
import type { FastRoute } from "./fast-answer";
import { grantFast } from "./fast-grant";
import { sourceOf } from "./request-source";
import { acceptsGzip } from "./accepts-gzip";
import { seriesMetadataAnswer } from "./series-metadata";

export const SERIES_METADATA_PATH = /^\/api\/dicomweb\/studies\/([^/]+)\/series\/([^/]+)\/metadata$/;

const JSON_TYPES = ["application/dicom+json", "application/json", "*/*", "application/*"];

export const serveSeriesMetadataFast: FastRoute = async (request, match) => {
  const [, study, series] = match as unknown as [string, string, string];
  if (![study, series].every(isValidUid)) return null;
  const ranges = parseAccept(request.header("accept") ?? null);
  if (ranges.length && !ranges.some((r) => JSON_TYPES.includes(r.type))) return null;
  const db = await getPrisma();
  const granted = await grantFast(db, ROUTE_POLICIES["dicomweb.study"], request.header("cookie"), study, sourceOf(request));
  if (!granted) return null;
  const answer = await seriesMetadataAnswer(db, study, series);
  if (!answer || answer.patientId !== granted.access.patientId) return null;
  await auditDicomwebRead(db, granted.user, { patientId: answer.patientId, studyInstanceUid: study, seriesInstanceUid: series, resource: "series metadata" });
  const gzipped = acceptsGzip(request.header("accept-encoding"));
  return {
    contentType: "application/dicom+json",
    body: gzipped ? answer.gzipped : answer.json,
    cacheControl: "private, no-store",
    headers: { Vary: "Accept-Encoding", ...(gzipped ? { "Content-Encoding": "gzip" } : {}) },
  };
};
