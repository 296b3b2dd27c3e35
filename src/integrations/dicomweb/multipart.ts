/**
 * multipart/related bodies (RFC 2046 5.1, RFC 2387) as STOW-RS receives them and WADO-RS sends them.
 *
 * Reading: `MultipartReader` is a push parser that sees every byte a bounded number of times, whatever the chunking:
 * it holds back only what could be the start of a delimiter (at most the delimiter's length) or an unfinished header
 * line (at most MAX_HEADER_BYTES), and searches with Buffer.indexOf from where the last search stopped. The body of
 * a part is handed on in pieces as it arrives, so a caller can write it to disk instead of holding it.
 * Why our own: busboy reads multipart/form-data only; @remix-run/multipart-parser reads multipart/related but hands
 * over each part only once its whole body sits in memory (up to the per-part limit), which for a 512 MiB DICOM file is
 * exactly what STOW-RS must avoid. The parser it replaced scanned to the end of the body once per part (quadratic:
 * 40,000 empty parts took 15 s of one core).
 *
 * Writing: `multipartStream` sends part after part as the reader pulls, so a response never exists as one buffer.
 */
import { randomBytes } from "node:crypto";

export interface MultipartPart {
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Uint8Array;
}

export class MultipartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MultipartError";
  }
}

/** More parts than the reader accepts: a request of many tiny parts costs the server per part, not per byte. */
export class TooManyPartsError extends MultipartError {
  constructor(readonly limit: number) {
    super(`The upload has more than ${limit.toLocaleString("en-GB")} parts; send at most ${limit.toLocaleString("en-GB")} files per request.`);
    this.name = "TooManyPartsError";
  }
}

export const MAX_HEADER_BYTES = 16 * 1024;
/** Transport padding after a delimiter, up to the end of its line (RFC 2046 allows whitespace there). */
const MAX_DELIMITER_LINE = 1024;
const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;

export type MultipartEvent = { type: "part"; headers: Record<string, string> } | { type: "data"; bytes: Uint8Array } | { type: "part-end" };

type State = "preamble" | "delimiter-line" | "headers" | "body" | "done";

function parseHeaderLine(line: string, headers: Record<string, string>) {
  const colon = line.indexOf(":");
  if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
}

/**
 * A push parser: `write(chunk)` returns what the chunk completed (a part's headers, pieces of its body, its end),
 * `end()` checks that the closing delimiter was seen. Tolerates a preamble, an epilogue, bare LF line ends and a
 * body that starts straight with the next delimiter. Pieces of body are views into the chunks given (no copy).
 */
export class MultipartReader {
  private readonly dashBoundary: Buffer;
  /** "\n--boundary": a body ends at the line break before its delimiter (the CR, if any, is dropped too). */
  private readonly bodyDelimiter: Buffer;
  private readonly maxParts: number;
  private pending: Buffer = Buffer.alloc(0);
  private state: State = "preamble";
  private headers: Record<string, string> = {};
  private headerBytes = 0;
  private bodyStarted = false;
  parts = 0;

  constructor(boundary: string, options: { maxParts?: number } = {}) {
    if (!boundary || boundary.length > 200) throw new MultipartError("The multipart body has no valid boundary.");
    this.dashBoundary = Buffer.from(`--${boundary}`, "latin1");
    this.bodyDelimiter = Buffer.from(`\n--${boundary}`, "latin1");
    this.maxParts = options.maxParts ?? Number.POSITIVE_INFINITY;
  }

  get finished(): boolean {
    return this.state === "done";
  }

