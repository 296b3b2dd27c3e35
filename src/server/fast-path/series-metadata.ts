/**
 * Each series' WADO-RS metadata answer, kept in memory as the bytes sent (JSON, and gzipped once): at a case switch
 * every follower asks for the same series at once, and building the answer (hundreds of JSON rows read, parsed and
 * written again) costs far more than sending it. Concurrent first requests share one read. An entry is dropped the
 * moment the database announces that the series changed (`m:<series id>`: an instance added or its metadata
 * rewritten) or that anything moved or went away (`scope`); it is kept only while those announcements are received.
 * Access is checked and every answer audited by the caller, before anything is taken from here.
 */
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import type { PrismaClient } from "@/generated/prisma/client";
import { readSeriesMetadata } from "@/server/services/imaging/retrieve";
import { accessCaches } from "@/server/services/auth/access-caches";

export interface SeriesMetadataAnswer {
  seriesId: string;
  patientId: string;
  json: Buffer;
  gzipped: Buffer;
}

const LIMIT_BYTES = 64 * 1024 * 1024;
const KEY = Symbol.for("concilium.seriesMetadata");

interface Kept {
  entries: Map<string, SeriesMetadataAnswer>;
  reading: Map<string, Promise<SeriesMetadataAnswer | null>>;
  bytes: number;
  /** Counts drops: an answer read while a drop came in is used once, not kept (it may predate the change). */
  generation: number;
}

const holder = globalThis as { [KEY]?: Kept };
const kept: Kept = (holder[KEY] ??= { entries: new Map(), reading: new Map(), bytes: 0, generation: 0 });
const gzipAsync = promisify(gzip);

/** The answer for this study's series, or null when there is no such series (the full route says so). */
export async function seriesMetadataAnswer(db: PrismaClient, study: string, series: string): Promise<SeriesMetadataAnswer | null> {
  const key = `${study}/${series}`;
  const known = kept.entries.get(key);
  if (known && accessCaches.live) return known;
  const pending = kept.reading.get(key);
  if (pending) return pending;
  const since = kept.generation;
  const reading = build(db, study, series).finally(() => {
    if (kept.reading.get(key) === reading) kept.reading.delete(key);
  });
  kept.reading.set(key, reading);
  const answer = await reading;
  if (answer && since === kept.generation && accessCaches.live) keep(key, answer);
  return answer;
}

async function build(db: PrismaClient, study: string, series: string): Promise<SeriesMetadataAnswer | null> {
  const read = await readSeriesMetadata(db, study, series).catch(() => null);
  if (!read) return null;
  const json = Buffer.from(JSON.stringify(read.instances));
  // Off the event loop (libuv's pool): DICOM JSON shrinks to a few per cent.
  const gzipped = await gzipAsync(json);
  return { seriesId: read.seriesId, patientId: read.patientId, json, gzipped };
}

function keep(key: string, answer: SeriesMetadataAnswer) {
  const size = answer.json.length + answer.gzipped.length;
  if (size > LIMIT_BYTES / 8) return;
  const previous = kept.entries.get(key);
  if (previous) kept.bytes -= previous.json.length + previous.gzipped.length;
  kept.entries.set(key, answer);
  kept.bytes += size;
  for (const [oldest, entry] of kept.entries) {
    if (kept.bytes <= LIMIT_BYTES) break;
    kept.entries.delete(oldest);
    kept.bytes -= entry.json.length + entry.gzipped.length;
  }
}

/** Drops the kept answer of one series (by its DicomSeries id), or of every series. */
export function forgetSeriesMetadata(seriesId?: string): void {
  kept.generation += 1;
  kept.reading.clear();
  for (const [key, entry] of kept.entries) {
    if (seriesId !== undefined && entry.seriesId !== seriesId) continue;
    kept.entries.delete(key);
    kept.bytes -= entry.json.length + entry.gzipped.length;
  }
}
