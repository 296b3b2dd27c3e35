/**
 * A series' frames in one read of the PACS (WADO-RS retrieve of the series' instances), for the proxy's fetch ahead
 * (src/server/fast-path/pacs-frames.ts): one request where the viewer makes one per frame. A PACS answers it in a
 * fraction of the time: Orthanc sends the LIDC CT's 133 instances in about 100 ms, against 230-280 ms for its 133
 * frames asked six at a time. Only native (uncompressed) single-frame instances are cut into frames here; at the first
 * other instance the read stops, and the frames not yet read are left to the per-frame path.
 * Each instance's header is read as soon as it has arrived; its pixels are then copied, as they arrive, straight into
 * the memory the caller gives for the frame (the proxy's memory set aside, src/server/fast-path/recycled-memory.ts),
 * from a socket read into one buffer again and again (./pacs-raw-get.ts): one copy, and no memory of the PACS's
 * answer left for the garbage collector.
 */
import { parseMediaType } from "@/integrations/dicomweb/media-type";
import { MultipartReader } from "@/integrations/dicomweb/multipart";
import { nativeFrameLength, parseInstanceUntilPixelData, parseStoredInstance, readFrame, type Frame, type StoredInstance } from "@/integrations/dicomweb/pixel-data";
import { isNativeTransferSyntax, TS } from "@/integrations/dicomweb/transfer-syntax";
import { pacsRequest } from "./pacs-client";
import type { PacsConfig } from "./pacs-config";
import { rawGet, readableRaw, type RawBodyReader } from "./pacs-raw-get";

// As stored: without transfer-syntax=*, a PACS sends Explicit VR Little Endian, decoding every compressed instance.
const SERIES_ACCEPT = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/**
 * Where a series read puts each frame: `place` gives the memory for a frame of `length` bytes (and whatever the caller
 * keeps with it), `arrived` receives it once every byte is written, and `abandon` what was placed for a frame the read
 * did not finish.
 */
export interface FrameSink<Place extends { bytes: Buffer }> {
  place(length: number, transferSyntaxUid: string): Place;
  arrived(frame: { sop: string; transferSyntaxUid: string }, place: Place): void;
  abandon(place: Place): void;
}

class NotASingleNativeFrame extends Error {
  constructor() {
    super("The series holds instances that are not native single frames.");
  }
}

/** The header is first looked for once this much has arrived, then each time what has arrived has doubled. */
const FIRST_HEADER_TRY = 16 * 1024;

/**
 * One instance arriving in pieces (each valid only while it is handed over): its first bytes are copied until its
 * header has arrived, then its pixels are copied into the frame's place as they arrive. Files whose frame is not a
 * plain run of bytes (big endian, deflated, single bit) are copied whole and cut as the built-in store cuts them.
 */
class InstanceFrame<Place extends { bytes: Buffer }> {
  private pieces: Buffer[] = [];
  private received = 0;
  private nextTry = FIRST_HEADER_TRY;
  private frame: { sop: string; place: Place; written: number } | null = null;
  private whole = false;

  constructor(private readonly sink: FrameSink<Place>) {}

  add(piece: Buffer): void {
    if (this.frame) return this.take(piece);
    this.pieces.push(Buffer.from(piece));
    this.received += piece.length;
    if (!this.whole && this.received >= this.nextTry) this.readHeader();
  }

  /** Hands the instance's frame to the sink, once all of it has arrived. @throws NotASingleNativeFrame */
  end(): void {
    if (!this.frame && !this.whole) this.readHeader();
    if (!this.frame) return this.cutWhole(Buffer.concat(this.pieces));
    const { sop, place, written } = this.frame;
    this.frame = null;
    if (written < place.bytes.length) {
      this.sink.abandon(place);
      throw new NotASingleNativeFrame();
    }
    this.sink.arrived({ sop, transferSyntaxUid: TS.EXPLICIT_LITTLE }, place);
  }

  /** Gives back the place of a frame the read did not finish. */
  abandon(): void {
    if (this.frame) this.sink.abandon(this.frame.place);
    this.frame = null;
  }