  write(chunk: Uint8Array): MultipartEvent[] {
    if (this.state === "done") return []; // the epilogue is ignored
    const incoming = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const events: MultipartEvent[] = [];
    let buffer: Buffer;
    if (this.pending.length > 0 && this.heldBackIsBody(incoming)) {
      // The bytes held back are body after all: handed on as they are, so that the chunk is read where it lies
      // rather than copied behind them (a 512 KiB instance arrives in many chunks, each of which was copied).
      events.push({ type: "data", bytes: this.pending });
      buffer = incoming;
    } else buffer = this.pending.length ? Buffer.concat([this.pending, incoming]) : incoming;
    let position = 0;
    for (;;) {
      const before = position;
      position = this.step(buffer, position, events);
      if (position === before || this.finished) break;
    }
    buffer = this.finished ? Buffer.alloc(0) : buffer.subarray(position);
    // Keep our own copy of what is held back: the caller may reuse its chunk.
    this.pending = Buffer.from(buffer);
    return events;
  }

  /**
   * Whether the bytes held back in a body are certainly body: no delimiter starts among them, which shows within the
   * chunk's first delimiter-length bytes (a delimiter found there, even one that starts in the chunk, takes the
   * general path).
   */
  private heldBackIsBody(incoming: Buffer): boolean {
    if (this.state !== "body" || !this.bodyStarted || incoming.length < this.bodyDelimiter.length) return false;
    return Buffer.concat([this.pending, incoming.subarray(0, this.bodyDelimiter.length)]).indexOf(this.bodyDelimiter) === -1;
  }

  /** @throws MultipartError when the body ended before its closing delimiter. */
  end(): void {
    if (this.state === "preamble" && this.parts === 0) throw new MultipartError("The multipart body does not contain its boundary.");
    if (this.state !== "done") throw new MultipartError("The multipart body ends before its closing boundary: was the upload cut off?");
  }

  /** Consumes what it can from `position`; returns the new position (unchanged when it needs more bytes). */
  private step(buffer: Buffer, position: number, events: MultipartEvent[]): number {
    switch (this.state) {
      case "preamble": {
        const found = buffer.indexOf(this.dashBoundary, position);
        if (found === -1) return Math.max(position, buffer.length - this.dashBoundary.length + 1);
        this.state = "delimiter-line";
        return found + this.dashBoundary.length;
      }
      case "delimiter-line": {
        if (buffer.length - position < 2) return position;
        if (buffer[position] === DASH && buffer[position + 1] === DASH) {
          this.state = "done";
          return buffer.length;
        }
        const lineEnd = buffer.indexOf(LF, position);
        if (lineEnd === -1) {
          if (buffer.length - position > MAX_DELIMITER_LINE) throw new MultipartError("A multipart delimiter line is too long.");
          return position;
        }
        if (++this.parts > this.maxParts) throw new TooManyPartsError(this.maxParts);
        this.state = "headers";
        this.headers = {};
        this.headerBytes = 0;
        return lineEnd + 1;
      }
      case "headers": {
        const lineEnd = buffer.indexOf(LF, position);
        const lineLength = (lineEnd === -1 ? buffer.length : lineEnd + 1) - position;
        if (this.headerBytes + lineLength > MAX_HEADER_BYTES) throw new MultipartError(`The headers of part ${this.parts} are longer than ${MAX_HEADER_BYTES / 1024} KiB.`);
        if (lineEnd === -1) return position;
        this.headerBytes += lineLength;
        const contentEnd = lineEnd > position && buffer[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
        if (contentEnd === position) {
          events.push({ type: "part", headers: this.headers });
          this.state = "body";
          this.bodyStarted = false;
        } else {
          parseHeaderLine(buffer.toString("latin1", position, contentEnd), this.headers);
        }
        return lineEnd + 1;
      }
      case "body": {
        // A writer that leaves out the line break of an empty body: the next delimiter follows the blank line directly.
        if (!this.bodyStarted) {
          const available = Math.min(buffer.length - position, this.dashBoundary.length);
          if (buffer.subarray(position, position + available).equals(this.dashBoundary.subarray(0, available))) {
            if (available < this.dashBoundary.length) return position;
            events.push({ type: "part-end" });
            this.state = "delimiter-line";
            return position + this.dashBoundary.length;
          }
          this.bodyStarted = true;
        }
        const found = buffer.indexOf(this.bodyDelimiter, position);
        if (found !== -1) {
          const end = found > position && buffer[found - 1] === CR ? found - 1 : found;
          if (end > position) events.push({ type: "data", bytes: buffer.subarray(position, end) });
          events.push({ type: "part-end" });
          this.state = "delimiter-line";
          return found + this.bodyDelimiter.length;
        }
        // Hold back what could be the start of "\r\n--boundary"; hand on the rest.
        const safe = buffer.length - this.bodyDelimiter.length;
        if (safe <= position) return position;
        events.push({ type: "data", bytes: buffer.subarray(position, safe) });
        return safe;
      }
      case "done":
        return position;
    }
  }
}

/** Splits a whole multipart body held in memory. Parts are views into `body` where possible. */
export function parseMultipart(body: Uint8Array, boundary: string, options: { maxParts?: number } = {}): MultipartPart[] {
  const reader = new MultipartReader(boundary, options);
  const parts: MultipartPart[] = [];
  let pieces: Uint8Array[] = [];
  let headers: Record<string, string> = {};
  for (const event of reader.write(body)) {
    if (event.type === "part") {
      headers = event.headers;
      pieces = [];
    } else if (event.type === "data") pieces.push(event.bytes);
    else if (pieces.length <= 1) parts.push({ headers, body: pieces[0] ?? new Uint8Array(0) });
    else {
      const joined = Buffer.concat(pieces);
      parts.push({ headers, body: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength) });
    }
  }
  reader.end();
  return parts;
}

