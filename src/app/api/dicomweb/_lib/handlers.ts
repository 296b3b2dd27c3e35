/**
 * The DICOMweb resources of the built-in image store (base /api/dicomweb): QIDO-RS searches, WADO-RS metadata,
 * instances, frames, bulk data, rendered images and thumbnails, and STOW-RS. Each reads its request, calls a
 * service of src/server/services/imaging (which checks, reads and audits) and writes the DICOMweb answer.
 */
import { MAX_FRAMES_PER_REQUEST, parseFrameList } from "@/integrations/dicomweb/frame-list";
import { parseAccept } from "@/integrations/dicomweb/media-type";
import type { OutgoingPart } from "@/integrations/dicomweb/multipart";
import type { Frame, PixelModule } from "@/integrations/dicomweb/pixel-data";
import { negotiateFrames, negotiateRendered } from "@/integrations/dicomweb/negotiation";
import { parseInstanceQuery, parseSeriesQuery, parseStudyQuery } from "@/integrations/dicomweb/qido";
import { instanceToDicomJson, seriesToDicomJson, studyToDicomJson } from "@/integrations/dicomweb/responses";
import { TS } from "@/integrations/dicomweb/transfer-syntax";
import { deliverFrame, instanceFile, instanceFrames, instanceMetadata, renderInstance, seriesMetadata, seriesThumbnail, studyFiles, studyMetadata, THUMBNAIL_SIZE, type RenderRequest, type StoredFile } from "@/server/services/imaging/retrieve";
import { searchInstances, searchSeries, searchStudies } from "@/server/services/imaging/search";
import type { RouteContext } from "@/server/api/route-guard";
import { dicomJson, HttpError, image, multipart } from "./http";
import type { DicomwebRoute } from "./serve";
import { storeInstances } from "./stow";

type NoParams = Record<never, never>;
type Study = { study: string };
type Series = Study & { series: string };
type Instance = Series & { instance: string };

const warnIgnored = (ignored: string[]): Record<string, string> =>
  ignored.length ? { Warning: `299 concilium "Not matched on: ${ignored.join(", ").replace(/[^\w ,.-]/g, "").slice(0, 200)}"` } : {};

const viewer = (ctx: RouteContext) => ({ id: ctx.user.id, email: ctx.user.email, boardIds: ctx.user.boardIds });
const ids = (p: Instance) => ({ study: p.study, series: p.series, instance: p.instance });

function acceptsJson(request: Request) {
  const ranges = parseAccept(request.headers.get("accept"));
  if (ranges.length && !ranges.some((r) => ["application/dicom+json", "application/json", "*/*", "application/*"].includes(r.type))) {
    throw new HttpError(406, "This resource is available as application/dicom+json only.");
  }
}

export const searchForStudies: DicomwebRoute<NoParams> = {
  name: "QIDO studies",
  scope: "none",
  async handler(ctx, request) {
    acceptsJson(request);
    const query = parseStudyQuery(new URL(request.url).searchParams);
    const studies = await searchStudies(ctx.db, viewer(ctx), query);
    return dicomJson(studies.map(studyToDicomJson), { headers: warnIgnored(query.ignored) });
  },
};

export const storeStudies: DicomwebRoute<NoParams> = {
  name: "STOW studies",
  scope: "none",
  handler: (ctx, request) => storeInstances(ctx, request),
};

export const searchForSeries: DicomwebRoute<Study> = {
  name: "QIDO series",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsJson(request);
    const query = parseSeriesQuery(new URL(request.url).searchParams);
    return dicomJson((await searchSeries(ctx.db, ctx.user, p.study, query)).map(seriesToDicomJson), { headers: warnIgnored(query.ignored) });
  },
};

export const searchForInstances: DicomwebRoute<Series> = {
  name: "QIDO instances",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsJson(request);
    const query = parseInstanceQuery(new URL(request.url).searchParams);
    return dicomJson((await searchInstances(ctx.db, ctx.user, p.study, p.series, query)).map(instanceToDicomJson), { headers: warnIgnored(query.ignored) });
  },
};

export const retrieveStudyMetadata: DicomwebRoute<Study> = {
  name: "WADO study metadata",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsJson(request);
    return dicomJson(await studyMetadata(ctx.db, ctx.user, p.study));
  },
};