  private readHeader(): void {
    const prefix = this.pieces.length === 1 ? this.pieces[0]! : Buffer.concat(this.pieces);
    this.pieces = [prefix];
    const instance = parseInstanceUntilPixelData(prefix);
    if (!instance) {
      this.nextTry = this.received * 2;
      return;
    }
    const sop = instance.dataSet.string("x00080018")?.trim();
    const { pixel, pixelData, transferSyntaxUid } = instance;
    if (!sop || !pixel || pixel.numberOfFrames !== 1 || !isNativeTransferSyntax(transferSyntaxUid)) throw new NotASingleNativeFrame();
    const plainRun = transferSyntaxUid !== TS.EXPLICIT_BIG && transferSyntaxUid !== TS.DEFLATED_LITTLE && pixel.bitsAllocated !== 1 && !pixelData.hadUndefinedLength;
    const length = nativeFrameLength(pixel);
    if (!plainRun || length > pixelData.length) {
      this.whole = true;
      return;
    }
    this.frame = { sop, place: this.sink.place(length, TS.EXPLICIT_LITTLE), written: 0 };
    this.pieces = [];
    this.take(prefix.subarray(pixelData.dataOffset));
  }

  private take(piece: Buffer): void {
    const frame = this.frame!;
    const take = Math.min(piece.length, frame.place.bytes.length - frame.written);
    if (take <= 0) return; // padding after the frame
    frame.written += piece.copy(frame.place.bytes, frame.written, 0, take);
  }

  private cutWhole(file: Buffer): void {
    let instance: StoredInstance;
    let frame: Frame;
    try {
      instance = parseStoredInstance(file);
      frame = readFrame(instance, 1);
    } catch {
      throw new NotASingleNativeFrame();
    }
    const sop = instance.dataSet.string("x00080018")?.trim();
    if (!sop || !instance.pixel || instance.pixel.numberOfFrames !== 1 || !isNativeTransferSyntax(instance.transferSyntaxUid)) throw new NotASingleNativeFrame();
    const place = this.sink.place(frame.bytes.byteLength, frame.transferSyntaxUid);
    place.bytes.set(frame.bytes);
    this.sink.arrived({ sop, transferSyntaxUid: frame.transferSyntaxUid }, place);
  }
}

/**
 * Reads the series' instances from the PACS and hands each one's frame to the sink as it arrives. Resolves when the
 * PACS's answer has ended; throws PacsUnavailableError as pacsRequest does, or an Error when the PACS does not answer
 * the series as multipart DICOM, the answer is cut off, or an instance is not a native single frame.
 */
export async function readSeriesFrames<Place extends { bytes: Buffer }>(
  pacs: PacsConfig,
  studyUid: string,
  seriesUid: string,
  sink: FrameSink<Place>,
  /** How the answer is read: from the socket into one buffer (plain http), or through Node's HTTP client (https). */
  transport: "socket" | "client" = readableRaw(pacs) ? "socket" : "client",
): Promise<void> {
  const path = `studies/${studyUid}/series/${seriesUid}`;
  let reader: MultipartReader | null = null;
  let instance = new InstanceFrame(sink);
  const answer: RawBodyReader = {
    head({ statusCode, headers }) {
      const type = parseMediaType(headers["content-type"] ?? "");
      const boundary = type.params.boundary;
      if (statusCode !== 200 || type.type !== "multipart/related" || !boundary) throw new Error(`The PACS answered the series retrieve with HTTP ${statusCode} (${type.type || "no content type"}).`);
      reader = new MultipartReader(boundary);
    },
    body(piece) {
      for (const event of reader!.write(piece)) {
        if (event.type === "part") instance = new InstanceFrame(sink);
        else if (event.type === "data") instance.add(Buffer.from(event.bytes.buffer, event.bytes.byteOffset, event.bytes.byteLength));
        else instance.end();
      }
    },
  };
  try {
    await (transport === "socket" ? rawGet(pacs, path, SERIES_ACCEPT, answer) : readThroughClient(pacs, path, answer));
    if (!reader) throw new Error("The PACS's answer to the series retrieve was cut off.");
    (reader as MultipartReader).end();
  } catch (error) {
    // A compressed or multi-frame instance, or a cut answer: the rest is left to the per-frame path.
    instance.abandon();
    throw error;
  }
}

/** The same read through Node's HTTP client (a PACS over https). */
async function readThroughClient(pacs: PacsConfig, path: string, reader: RawBodyReader): Promise<void> {
  const answer = await pacsRequest(pacs, path, { accept: SERIES_ACCEPT });
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      if (error) {
        answer.destroy();
        reject(error);
      } else resolve();
    };
    try {
      reader.head({ statusCode: answer.statusCode, headers: answer.headers as Record<string, string> });
    } catch (error) {
      answer.resume();
      return finish(error as Error);
    }
    answer.on("data", (chunk: Buffer) => {
      if (settled) return;
      try {
        reader.body(chunk);
      } catch (error) {
        finish(error as Error);
      }
    });
    const cutOff = () => finish(new Error("The PACS's answer to the series retrieve was cut off."));
    answer.on("end", () => finish());
    answer.on("error", cutOff);
    answer.on("close", cutOff);
  });
}