export interface OutgoingPart {
  contentType: string;
  body: Uint8Array;
  headers?: Record<string, string>;
}

// Random bytes drawn 4 KiB at a time: a frame answer needs a boundary, and drawing 16 bytes from the system for each
// took some 4 % of the server's time under load. Each boundary is still 128 unpredictable bits, used once.
let randomPool = Buffer.alloc(0);
let poolAt = 0;

export function newBoundary(): string {
  if (poolAt + 16 > randomPool.length) {
    randomPool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 16;
  return `concilium-${randomPool.toString("hex", poolAt - 16, poolAt)}`;
}

function partHead(part: OutgoingPart, boundary: string): Buffer {
  const headers = { "Content-Type": part.contentType, ...part.headers };
  return Buffer.from(
    `--${boundary}\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\r\n")}\r\n\r\n`,
    "latin1",
  );
}

const CRLF = Buffer.from("\r\n");

/** One multipart body: `--boundary CRLF headers CRLF CRLF body CRLF` per part, then `--boundary--`. */
export function writeMultipart(parts: OutgoingPart[], boundary: string = newBoundary()): { body: Uint8Array; boundary: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) chunks.push(partHead(part, boundary), Buffer.from(part.body.buffer, part.body.byteOffset, part.body.byteLength), CRLF);
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  const joined = Buffer.concat(chunks);
  return { body: new Uint8Array(joined.buffer, joined.byteOffset, joined.byteLength), boundary };
}

/**
 * The same body as `writeMultipart`, produced part by part as the client reads: a part is taken from `parts` (and so
 * read or decoded) only when the previous one has been sent. `parts` may be async (files read from disk in turn).
 */
export function multipartStream(parts: Iterable<OutgoingPart> | AsyncIterable<OutgoingPart>, boundary: string = newBoundary()): ReadableStream<Uint8Array> {
  const iterator: Iterator<OutgoingPart> | AsyncIterator<OutgoingPart> = Symbol.asyncIterator in parts ? parts[Symbol.asyncIterator]() : parts[Symbol.iterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.enqueue(Buffer.from(`--${boundary}--\r\n`));
        controller.close();
        return;
      }
      controller.enqueue(partHead(next.value, boundary));
      controller.enqueue(next.value.body);
      controller.enqueue(Buffer.from(CRLF));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