export const retrieveSeriesMetadata: DicomwebRoute<Series> = {
  name: "WADO series metadata",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsJson(request);
    return dicomJson(await seriesMetadata(ctx.db, ctx.user, p.study, p.series));
  },
};

export const retrieveInstanceMetadata: DicomwebRoute<Instance> = {
  name: "WADO instance metadata",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsJson(request);
    return dicomJson(await instanceMetadata(ctx.db, ctx.user, p.study, p.series, p.instance));
  },
};

/** Instances go out as stored: clients asking for another transfer syntax get 406, not a silent substitute. */
function acceptsDicomAsStored(request: Request) {
  const ranges = parseAccept(request.headers.get("accept"));
  const acceptable = (r: (typeof ranges)[number]) =>
    r.type === "*/*" || r.type === "multipart/*" || (r.type === "multipart/related" && ["application/dicom", undefined].includes(r.params.type) && [undefined, "*"].includes(r.params["transfer-syntax"]));
  if (ranges.length && !ranges.some(acceptable)) {
    throw new HttpError(406, 'Instances are sent as stored: ask for multipart/related; type="application/dicom" (transfer-syntax=* or none).');
  }
}

export const retrieveInstance: DicomwebRoute<Instance> = {
  name: "WADO instance",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsDicomAsStored(request);
    const bytes = await instanceFile(ctx.db, ctx.user, p.study, p.series, p.instance);
    return multipart([{ contentType: "application/dicom", body: bytes }], "application/dicom");
  },
};

/**
 * The files of a study or series as parts, each read from disk when the previous one has been sent. The first is
 * read at once, so that a missing file is an error answer rather than a response that breaks off.
 */
async function fileParts(files: StoredFile[]): Promise<AsyncIterable<OutgoingPart>> {
  const first = await files[0]!.read();
  return (async function* () {
    yield { contentType: "application/dicom", body: first };
    for (const file of files.slice(1)) yield { contentType: "application/dicom", body: await file.read() };
  })();
}

export const retrieveStudy: DicomwebRoute<Study> = {
  name: "WADO study",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsDicomAsStored(request);
    return multipart(await fileParts(await studyFiles(ctx.db, ctx.user, p.study)), "application/dicom");
  },
};

export const retrieveSeries: DicomwebRoute<Series> = {
  name: "WADO series",
  scope: "study",
  async handler(ctx, request, p) {
    acceptsDicomAsStored(request);
    return multipart(await fileParts(await studyFiles(ctx.db, ctx.user, p.study, p.series)), "application/dicom");
  },
};

export { MAX_FRAMES_PER_REQUEST };

/** The frame numbers of a /frames/{list} path, each once, in the order first asked for. */
function frameNumbers(list: string): number[] {
  const parsed = parseFrameList(list);
  if ("error" in parsed) throw new HttpError(400, parsed.error);
  return parsed.numbers;
}

/**
 * Frames as parts, each decoded only when the previous one has been sent. The first is decoded at once, so that a
 * frame that cannot be decoded is an error answer rather than a response that breaks off.
 */
function frameParts(frames: Frame[], pixel: PixelModule, decodeRle: boolean, contentType: string): Iterable<OutgoingPart> {
  const first = deliverFrame(frames[0]!, pixel, decodeRle);
  return (function* () {
    yield { contentType, body: first.bytes };
    for (const frame of frames.slice(1)) yield { contentType, body: deliverFrame(frame, pixel, decodeRle).bytes };
  })();
}

export const retrieveFrames: DicomwebRoute<Instance & { frames: string }> = {
  name: "WADO frames",
  scope: "study",
  async handler(ctx, request, p) {
    const numbers = frameNumbers(p.frames);
    const { frames, pixel } = await instanceFrames(ctx.db, ctx.user, ids(p), numbers);
    const delivery = negotiateFrames(request.headers.get("accept"), frames[0]!.transferSyntaxUid);
    if (!delivery) {
      throw new HttpError(
        406,
        `These frames are stored with transfer syntax ${frames[0]!.transferSyntaxUid}; ask for multipart/related; type="application/octet-stream"; transfer-syntax=* to receive them as stored.`,
      );
    }
    return multipart(frameParts(frames, pixel, delivery.mode === "decode", delivery.partContentType), delivery.partMediaType, { "transfer-syntax": delivery.transferSyntaxUid });
  },
};

