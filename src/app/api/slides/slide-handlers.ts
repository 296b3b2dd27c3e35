/**
 * The bodies of the slide routes (tiles, info, upload), handlers for withGuard: the route.ts files name their
 * policy ("slide.tile", "slide.info", "slide.upload") and hand over.
 */
import { createWriteStream } from "node:fs";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { z } from "zod";
import { parseTileAddress } from "@/integrations/pathology/tile-layout";
import { SlideReadError } from "@/integrations/pathology/read-slide-header";
import { idSchema } from "@/server/api/id-schema";
import { etagOf, matchesEtag } from "@/server/http/etag";
import { problem } from "@/server/http/problem";
import type { Guarded } from "@/server/http/with-guard";
import { beginSlideImport } from "@/server/services/slides/import-slide";
import { auditSlideTileRead, getSlideTileInfo } from "@/server/services/slides/read-slides";
import { createStagingFolder, discardFolder, maxUploadBytes } from "@/server/services/slides/slide-store";
import { readSlideTile } from "@/server/services/slides/slide-tiles";

/**
 * GET /api/slides/{slideId}/tiles/{level}/{col}_{row}.jpeg; the edge lets the browser keep it privately for minutes,
 * as immutable, with an ETag: a request naming it is answered 304 (granted and audited all the same).
 * The read is audited at most once per user, slide and minute (a client that skips /info is still on the record).
 */
export async function serveSlideTile({ db, user, access, params, request }: Guarded<{ slideId: string; level: string; tile: string }>): Promise<Response> {
  const address = parseTileAddress(params.level, params.tile);
  if (!address) return problem(400, "A tile address is /tiles/{level}/{column}_{row}.jpeg, with whole numbers.");
  const tile = await readSlideTile(db, params.slideId, address);
  if (!tile.found) return problem(404, tile.message);
  if (access.patientId) await auditSlideTileRead(db, user, { id: params.slideId, patientId: access.patientId });
  const etag = etagOf(tile.bytes);
  if (matchesEtag(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(new Uint8Array(tile.bytes), { headers: { "Content-Type": "image/jpeg", "Content-Length": String(tile.bytes.length), ETag: etag } });
}

/** GET /api/slides/{slideId}/info: size, tiling and pixel spacing for a tile client; audited as the slide's opening. */
export async function serveSlideInfo({ db, user, params }: Guarded<{ slideId: string }>): Promise<Response> {
  const info = await getSlideTileInfo(db, user, params.slideId);
  if (!info) return problem(404, "This slide is not converted yet.");
  return Response.json(info, { headers: { "Cache-Control": "private, no-store" } });
}

const uploadQuery = z.object({
  patientId: idSchema,
  label: z.string().trim().min(1, "Give the slide a label (e.g. block and level).").max(200),
  specimen: z.string().trim().min(1, "Say which specimen the slide is from.").max(300),
  stain: z.string().trim().min(1, "Say how the slide is stained (e.g. H&E).").max(100),
  acquiredAt: z.iso.date().optional(),
});

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(bytes % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${bytes} bytes`;
}

class TooLarge extends Error {}

/**
 * POST /api/slides/upload?patientId=&label=&specimen=&stain=[&acquiredAt=YYYY-MM-DD], body: the file itself.
 * The body streams to disk (never held in memory) and is refused past CONCILIUM_MAX_UPLOAD_BYTES. Answers 202 with
 * the new slide's ID once the file is accepted; the conversion goes on and the page polls slide.importStatus.
 */
export async function receiveSlideUpload({ db, user, request }: Guarded<Record<never, never>>): Promise<Response> {
  const parsed = uploadQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) return problem(400, parsed.error.issues.map((i) => i.message).join(" "));
  const limit = maxUploadBytes();
  const tooLarge = (size?: number) =>
    problem(413, `${size ? `The file is ${formatBytes(size)}; ` : "The file is too large; "}slides up to ${formatBytes(limit)} can be uploaded.`);
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limit) return tooLarge(declared);
  if (!request.body || declared === 0) return problem(400, "The upload is empty: choose a slide file.");

  const folder = await createStagingFolder("upload");
  const file = path.join(folder, "slide");
  let received = 0;
  try {
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        callback(received > limit ? new TooLarge() : null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>), counter, createWriteStream(file));
    if (received === 0) throw new SlideReadError("NO_IMAGE", "The upload is empty: choose a slide file.");
    const { patientId, acquiredAt, ...meta } = parsed.data;
    const started = await beginSlideImport(db, user, {
      patientId,
      ...meta,
      source: { path: file },
      origin: "upload",
      ...(acquiredAt ? { acquiredAt: new Date(`${acquiredAt}T00:00:00Z`) } : {}),
    });
    // The uploaded file is only needed until the conversion is over, whatever its outcome.
    const cleanUp = () => discardFolder(folder).catch(() => undefined);
    void started.completion.then(cleanUp, cleanUp);
    return Response.json({ slideId: started.slideId }, { status: 202 });
  } catch (error) {
    await discardFolder(folder);
    if (error instanceof TooLarge) return tooLarge();
    if (error instanceof SlideReadError) return problem(error.message.startsWith("The upload is empty") ? 400 : 415, error.message);
    throw error;
  }
}