export const retrieveBulkData: DicomwebRoute<Instance & { tag: string }> = {
  name: "WADO bulk data",
  scope: "study",
  async handler(ctx, request, p) {
    if (p.tag.toUpperCase() !== "7FE00010") throw new HttpError(404, "Only the pixel data (7FE00010) is served as bulk data.");
    const { frames, pixel } = await instanceFrames(ctx.db, ctx.user, ids(p), "all");
    const stored = frames[0]!.transferSyntaxUid;
    const delivery = negotiateFrames(request.headers.get("accept"), stored);
    if (!delivery) throw new HttpError(406, `The pixel data is stored with transfer syntax ${stored}; ask for transfer-syntax=* to receive it as stored.`);
    const decode = delivery.mode === "decode";
    // Native pixel data is one value; compressed pixel data goes frame by frame.
    const parts =
      delivery.transferSyntaxUid === TS.EXPLICIT_LITTLE
        ? [{ contentType: delivery.partContentType, body: Buffer.concat(frames.map((f) => deliverFrame(f, pixel, decode).bytes)) }]
        : frameParts(frames, pixel, decode, delivery.partContentType);
    return multipart(parts, delivery.partMediaType, { "transfer-syntax": delivery.transferSyntaxUid });
  },
};

function intParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new HttpError(400, `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** Query parameters of /rendered and /thumbnail (PS3.18 8.3.5.1): viewport, window, quality; and the frame. */
function renderRequest(request: Request, thumbnail: boolean): RenderRequest {
  const params = new URL(request.url).searchParams;
  const format = negotiateRendered(params.get("accept") ?? request.headers.get("accept"));
  if (!format) throw new HttpError(406, "Rendered images are available as image/jpeg or image/png.");
  const rendered: RenderRequest = { format, quality: intParam(params, "quality", 1, 100), frameNumber: intParam(params, "frame", 1, 1_000_000) };
  const viewport = params.get("viewport");
  if (viewport) {
    const [w, h] = viewport.split(",").map(Number);
    if (!Number.isInteger(w) || !Number.isInteger(h) || w! < 1 || h! < 1 || w! > 4096 || h! > 4096) throw new HttpError(400, "viewport must be width,height in pixels (1 to 4096).");
    rendered.maxWidth = w;
    rendered.maxHeight = h;
  } else if (thumbnail) {
    rendered.maxWidth = THUMBNAIL_SIZE;
    rendered.maxHeight = THUMBNAIL_SIZE;
  }
  const window = params.get("window");
  if (window) {
    const [center, width, fn] = window.split(",");
    const c = Number(center);
    const w = Number(width);
    if (!Number.isFinite(c) || !Number.isFinite(w) || w < 1 || (fn !== undefined && fn.toLowerCase() !== "linear")) {
      throw new HttpError(400, "window must be center,width[,linear] with a width of at least 1.");
    }
    rendered.window = { center: c, width: w };
  }
  return rendered;
}

export const retrieveRendered: DicomwebRoute<Instance> = {
  name: "WADO rendered",
  scope: "study",
  async handler(ctx, request, p) {
    const { body, contentType } = await renderInstance(ctx.db, ctx.user, ids(p), renderRequest(request, false));
    return image(body, contentType);
  },
};

export const retrieveInstanceThumbnail: DicomwebRoute<Instance> = {
  name: "WADO instance thumbnail",
  scope: "study",
  async handler(ctx, request, p) {
    const { body, contentType } = await renderInstance(ctx.db, ctx.user, ids(p), renderRequest(request, true));
    return image(body, contentType);
  },
};

export const retrieveSeriesThumbnail: DicomwebRoute<Series> = {
  name: "WADO series thumbnail",
  scope: "study",
  async handler(ctx, request, p) {
    const { body, contentType } = await seriesThumbnail(ctx.db, ctx.user, p.study, p.series, renderRequest(request, true));
    return image(body, contentType);
  },
};
